package dev.backstop.inbound;

import dev.backstop.dns.DnsNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a DKIM-Signature of our own domain over the header block a bounce quotes (RFC 6376 header hash only).
 * The body is rarely quoted, and need not be: the signed {@code bh=} commits to the body, so a valid header
 * signature still proves that we signed this very message. Algorithms rsa-sha256, rsa-sha1 and ed25519-sha256
 * (RFC 8463); header canonicalization simple and relaxed. Expiry (x=) is ignored on purpose: bounces arrive
 * days late, and the question is "did we sign it", not "is it fresh".
 *
 * <p>Never throws on the header block: anything odd ends in {@link DkimResult.Status#MALFORMED}.
 */
public final class DkimHeaderVerifier {
    public static final int MAX_HEADER_BYTES = 512 * 1024;
    public static final int MAX_HEADERS = 1000;
    public static final int MAX_SIGNATURES = 16;

    /** Ed25519 SubjectPublicKeyInfo prefix for a raw 32-byte key (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One of our keys: the signing domain, the selector and the public key (RSA or Ed25519). */
    public record Key(String domain, String selector, PublicKey publicKey) {
        public Key {
            domain = DnsNames.normalize(Objects.requireNonNull(domain, "domain").trim());
            selector = Objects.requireNonNull(selector, "selector").trim().toLowerCase(Locale.ROOT);
            Objects.requireNonNull(publicKey, "publicKey");
            if (domain.isEmpty() || selector.isEmpty()) {
                throw new IllegalArgumentException("dkim key needs a domain and a selector");
            }
        }
    }

    private final List<Key> keys;

    public DkimHeaderVerifier(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The header block as text; encoded as UTF-8 (what an SMTPUTF8 message carried) before hashing. */
    public DkimResult verify(String rawHeaders) {
        return verify(rawHeaders == null ? new byte[0] : rawHeaders.getBytes(StandardCharsets.UTF_8));
    }

    /** The header block as it stood in the bounce, up to (and without needing) the blank line before the body. */
    public DkimResult verify(byte[] rawHeaders) {
        if (rawHeaders.length > MAX_HEADER_BYTES) {
            return new DkimResult(DkimResult.Status.MALFORMED, "header block larger than " + MAX_HEADER_BYTES + " bytes", "", "", "");
        }
        try {
            return verifyHeaders(headers(new String(rawHeaders, StandardCharsets.ISO_8859_1)));
        } catch (RuntimeException e) {
            return new DkimResult(DkimResult.Status.MALFORMED, "unreadable: " + e.getClass().getSimpleName(), "", "", "");
        }
    }

    /** The b= value of the first signature by {@code domain} in a header block, or empty (for the ledger). */
    public static String signatureOf(String rawHeaders, String domain) {
        String d = DnsNames.normalize(domain);
        for (String h : headers(rawHeaders == null ? "" : rawHeaders)) {
            if (isSignature(h)) {
                Map<String, String> tags = tags(valueOf(h));
                if (tags != null && d.equals(DnsNames.normalize(tags.getOrDefault("d", "")))) {
                    return stripWhitespace(tags.getOrDefault("b", ""));
                }
            }
        }
        return "";
    }

    private DkimResult verifyHeaders(List<String> headers) {
        if (headers.size() > MAX_HEADERS) {
            return new DkimResult(DkimResult.Status.MALFORMED, "more than " + MAX_HEADERS + " header fields", "", "", "");
        }
        DkimResult failed = null;
        DkimResult malformedOurs = null;
        DkimResult malformedOther = null;
        boolean foreign = false;
        int seen = 0;
        for (String header : headers) {
            if (!isSignature(header) || ++seen > MAX_SIGNATURES) {
                continue;
            }
            Map<String, String> tags = tags(valueOf(header));
            String d = tags == null ? "" : DnsNames.normalize(tags.getOrDefault("d", "").trim());
            if (keys.stream().noneMatch(k -> k.domain().equals(d))) {
                if (tags == null || d.isEmpty()) {
                    malformedOther = new DkimResult(DkimResult.Status.MALFORMED, "unreadable DKIM-Signature tags", "", "", "");
                } else {
                    foreign = true;
                }
                continue;
            }
            DkimResult r = verifyOne(headers, header, tags, d);
            if (r.status() == DkimResult.Status.VERIFIED) {
                return r;
            } else if (r.status() == DkimResult.Status.FAILED && failed == null) {
                failed = r;
            } else if (r.status() == DkimResult.Status.MALFORMED && malformedOurs == null) {
                malformedOurs = r;
            }
        }
        if (failed != null) {
            return failed;
        }
        if (malformedOurs != null) {
            return malformedOurs;
        }
        if (foreign) {
            return new DkimResult(DkimResult.Status.NOT_OURS, "", "", "", "");
        }
        if (malformedOther != null) {
            return malformedOther;
        }
        return new DkimResult(DkimResult.Status.NO_SIGNATURE, "", "", "", "");
    }

    private DkimResult verifyOne(List<String> headers, String sigHeader, Map<String, String> tags, String d) {
        String s = tags.getOrDefault("s", "").trim().toLowerCase(Locale.ROOT);
        String b = stripWhitespace(tags.getOrDefault("b", ""));
        String problem = checkTags(tags, d);
        if (problem != null) {
            return new DkimResult(DkimResult.Status.MALFORMED, problem, d, s, b);
        }
        String[] canon = tags.getOrDefault("c", "simple/simple").trim().toLowerCase(Locale.ROOT).split("/", -1);
        boolean relaxed = canon[0].equals("relaxed");
        Key key = keys.stream().filter(k -> k.domain().equals(d) && k.selector().equals(s)).findFirst().orElse(null);
        if (key == null) {
            return new DkimResult(DkimResult.Status.FAILED, "no key configured for selector " + s, d, s, b);
        }
        String algorithm = tags.get("a").trim().toLowerCase(Locale.ROOT);
        byte[] input = hashInput(headers, sigHeader, tags.get("h"), relaxed);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(b); // strict: the MIME decoder would skip junk
        } catch (IllegalArgumentException e) {
            return new DkimResult(DkimResult.Status.MALFORMED, "b= is not base64", d, s, b);
        }
        try {
            boolean ok;
            String keyAlgorithm = key.publicKey().getAlgorithm();
            if (algorithm.startsWith("rsa-")) {
                if (!keyAlgorithm.equals("RSA")) {
                    return new DkimResult(DkimResult.Status.FAILED, "a=" + algorithm + " but the key is " + keyAlgorithm, d, s, b);
                }
                Signature verifier = Signature.getInstance(algorithm.equals("rsa-sha256") ? "SHA256withRSA" : "SHA1withRSA");
                verifier.initVerify(key.publicKey());
                verifier.update(input);
                ok = verifier.verify(signature);
            } else {
                if (!keyAlgorithm.equals("EdDSA") && !keyAlgorithm.equals("Ed25519")) {
                    return new DkimResult(DkimResult.Status.FAILED, "a=" + algorithm + " but the key is " + keyAlgorithm, d, s, b);
                }
                // RFC 8463: Ed25519 signs the SHA-256 digest of the hash input, not the input itself.
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key.publicKey());
                verifier.update(MessageDigest.getInstance("SHA-256").digest(input));
                ok = verifier.verify(signature);
            }
            return ok ? new DkimResult(DkimResult.Status.VERIFIED, "", d, s, b)
                    : new DkimResult(DkimResult.Status.FAILED, "signature does not verify over the quoted headers", d, s, b);
        } catch (GeneralSecurityException | RuntimeException e) {
            return new DkimResult(DkimResult.Status.FAILED, "cannot verify: " + e.getClass().getSimpleName(), d, s, b);
        }
    }

    /** RFC 6376 3.5 and 6.1.1: the checks before any crypto. */
    private static String checkTags(Map<String, String> tags, String d) {
        for (String required : new String[] {"v", "a", "b", "bh", "d", "h", "s"}) {
            if (!tags.containsKey(required) || tags.get(required).isBlank()) {
                return "missing " + required + "=";
            }
        }
        if (!tags.get("v").trim().equals("1")) {
            return "v=" + tags.get("v").trim() + " is not 1";
        }
        String a = tags.get("a").trim().toLowerCase(Locale.ROOT);
        if (!a.equals("rsa-sha256") && !a.equals("rsa-sha1") && !a.equals("ed25519-sha256")) {
            return "unsupported a=" + a;
        }
        String c = tags.getOrDefault("c", "simple/simple").trim().toLowerCase(Locale.ROOT);
        if (!c.matches("(simple|relaxed)(/(simple|relaxed))?")) {
            return "unsupported c=" + c;
        }
        boolean fromSigned = false;
        for (String name : tags.get("h").split(":")) {
            fromSigned |= name.trim().equalsIgnoreCase("from");
        }
        if (!fromSigned) {
            return "h= does not include From";
        }
        if (tags.containsKey("i")) {
            String i = tags.get("i").trim();
            String iDomain = DnsNames.normalize(i.substring(i.lastIndexOf('@') + 1));
            if (i.indexOf('@') < 0 || !(iDomain.equals(d) || iDomain.endsWith("." + d))) {
                return "i=" + i + " is not within d=" + d;
            }
        }
        return null;
    }

    /** RFC 6376 3.7: the signed header fields bottom-up per name, then our signature with b= emptied, no CRLF. */
    static byte[] hashInput(List<String> headers, String sigHeader, String hTag, boolean relaxed) {
        StringBuilder sb = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String rawName : hTag.split(":")) {
            String name = rawName.trim().toLowerCase(Locale.ROOT);
            int skip = used.merge(name, 1, Integer::sum) - 1;
            String found = null;
            for (int i = headers.size() - 1, seen = 0; i >= 0; i--) {
                if (nameOf(headers.get(i)).equalsIgnoreCase(name) && seen++ == skip) {
                    found = headers.get(i);
                    break;
                }
            }
            if (found != null) { // a name listed without an instance signs its absence: nothing is added
                sb.append(canonical(found, relaxed)).append("\r\n");
            }
        }
        sb.append(canonical(withEmptyB(sigHeader), relaxed));
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String canonical(String header, boolean relaxed) {
        if (!relaxed) {
            return header;
        }
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").trim();
        return name + ":" + value;
    }

    /** Deletes the value of the b= tag (and the whitespace around it), keeping every other byte as it was. */
    static String withEmptyB(String header) {
        int colon = header.indexOf(':');
        int start = colon + 1;
        while (start <= header.length()) {
            int semi = header.indexOf(';', start);
            int end = semi < 0 ? header.length() : semi;
            String spec = header.substring(start, end);
            int eq = spec.indexOf('=');
            if (eq > 0 && spec.substring(0, eq).trim().equals("b")) {
                return header.substring(0, start + eq + 1) + header.substring(end);
            }
            if (semi < 0) {
                break;
            }
            start = semi + 1;
        }
        return header;
    }

    /** Splits the block into header fields (CRLF between folded lines), stopping at the first empty line. */
    static List<String> headers(String raw) {
        List<String> headers = new ArrayList<>();
        StringBuilder current = null;
        for (String line : raw.split("\r?\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                if (current != null) {
                    break; // end of the header block
                }
                continue; // blank lines before the block
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else if (line.indexOf(':') > 0) {
                if (current != null) {
                    headers.add(current.toString());
                }
                if (headers.size() > MAX_HEADERS) {
                    return headers;
                }
                current = new StringBuilder(line);
            }
            // other lines (mbox "From " separators, garbage) belong to no field
        }
        if (current != null) {
            headers.add(current.toString());
        }
        return headers;
    }

    private static String nameOf(String header) {
        return header.substring(0, header.indexOf(':')).trim();
    }

    private static String valueOf(String header) {
        return header.substring(header.indexOf(':') + 1);
    }

    private static boolean isSignature(String header) {
        return nameOf(header).equalsIgnoreCase("DKIM-Signature");
    }

    /** RFC 6376 3.2 tag-list; null when a tag repeats or a spec has no '='. */
    static Map<String, String> tags(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : value.split(";")) {
            if (spec.isBlank()) {
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                return null;
            }
            String name = spec.substring(0, eq).trim();
            if (name.isEmpty() || tags.put(name, spec.substring(eq + 1).replace("\r\n", "").trim()) != null) {
                return null;
            }
        }
        return tags;
    }

    private static String stripWhitespace(String s) {
        return s.replaceAll("[ \t\r\n]", "");
    }

    // ---- keys ----

    /**
     * Reads a public key from configuration text: a PEM public key, a PEM private key (PKCS#8 or PKCS#1 RSA, as
     * opendkim-genkey writes it; the public half is derived), a DKIM TXT record ({@code v=DKIM1; k=rsa; p=...},
     * also in the quoted zone-file form of opendkim's .txt file), or a bare base64 p= value.
     * Throws IllegalArgumentException with a reason on anything else.
     */
    public static PublicKey parseKey(String text) {
        Objects.requireNonNull(text, "text");
        try {
            Matcher pem = PEM.matcher(text);
            if (pem.find()) {
                byte[] der = Base64.getMimeDecoder().decode(pem.group(2).trim());
                switch (pem.group(1)) {
                    case "PUBLIC KEY":
                        return spki(der);
                    case "PRIVATE KEY":
                        return publicOf(der);
                    case "RSA PRIVATE KEY":
                        return publicOf(pkcs8OfRsa(der));
                    default:
                        throw new IllegalArgumentException("unsupported PEM block " + pem.group(1));
                }
            }
            String record = text;
            Matcher quoted = QUOTED.matcher(text);
            StringBuilder joined = new StringBuilder();
            while (quoted.find()) {
                joined.append(quoted.group(1));
            }
            if (joined.length() > 0) {
                record = joined.toString();
            }
            if (record.contains("=") && record.contains("p=")) {
                Map<String, String> tags = tags(record);
                if (tags == null || !tags.containsKey("p")) {
                    throw new IllegalArgumentException("not a DKIM key record");
                }
                String p = stripWhitespace(tags.get("p"));
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("p= is empty: the key is revoked");
                }
                byte[] der = Base64.getDecoder().decode(p);
                return "ed25519".equalsIgnoreCase(tags.getOrDefault("k", "rsa").trim()) ? ed25519(der) : spki(der);
            }
            byte[] der = Base64.getDecoder().decode(stripWhitespace(record));
            return der.length == 32 ? ed25519(der) : spki(der);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable DKIM key: " + e.getMessage(), e);
        }
    }

    private static PublicKey spki(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        }
    }

    private static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + raw.length);
        }
        byte[] der = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    private static PublicKey publicOf(byte[] pkcs8) throws GeneralSecurityException {
        java.security.PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        if (!(key instanceof RSAPrivateCrtKey)) {
            throw new IllegalArgumentException("the RSA private key lacks its public exponent");
        }
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which is all the JDK reads. */
    private static byte[] pkcs8OfRsa(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 128) {
            out.write(n);
        } else if (n < 256) {
            out.write(0x81);
            out.write(n);
        } else if (n < 65536) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
