package dev.backstop.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Header blocks signed by Debian's opendkim (see dkim/make-fixtures.sh), verified by our code: an independent
 * signer, so a shared misreading of RFC 6376 cannot make these pass.
 */
class DkimHeaderVerifierTest {
    private static final PublicKey RSA = DkimHeaderVerifier.parseKey(resource("sel1.txt"));
    private static final PublicKey ED25519 = DkimHeaderVerifier.parseKey(resource("ed25519.pub"));
    private static final DkimHeaderVerifier OURS = verifier(RSA);

    private static DkimHeaderVerifier verifier(PublicKey key) {
        return new DkimHeaderVerifier(List.of(new DkimHeaderVerifier.Key("example.com", "sel1", key)));
    }

    private static String resource(String name) {
        try (InputStream in = DkimHeaderVerifierTest.class.getResourceAsStream("dkim/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    private static DkimHeaderVerifier verifierFor(String fixture) {
        return fixture.startsWith("ed25519") ? verifier(ED25519) : OURS;
    }

    private static final String[] ALL = {"rsa-sha256-relaxed", "rsa-sha256-simple", "rsa-sha1-relaxed-simple", "ed25519-relaxed"};

    @ParameterizedTest
    @ValueSource(strings = {"rsa-sha256-relaxed", "rsa-sha256-simple", "rsa-sha1-relaxed-simple", "ed25519-relaxed"})
    void opendkimSignaturesVerify(String fixture) {
        String headers = resource(fixture + ".headers");
        DkimResult r = verifierFor(fixture).verify(headers);
        assertThat(r.status()).as(r.toString()).isEqualTo(DkimResult.Status.VERIFIED);
        assertThat(r.domain()).isEqualTo("example.com");
        assertThat(r.selector()).isEqualTo("sel1");
        assertThat(r.signature()).isNotEmpty().doesNotContain(" ", "\t", "\n")
                .isEqualTo(DkimHeaderVerifier.signatureOf(headers, "example.com"));
        // CRLF line ends, as on the wire, and a quoted body after the blank line change nothing
        assertThat(verifierFor(fixture).verify(headers.replace("\n", "\r\n")).status()).isEqualTo(DkimResult.Status.VERIFIED);
        assertThat(verifierFor(fixture).verify(headers + "\nHello Bob,\nchanged body\n").status()).isEqualTo(DkimResult.Status.VERIFIED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-sha256-relaxed", "rsa-sha256-simple", "rsa-sha1-relaxed-simple", "ed25519-relaxed"})
    void tamperingWithASignedHeaderFails(String fixture) {
        String headers = resource(fixture + ".headers");
        for (String[] edit : new String[][] {
                {"Subject: The quarterly", "Subject: The yearly"},
                {"From: Alice Example <alice@example.com>", "From: Alice Example <mallory@example.com>"},
                {"Message-ID: <20261126", "Message-ID: <20261127"},
                {"Date: Thu, 26 Nov 2026 10:00:00", "Date: Thu, 26 Nov 2026 10:00:01"},
                {"c=", "c= "}, /* the signature header itself is signed, even under relaxed */
                {"s=sel1;", "s=sel1; x=1;"}}) {
            assertThat(headers).contains(edit[0]);
            DkimResult r = verifierFor(fixture).verify(headers.replace(edit[0], edit[1]));
            assertThat(r.status()).as(edit[1]).isEqualTo(DkimResult.Status.FAILED);
        }
        // a run of spaces inside the signature header is one space under relaxed, a change under simple
        DkimResult spaced = verifierFor(fixture).verify(headers.replaceFirst("; d=", ";   d="));
        assertThat(spaced.status()).isEqualTo(fixture.startsWith("rsa-sha256-simple")
                ? DkimResult.Status.FAILED : DkimResult.Status.VERIFIED);
    }

    @Test
    void aSecondFromIsCaughtByTheOversignedFrom() {
        String headers = resource("rsa-sha256-relaxed.headers");
        assertThat(OURS.verify(headers + "From: Mallory <mallory@example.org>\n").status()).isEqualTo(DkimResult.Status.FAILED);
        assertThat(OURS.verify(headers.replace("To: Bob", "From: Mallory <m@example.org>\nTo: Bob")).status())
                .isEqualTo(DkimResult.Status.FAILED);
    }

    @Test
    void unsignedHeadersMayChange() {
        for (String fixture : ALL) {
            String headers = resource(fixture + ".headers")
                    .replace("by relay.example.com", "by other.example.net")
                    .replace("charset=utf-8", "charset=latin1")
                    + "X-Added-By-The-Bounce: yes\n";
            assertThat(verifierFor(fixture).verify(headers).status()).as(fixture).isEqualTo(DkimResult.Status.VERIFIED);
        }
    }

    @Test
    void refoldingAndCaseChangesPassRelaxedAndFailSimple() {
        for (String fixture : ALL) {
            String headers = resource(fixture + ".headers")
                    .replace("To: Bob <bob@example.net>,\n    Carol", "To:   Bob <bob@example.net>, Carol")
                    .replace("Subject: The quarterly   report,\n\t folded", "SUBJECT: The quarterly report,\n  folded")
                    .replace("MIME-Version: 1.0", "MIME-Version: 1.0 \t");
            boolean relaxedHeaders = !fixture.contains("simple") || fixture.contains("relaxed-simple");
            assertThat(verifierFor(fixture).verify(headers).status()).as(fixture)
                    .isEqualTo(relaxedHeaders ? DkimResult.Status.VERIFIED : DkimResult.Status.FAILED);
        }
    }

    @Test
    void foreignAbsentAndUnknownSelector() {
        String headers = resource("rsa-sha256-relaxed.headers");
        DkimHeaderVerifier other = new DkimHeaderVerifier(List.of(new DkimHeaderVerifier.Key("other.example", "sel1", RSA)));
        assertThat(other.verify(headers).status()).isEqualTo(DkimResult.Status.NOT_OURS);
        assertThat(DkimHeaderVerifier.signatureOf(headers, "other.example")).isEmpty();
        assertThat(OURS.verify(headers.substring(headers.indexOf("Received:"))).status()).isEqualTo(DkimResult.Status.NO_SIGNATURE);
        assertThat(OURS.verify("").status()).isEqualTo(DkimResult.Status.NO_SIGNATURE);
        DkimHeaderVerifier rotated = new DkimHeaderVerifier(List.of(new DkimHeaderVerifier.Key("EXAMPLE.COM.", "sel2", RSA)));
        DkimResult r = rotated.verify(headers);
        assertThat(r.status()).isEqualTo(DkimResult.Status.FAILED);
        assertThat(r.reason()).contains("sel1");
        assertThat(r.signature()).isNotEmpty();
    }

    @Test
    void theWrongKeyFails() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertThat(verifier(g.generateKeyPair().getPublic()).verify(resource("rsa-sha256-relaxed.headers")).status())
                .isEqualTo(DkimResult.Status.FAILED);
        DkimResult r = verifier(ED25519).verify(resource("rsa-sha256-relaxed.headers"));
        assertThat(r.status()).isEqualTo(DkimResult.Status.FAILED);
        assertThat(r.reason()).contains("key is");
    }

    @Test
    void brokenSignaturesAreMalformed() {
        String headers = resource("rsa-sha256-relaxed.headers");
        assertThat(OURS.verify(headers.replaceFirst("bh=[^;]*;", "")).status()).isEqualTo(DkimResult.Status.MALFORMED);
        assertThat(OURS.verify(headers.replace("v=1;", "v=2;")).status()).isEqualTo(DkimResult.Status.MALFORMED);
        assertThat(OURS.verify(headers.replace("a=rsa-sha256", "a=rsa-md5")).status()).isEqualTo(DkimResult.Status.MALFORMED);
        assertThat(OURS.verify(headers.replace("h=From:", "h=")
                .replace("MIME-Version:From;", "MIME-Version;")).status()).isEqualTo(DkimResult.Status.MALFORMED);
        assertThat(OURS.verify(headers.replace("s=sel1;", "s=sel1; i=alice@example.org;")).reason()).contains("i=");
        assertThat(OURS.verify(headers.replace("b=", "b=!!!")).status()).isEqualTo(DkimResult.Status.MALFORMED);
        assertThat(OURS.verify("DKIM-Signature: garbage without tags\nFrom: a@b\n").status()).isEqualTo(DkimResult.Status.MALFORMED);
    }

    @Test
    void aFailingForeignSignatureDoesNotHideOurs() {
        String headers = resource("rsa-sha256-relaxed.headers");
        String foreign = "DKIM-Signature: v=1; a=rsa-sha256; d=relay.example.net; s=x; h=from; bh=AAAA; b=AAAA\n";
        assertThat(OURS.verify(foreign + headers).status()).isEqualTo(DkimResult.Status.VERIFIED);
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(42);
        String alphabet = "DKIM-Signature:; =abhdsv\r\n\t From:x@y.example1";
        for (int i = 0; i < 500; i++) {
            char[] c = new char[random.nextInt(400)];
            for (int j = 0; j < c.length; j++) {
                c[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertThat(OURS.verify(new String(c))).isNotNull();
        }
        assertThat(OURS.verify(new byte[DkimHeaderVerifier.MAX_HEADER_BYTES + 1]).status()).isEqualTo(DkimResult.Status.MALFORMED);
        assertThat(OURS.verify("X: y\n".repeat(DkimHeaderVerifier.MAX_HEADERS + 5)).status()).isEqualTo(DkimResult.Status.MALFORMED);
    }

    @Test
    void keysFromEveryConfigForm() {
        String p = resource("sel1.txt").replaceAll("(?s).*p=", "").replaceAll("(?s)\".*", "")
                + resource("sel1.txt").replaceAll("(?s).*p=[^\"]*\"\\s*\"", "").replaceAll("(?s)\".*", "");
        assertThat(DkimHeaderVerifier.parseKey(p)).isEqualTo(RSA);
        assertThat(DkimHeaderVerifier.parseKey("v=DKIM1; k=rsa; p=" + p)).isEqualTo(RSA);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(RSA.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertThat(DkimHeaderVerifier.parseKey(pem)).isEqualTo(RSA);
        byte[] spki = ED25519.getEncoded();
        String raw = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        assertThat(DkimHeaderVerifier.parseKey("v=DKIM1; k=ed25519; p=" + raw)).isEqualTo(ED25519);
        assertThatThrownBy(() -> DkimHeaderVerifier.parseKey("v=DKIM1; k=rsa; p=")).hasMessageContaining("revoked");
        assertThatThrownBy(() -> DkimHeaderVerifier.parseKey("not a key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DkimHeaderVerifier.parseKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .hasMessageContaining("CERTIFICATE");
    }
}
