package dev.backstop.bounce;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Generates the hostile messages the reader must survive. Deterministic (fixed seeds). */
final class HostileInputs {
    private HostileInputs() {}

    static Map<String, java.util.function.Supplier<byte[]>> all() {
        Map<String, java.util.function.Supplier<byte[]>> m = new LinkedHashMap<>();
        m.put("random bytes", () -> randomBytes(1 << 20, 42));
        m.put("truncated MIME", HostileInputs::truncatedMime);
        m.put("1 MB header line", HostileInputs::megabyteHeaderLine);
        m.put("10,000 parts deep", () -> deepNesting(10_000));
        m.put("50 MB message", () -> bigMessage(50 << 20));
        m.put("broken charsets and base64", HostileInputs::brokenCharsetsAndBase64);
        return m;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] truncatedMime() {
        String s = "From: MAILER-DAEMON@example.org\r\nTo: a@example.net\r\nSubject: Undelivered Mail\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\r\n\r\n"
                + "--B1\r\nContent-Type: text/plain\r\n\r\nThe mail system\r\n\r\n<x@example.com>: host said: 550 5.1.1 no\r\n"
                + "--B1\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; x@exam";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] megabyteHeaderLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 21);
        out.writeBytes("From: MAILER-DAEMON@example.org\r\nX-Long: ".getBytes(StandardCharsets.US_ASCII));
        byte[] a = new byte[1 << 20];
        Arrays.fill(a, (byte) 'a');
        out.writeBytes(a);
        out.writeBytes("\r\nSubject: Undelivered\r\n\r\n<x@example.com>: 550 5.1.1 user unknown\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] deepNesting(int depth) {
        StringBuilder sb = new StringBuilder(depth * 80);
        sb.append("From: MAILER-DAEMON@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < depth; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            sb.append("--b").append(i).append("--\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bigMessage(int size) {
        byte[] head = ("From: MAILER-DAEMON@example.org\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Content-Type: text/plain\r\n\r\n<x@example.com>: host said: 552 5.2.2 mailbox full\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[size];
        System.arraycopy(head, 0, b, 0, head.length);
        byte[] line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = head.length; i < size; i++) {
            b[i] = line[(i - head.length) % line.length];
        }
        return b;
    }

    static byte[] brokenCharsetsAndBase64() {
        String s = "From: =?x-no-such-charset?B?!!!?= <MAILER-DAEMON@example.org>\r\n"
                + "Subject: =?utf-8?Q?Undeliver=ZZed?= =?iso-2022-jp?B?GyRCJUYlOSVIGyhC?=\r\n"
                + "Content-Type: multipart/mixed; boundary=\"X\"\r\n\r\n"
                + "--X\r\nContent-Type: text/plain; charset=\"no/such\\charset\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "PHhAZXhhbXBsZS5jb20+OiA1NTAgNS4xLjEgdXNlciB1bmtub3du!!!@@@###\r\n=====\r\nAAAA*\r\n"
                + "--X\r\nContent-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "=FF=FE=00=D8=00=DC=ZZ=\r\n=0\r\n"
                + "--X\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n\u001b$B\u001b(\u00ff\u00fe\r\n"
                + "--X\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%not base64%%%%\r\n";
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
