package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.engine.QuarantineRelease;
import dev.backstop.store.QuarantineItem;
import dev.backstop.store.QuarantineQuery;
import dev.backstop.store.QuarantinedMessage;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backstop quarantine list|show|release|delete}: the messages Backstop kept back. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "List, show, release or delete quarantined messages.",
        subcommands = {QuarantineCommand.ListItems.class, QuarantineCommand.Show.class,
            QuarantineCommand.Release.class, QuarantineCommand.Delete.class})
final class QuarantineCommand {

    static String actor() {
        String user = System.getProperty("user.name", "unknown");
        return "cli:" + user;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List quarantined messages, newest first.")
    static final class ListItems implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Option(names = "--recipient", description = "only messages to this address")
        String recipient;
        @Option(names = "--sender", description = "only messages from this envelope sender")
        String sender;
        @Option(names = "--message-id", description = "only messages with this (original) Message-ID")
        String messageId;
        @Option(names = "--all", description = "also released and deleted ones (default: held only)")
        boolean all;
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            BackstopConfig c = config.load();
            try (Store store = SqliteStore.fromConfig(c, Clock.systemUTC())) {
                QuarantineQuery q = (all ? QuarantineQuery.all(limit) : QuarantineQuery.held(limit))
                        .withRecipient(recipient).withSender(sender).withMessageId(messageId);
                PrintWriter out = spec.commandLine().getOut();
                out.println("id\ttime\tstatus\tverdict\tsender\trecipients\tmessage_id\tsubject");
                for (QuarantineItem i : store.quarantine().list(q)) {
                    out.println(i.id() + "\t" + i.time() + "\t" + i.status().name().toLowerCase(Locale.ROOT) + "\t"
                            + i.verdict() + "\t<" + i.envelopeSender() + ">\t" + String.join(",", i.recipients())
                            + "\t" + nz(i.messageId()) + "\t" + TsvPrinter.clean(nz(i.subject())));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one message's index, evidence and headers.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Option(names = "--raw", description = "print the whole message as stored")
        boolean raw;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            try (Store store = SqliteStore.fromConfig(config.load(), Clock.systemUTC())) {
                Optional<QuarantinedMessage> m = store.quarantine().get(id);
                PrintWriter out = spec.commandLine().getOut();
                if (m.isEmpty()) {
                    spec.commandLine().getErr().println("backstop quarantine: no message " + id);
                    return 1;
                }
                QuarantineItem i = m.get().item();
                String text = new String(m.get().raw(), StandardCharsets.UTF_8);
                if (raw) {
                    out.print(text);
                    return 0;
                }
                out.printf("id: %d%ntime: %s%nstatus: %s%s%nverdict: %s%nsender: <%s>%nrecipients: %s%n"
                                + "message-id: %s%nsubject: %s%nsize: %d%nevidence: %s%n%n",
                        i.id(), i.time(), i.status().name().toLowerCase(Locale.ROOT),
                        i.releasedBy() == null ? "" : " by " + i.releasedBy() + " at " + i.releasedAt(),
                        i.verdict(), i.envelopeSender(), String.join(", ", i.recipients()), nz(i.messageId()),
                        nz(i.subject()), i.size(), i.evidence());
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) {
                    end = text.indexOf("\n\n");
                }
                out.println(end < 0 ? text : text.substring(0, end));
            }
            return 0;
        }
    }

    /** Release or delete: the same loop over ids, one line of result each. */
    abstract static class Act implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID", arity = "1..*")
        List<Long> ids;

        abstract QuarantineRelease.Result act(QuarantineRelease q, long id, String actor);

        abstract String done();

        @Override
        public Integer call() {
            BackstopConfig c = config.load();
            int failed = 0;
            try (Store store = SqliteStore.fromConfig(c, Clock.systemUTC())) {
                QuarantineRelease q = new QuarantineRelease(store, Wiring.sendmail(c));
                for (long id : ids) {
                    QuarantineRelease.Result r = act(q, id, actor());
                    if (r.ok()) {
                        spec.commandLine().getOut().println(done() + " " + id);
                    } else {
                        spec.commandLine().getErr().println("backstop quarantine: " + id + ": " + r.problem());
                        failed++;
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Re-inject held messages to their original recipients through the local MTA.")
    static final class Release extends Act {
        @Override
        QuarantineRelease.Result act(QuarantineRelease q, long id, String actor) {
            return q.release(id, actor);
        }

        @Override
        String done() {
            return "released";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete held messages for good.")
    static final class Delete extends Act {
        @Override
        QuarantineRelease.Result act(QuarantineRelease q, long id, String actor) {
            return q.delete(id, actor);
        }

        @Override
        String done() {
            return "deleted";
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
