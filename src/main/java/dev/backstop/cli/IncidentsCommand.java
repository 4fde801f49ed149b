package dev.backstop.cli;

import dev.backstop.incident.Incident;
import dev.backstop.engine.IncidentActions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backstop incidents list|show|purge|release|unfreeze}: runaway sources Backstop contained. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = "List and act on incidents: purge or release their held mail, unfreeze their source.",
        subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.Show.class, IncidentsCommand.Purge.class,
            IncidentsCommand.Release.class, IncidentsCommand.Unfreeze.class})
final class IncidentsCommand {

    abstract static class OneIncident extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Override
        int run(AdminContext a, PrintWriter out, PrintWriter err) {
            Optional<Incident> i = a.containment.incident(id);
            if (i.isEmpty()) {
                err.println("backstop incidents: no incident " + id);
                return 1;
            }
            return run(a, i.get(), out, err);
        }

        abstract int run(AdminContext a, Incident i, PrintWriter out, PrintWriter err);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Open incidents (--all: resolved ones too).")
    static final class ListIncidents extends AdminCommand {
        @Option(names = "--all", description = "also resolved incidents")
        boolean all;

        @Override
        int run(AdminContext a, PrintWriter out, PrintWriter err) {
            out.println("id\tstate\topened\tlast\tmessages\theld\tsource\treason");
            for (Incident i : a.containment.incidents(!all)) {
                out.println(i.id() + "\t" + (i.open() ? "open" : "resolved") + "\t" + i.opened() + "\t" + i.last()
                        + "\t" + i.messages() + "\t" + i.held() + "\t" + i.source() + "\t" + TsvPrinter.clean(i.reason()));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One incident: counts, domains, subject, sample.")
    static final class Show extends OneIncident {
        @Override
        int run(AdminContext a, Incident i, PrintWriter out, PrintWriter err) {
            out.printf("incident %d (%s)%nsource: %s%nreason: %s%nopened: %s%nlast: %s%nmessages: %d (held %d, "
                            + "recipients %d; %d when it opened)%ntop recipient domains: %s%nsubject: %s%n",
                    i.id(), i.open() ? "open" : "resolved by " + i.resolvedBy() + " at " + i.resolved(), i.source(),
                    i.reason(), i.opened(), i.last(), i.messages(), i.held(), i.recipients(), i.initialCount(),
                    i.topDomains(), i.subject());
            out.printf("held queue ids: %d still held%nsample headers:%n%s%n", a.containment.heldQueueIds(i.id()).size(),
                    i.sample());
            return 0;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Delete the incident's held mail from the MTA's queue (postsuper -d).")
    static final class Purge extends OneIncident {
        @Override
        int run(AdminContext a, Incident i, PrintWriter out, PrintWriter err) {
            return print(new IncidentActions(a.containment, a.queue).purge(i.id(), AdminContext.actor()), out, err);
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Send the incident's held mail on (postsuper -H): all of it, or the queue ids given.")
    static final class Release extends OneIncident {
        @Parameters(index = "1..*", paramLabel = "QUEUE_ID", description = "only these held messages")
        List<String> only;

        @Override
        int run(AdminContext a, Incident i, PrintWriter out, PrintWriter err) {
            return print(new IncidentActions(a.containment, a.queue).release(i.id(), only, AdminContext.actor()), out, err);
        }
    }

    @Command(name = "unfreeze", mixinStandardHelpOptions = true,
            description = "Resolve the incident and let its source send again (its held mail stays held).")
    static final class Unfreeze extends OneIncident {
        @Override
        int run(AdminContext a, Incident i, PrintWriter out, PrintWriter err) {
            return print(new IncidentActions(a.containment, a.queue).unfreeze(i.id(), AdminContext.actor()), out, err);
        }
    }

    private static int print(IncidentActions.Outcome o, PrintWriter out, PrintWriter err) {
        if (o.ok()) {
            out.println(o.message());
            return 0;
        }
        err.println("backstop incidents: " + o.message());
        return 1;
    }
}
