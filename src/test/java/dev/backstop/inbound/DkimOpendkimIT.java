package dev.backstop.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A fresh key from opendkim-genkey, messages signed by the real opendkim (test mode, -t), verified by our code.
 * The key is read the ways an admin would configure it: opendkim's .private file (public half derived), its
 * .txt DNS record, and a PKCS#1 conversion. Skipped where opendkim is not installed (Debian: opendkim,
 * opendkim-tools); DkimHeaderVerifierTest covers the same ground from committed fixtures.
 */
class DkimOpendkimIT {
    @TempDir
    static Path dir;
    private static Path work;

    private static String run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
        return text;
    }

    private static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/usr/bin", tool));
    }

    @BeforeAll
    static void genkey() throws Exception {
        assumeTrue(installed("opendkim") && installed("opendkim-genkey") && installed("openssl"),
                "opendkim, opendkim-tools and openssl are needed");
        work = Files.createDirectory(dir.resolve("k"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        run(work, "opendkim-genkey", "-b", "2048", "-d", "ours.example", "-s", "mail2026");
        run(work, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
        Files.writeString(work.resolve("ed.pub"), run(work, "openssl", "pkey", "-in", "ed.pem", "-pubout"));
        Files.writeString(work.resolve("message"), String.join("\r\n",
                "Received: by web1.ours.example (Postfix, from userid 33) id 4ZZ; Thu, 26 Nov 2026 10:00:00 +0000",
                "From: Shop <shop@ours.example>",
                "To: customer@example.net",
                "Subject: Your order   #4711",
                "\t has shipped",
                "Date: Thu, 26 Nov 2026 10:00:00 +0000",
                "Message-ID: <order-4711@ours.example>",
                "",
                "Body text.",
                ""));
    }

    private static String sign(String algorithm, String canonicalization, String keyFile) throws Exception {
        Files.writeString(work.resolve("conf"), String.join("\n",
                "Mode s", "Domain ours.example", "Selector mail2026", "KeyFile " + work.resolve(keyFile),
                "Canonicalization " + canonicalization, "SignatureAlgorithm " + algorithm,
                "SignHeaders From,To,Subject,Date,Message-ID", "OversignHeaders From", "Syslog no", "RequireSafeKeys no", ""));
        String out = run(work, "opendkim", "-x", "conf", "-t", "message");
        int start = out.indexOf("DKIM-Signature:");
        assertThat(start).as(out).isNotNegative();
        String signature = out.substring(start).stripTrailing();
        String message = Files.readString(work.resolve("message"));
        // the quoted header block: signature on top, headers, no body; CRLF as in a text/rfc822-headers part
        return signature.replace("\n", "\r\n") + "\r\n" + message.substring(0, message.indexOf("\r\n\r\n") + 2);
    }

    @ParameterizedTest
    @CsvSource({"rsa-sha256, relaxed/relaxed", "rsa-sha256, simple/simple", "rsa-sha256, relaxed/simple", "rsa-sha1, relaxed/relaxed"})
    void rsaSignaturesOfOpendkimVerify(String algorithm, String canonicalization) throws Exception {
        String headers = sign(algorithm, canonicalization, "mail2026.private");
        for (PublicKey key : List.of(
                DkimHeaderVerifier.parseKey(Files.readString(work.resolve("mail2026.private"))),
                DkimHeaderVerifier.parseKey(Files.readString(work.resolve("mail2026.txt"))))) {
            DkimHeaderVerifier verifier = new DkimHeaderVerifier(List.of(new DkimHeaderVerifier.Key("ours.example", "mail2026", key)));
            DkimResult r = verifier.verify(headers);
            assertThat(r.status()).as(r.toString()).isEqualTo(DkimResult.Status.VERIFIED);
            assertThat(verifier.verify(headers.replace("#4711", "#4712")).status()).isEqualTo(DkimResult.Status.FAILED);
            // LF-only quoting, as many bounces store it
            assertThat(verifier.verify(headers.replace("\r\n", "\n")).status()).isEqualTo(DkimResult.Status.VERIFIED);
        }
    }

    @Test
    void ed25519SignatureOfOpendkimVerifies() throws Exception {
        String headers = sign("ed25519-sha256", "relaxed/relaxed", "ed.pem");
        PublicKey key = DkimHeaderVerifier.parseKey(Files.readString(work.resolve("ed.pub")));
        DkimHeaderVerifier verifier = new DkimHeaderVerifier(List.of(new DkimHeaderVerifier.Key("ours.example", "mail2026", key)));
        assertThat(verifier.verify(headers).status()).isEqualTo(DkimResult.Status.VERIFIED);
        assertThat(verifier.verify(headers.replace("customer@", "victim@")).status()).isEqualTo(DkimResult.Status.FAILED);
    }

    @Test
    void pkcs1PrivateKeyGivesTheSamePublicKey() throws Exception {
        run(work, "openssl", "rsa", "-in", "mail2026.private", "-traditional", "-out", "pkcs1.pem");
        String pkcs1 = Files.readString(work.resolve("pkcs1.pem"));
        assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
        assertThat(DkimHeaderVerifier.parseKey(pkcs1))
                .isEqualTo(DkimHeaderVerifier.parseKey(Files.readString(work.resolve("mail2026.txt"))));
    }
}
