package dev.backstop.cli;

import dev.backstop.batv.Batv;
import dev.backstop.batv.BatvOutcome;
import dev.backstop.config.BackstopConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backstop batv sign|verify ADDRESS}: what the daemon would do with an address, for admins. */
@Command(name = "batv", mixinStandardHelpOptions = true, description = "Sign or verify a BATV (prvs=) address.",
        subcommands = {BatvCommand.Sign.class, BatvCommand.Verify.class})
final class BatvCommand {

    static Batv batv(ConfigOption config) {
        BackstopConfig c = config.load();
        return Batv.fromConfig(c.batv(), Clock.systemUTC());
    }

    /** What both subcommands take: the configuration and one address. */
    abstract static class OneAddress implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ADDRESS")
        String address;
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Print ADDRESS as it leaves: tagged when its domain is in batv.domains.")
    static final class Sign extends OneAddress {
        @Override
        public Integer call() {
            Batv batv = batv(config);
            String signed = batv.sign(address);
            spec.commandLine().getOut().println(signed);
            if (signed.equals(address)) {
                spec.commandLine().getErr().println("backstop batv: not signed: "
                        + (batv.enabled() ? "the domain is not in batv.domains" : "batv is disabled"));
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the BATV tag of ADDRESS: exit 0 when valid, 1 otherwise.")
    static final class Verify extends OneAddress {
        @Override
        public Integer call() {
            BatvOutcome o = batv(config).verify(address);
            spec.commandLine().getOut().println(o.status().name().toLowerCase(java.util.Locale.ROOT) + "\t"
                    + o.address() + (o.detail() == null || o.detail().isEmpty() ? "" : "\t" + o.detail()));
            return o.valid() ? 0 : 1;
        }
    }
}
