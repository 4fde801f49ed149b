package dev.backstop.mta;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an MTA tool from an argument list (never a shell), feeding optional stdin, with a timeout. Output goes to
 * temporary files rather than pipes: a tool that leaves a child holding the descriptor cannot make us wait, and
 * a huge listing is read back in bounded pieces by the caller.
 */
interface ToolRunner {

    /** Stdout as a file the caller reads and deletes; stderr cut to 16 KiB. */
    record Output(int exitCode, Path stdout, String stderr) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(stdout);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }

        String stdoutText(int max) throws IOException {
            try (InputStream in = Files.newInputStream(stdout)) {
                return new String(in.readNBytes(max), StandardCharsets.UTF_8);
            }
        }
    }

    /** @throws IOException when the tool cannot be started or is killed after {@code timeout} */
    Output run(List<String> argv, byte[] stdin, Duration timeout) throws IOException;

    ToolRunner PROCESS = (argv, stdin, timeout) -> {
        Path out = Files.createTempFile("backstop-mta-", ".out");
        Path err = Files.createTempFile("backstop-mta-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException e) {
                    // the tool exited early; its exit code and stderr say why
                }
            }
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv.get(0));
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " timed out after " + timeout.toMillis() + " ms");
            }
            String stderr;
            try (InputStream in = Files.newInputStream(err)) {
                stderr = new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8).strip();
            }
            return new Output(p.exitValue(), out, stderr);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            Files.deleteIfExists(err);
        }
    };
}
