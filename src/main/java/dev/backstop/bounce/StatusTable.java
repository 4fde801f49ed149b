package dev.backstop.bounce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Enhanced status codes and reasons: what a standard code means, and the internal code for a reason. */
final class StatusTable {
    private static final Map<String, Reason> BY_CODE = load("status-reasons.tsv");
    private static final Map<Reason, String> INTERNAL = internalCodes();

    private StatusTable() {}

    /** The reason a standard code stands for, or null. */
    static Reason reasonOf(String status) {
        return status.isEmpty() ? null : BY_CODE.get(status);
    }

    /**
     * A code for a reason when the bounce gave none, in Sisimai's internal style ({@code 5.0.9xx}), so that
     * results compare with the reference parser.
     */
    static String internalCode(Reason reason, boolean temporary) {
        String code = INTERNAL.getOrDefault(reason, "5.0.900");
        return temporary ? "4" + code.substring(1) : code;
    }

    /** Is the code one of the internal x.0.9nn codes rather than a code a server sent? */
    static boolean isInternal(String status) {
        return status.length() == 7 && status.startsWith(".0.9", 1);
    }

    private static Map<Reason, String> internalCodes() {
        Map<Reason, String> m = new EnumMap<>(Reason.class);
        Object[][] rows = {
            {Reason.AUTHFAILURE, "5.0.926"}, {Reason.BADREPUTATION, "5.0.975"}, {Reason.BLOCKED, "5.0.971"},
            {Reason.CONTENTERROR, "5.0.960"}, {Reason.EMAILTOOLARGE, "5.0.923"}, {Reason.EXPIRED, "5.0.947"},
            {Reason.FAILEDSTARTTLS, "5.0.976"}, {Reason.FILTERED, "5.0.910"}, {Reason.HASMOVED, "5.0.916"},
            {Reason.HOSTUNKNOWN, "5.0.912"}, {Reason.MAILBOXFULL, "5.0.922"}, {Reason.MAILERERROR, "5.0.939"},
            {Reason.MESGTOOBIG, "5.0.934"}, {Reason.NETWORKERROR, "5.0.944"}, {Reason.NORELAYING, "5.0.909"},
            {Reason.NOTACCEPT, "5.0.932"}, {Reason.NOTCOMPLIANTRFC, "5.0.974"}, {Reason.ONHOLD, "5.0.901"},
            {Reason.POLICYVIOLATION, "5.0.972"}, {Reason.REJECTED, "5.0.918"}, {Reason.REQUIREPTR, "5.0.973"},
            {Reason.SECURITYERROR, "5.0.970"}, {Reason.SPAMDETECTED, "5.0.980"}, {Reason.RATELIMITED, "5.0.946"},
            {Reason.SPEEDING, "5.0.946"}, {Reason.SUPPRESSED, "5.0.903"}, {Reason.SUSPEND, "5.0.921"},
            {Reason.SYSTEMERROR, "5.0.930"}, {Reason.SYSTEMFULL, "5.0.931"}, {Reason.SYNTAXERROR, "5.0.902"},
            {Reason.TOOMANYCONN, "5.0.945"}, {Reason.USERUNKNOWN, "5.0.911"}, {Reason.UNDEFINED, "5.0.900"},
            {Reason.VIRUSDETECTED, "5.0.981"},
        };
        for (Object[] r : rows) {
            m.put((Reason) r[0], (String) r[1]);
        }
        return m;
    }

    private static Map<String, Reason> load(String resource) {
        Map<String, Reason> m = new HashMap<>();
        try (InputStream in = StatusTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                m.put(f[0].trim(), Reason.fromLabel(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
