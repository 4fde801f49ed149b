package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.store.SqliteStore;
import dev.backstop.store.Store;
import dev.backstop.web.AdminPassword;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code backstop passwd}: sets the dashboard's admin password. Asks twice on a terminal; otherwise reads one
 * line from standard input (for scripts: {@code printf '%s\n' "$PW" | backstop passwd}). Never takes the password
 * as an argument, where {@code ps} would show it.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Set the dashboard's admin password (read from the terminal, or one line from standard input).")
final class PasswdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConfigOption config;

    /** Standard input, replaceable by tests. */
    InputStream stdin = System.in;
    /** The terminal, or null when there is none (tests, pipes). */
    Console console = System.console();

    @Override
    public Integer call() throws IOException {
        BackstopConfig c = config.load();
        char[] password;
        if (console != null) {
            password = console.readPassword("New admin password: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                spec.commandLine().getErr().println("backstop passwd: the passwords differ; nothing changed");
                return 1;
            }
            Arrays.fill(again, '\0');
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                spec.commandLine().getErr().println("backstop passwd: no password on standard input; nothing changed");
                return 1;
            }
            password = line.toCharArray();
        }
        AdminPassword file = AdminPassword.inDataDir(c.dataDir());
        try {
            file.set(password);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("backstop passwd: " + e.getMessage() + "; nothing changed");
            return 1;
        }
        try (Store store = SqliteStore.fromConfig(c, Clock.systemUTC())) {
            store.audit().record(QuarantineCommand.actor(), "passwd", file.file().toString());
        }
        spec.commandLine().getOut().println("admin password set in " + file.file()
                + " (takes effect at the next login, no restart needed)");
        return 0;
    }
}
