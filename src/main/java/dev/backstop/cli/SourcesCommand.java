package dev.backstop.cli;

import dev.backstop.outbound.Source;
import dev.backstop.outbound.SourceStats;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code backstop sources list|freeze|unfreeze|allow}: who sends our mail, and which of them may. */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = "List sources of outgoing mail; freeze, unfreeze or allow one (SOURCE is 'KIND NAME', quoted).",
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.Freeze.class, SourcesCommand.Unfreeze.class,
            SourcesCommand.Allow.class})
final class SourcesCommand {

    abstract static class OneSource extends AdminCommand {
        @Parameters(paramLabel = "SOURCE", description = "e.g. 'script 33:/var/www/shop/contact.php'")
        String source;

        Source parsed() {
            try {
                return Source.parse(source);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Frozen and allow-listed sources (live counts are in the daemon's dashboard and API).")
    static final class ListSources extends AdminCommand {
        @Override
        int run(AdminContext a, PrintWriter out, PrintWriter err) {
            out.println("source\tfrozen\tallowed\tmessages_1h\tbounced_1h\tlast_seen");
            for (SourceStats s : a.containment.sources()) {
                out.println(s.source() + "\t" + (s.frozen() ? "yes" : "no") + "\t" + (s.allowed() ? "yes" : "no")
                        + "\t" + s.messages1h() + "\t" + s.bounced1h() + "\t" + s.lastSeen());
            }
            return 0;
        }
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true, description = "Hold all new mail of SOURCE (opens an incident).")
    static final class Freeze extends OneSource {
        @Override
        int run(AdminContext a, PrintWriter out, PrintWriter err) {
            out.println("frozen: incident " + a.containment.freeze(parsed(), AdminContext.actor()).id());
            return 0;
        }
    }

    @Command(name = "unfreeze", mixinStandardHelpOptions = true, description = "Let SOURCE send again.")
    static final class Unfreeze extends OneSource {
        @Override
        int run(AdminContext a, PrintWriter out, PrintWriter err) {
            a.containment.unfreeze(parsed(), AdminContext.actor());
            out.println("unfrozen: " + parsed());
            return 0;
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true,
            description = "Never contain SOURCE (a newsletter script, say).")
    static final class Allow extends OneSource {
        @Override
        int run(AdminContext a, PrintWriter out, PrintWriter err) {
            a.containment.allow(parsed(), AdminContext.actor());
            out.println("allowed: " + parsed());
            return 0;
        }
    }
}
