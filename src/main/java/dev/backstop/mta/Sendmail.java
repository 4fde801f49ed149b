package dev.backstop.mta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hands a message to the local MTA through its {@code sendmail} command, as an argument list (never a shell
 * line), after checking every address. Used to release quarantined mail to its original recipients.
 *
 * @param command   the sendmail program, e.g. {@code /usr/sbin/sendmail}
 * @param configDir the MTA's configuration directory ({@code -C DIR}), or null for the default instance
 * @param timeout   how long the command may take before it is killed and the release reported as failed
 */
public record Sendmail(Path command, Path configDir, Duration timeout) implements MailSubmitter {

    /** Thrown when the message could not be handed over; the caller keeps it where it was. */
    public static final class SendmailException extends Exception {
        private static final long serialVersionUID = 1L;

        public SendmailException(String message) {
            super(message);
        }
    }

    /**
     * Submits {@code raw} from {@code sender} (empty for the null sender) to {@code recipients}.
     *
     * @throws SendmailException when an address is unsafe, or the command fails or times out
     */
    @Override
    public void submit(byte[] raw, String sender, List<String> recipients) throws SendmailException {
        if (recipients.isEmpty()) {
            throw new SendmailException("no recipients");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command.toString());
        if (configDir != null) {
            cmd.add("-C");
            cmd.add(configDir.toString());
        }
        // -i: a line with a single dot does not end the message; -f: envelope sender; -- ends the options
        cmd.add("-i");
        cmd.add("-f");
        cmd.add(sender.isEmpty() ? "<>" : checked(sender));
        cmd.add("--");
        for (String r : recipients) {
            cmd.add(checked(r));
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new SendmailException("cannot run " + command + ": " + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(raw);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new SendmailException(command + " did not take the message: " + e.getMessage());
        }
        try (InputStream out = p.getInputStream()) {
            byte[] said = out.readNBytes(4096);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SendmailException(command + " timed out after " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new SendmailException(command + " exited " + p.exitValue() + ": "
                        + new String(said, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new SendmailException(command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SendmailException("interrupted");
        }
    }

    /** An address goes on a command line only if it cannot be read as an option or carry control characters. */
    static String checked(String address) throws SendmailException {
        if (address.isEmpty() || address.length() > 320 || address.charAt(0) == '-') {
            throw new SendmailException("refusing unsafe address '" + printable(address) + "'");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                throw new SendmailException("refusing unsafe address '" + printable(address) + "'");
            }
        }
        return address;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
