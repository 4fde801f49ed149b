package dev.backstop.cli;

import dev.backstop.outbound.Source;
import dev.backstop.outbound.SourceStats;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backstop sources list|freeze|unfreeze|allow}: who sends our mail, and which of them may. */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = "List sources of outgoing mail; freeze, unfreeze or allow one (SOURCE is 'KIND NAME', quoted).",
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.Freeze.class, SourcesCommand.Unfreeze.class,
            SourcesCommand.Allow.class})
final class SourcesCommand {

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            try (AdminContext a = new AdminContext(config.load())) {
                return run(a, spec.commandLine().getOut());
            }
        }

        abstract int run(AdminContext a, PrintWriter out);
    }

    abstract static class OneSource extends Base {
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
    static final class ListSources extends Base {
        @Override
        int run(AdminContext a, PrintWriter out) {
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
        int run(AdminContext a, PrintWriter out) {
            out.println("frozen: incident " + a.containment.freeze(parsed(), AdminContext.actor()).id());
            return 0;
        }
    }

    @Command(name = "unfreeze", mixinStandardHelpOptions = true, description = "Let SOURCE send again.")
    static final class Unfreeze extends OneSource {
        @Override
        int run(AdminContext a, PrintWriter out) {
            a.containment.unfreeze(parsed(), AdminContext.actor());
            out.println("unfrozen: " + parsed());
            return 0;
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true,
            description = "Never contain SOURCE (a newsletter script, say).")
    static final class Allow extends OneSource {
        @Override
        int run(AdminContext a, PrintWriter out) {
            a.containment.allow(parsed(), AdminContext.actor());
            out.println("allowed: " + parsed());
            return 0;
        }
    }
}
