package dev.backstop.inbound;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our domain's SPF record evaluated for the host where the quoted original first entered the internet. A fail
 * means our own policy says we never send from there: strong evidence of a forgery (softfail: medium). A pass
 * is weak evidence for us. DNS trouble is a note, never evidence.
 */
public final class SpfEvidence implements EvidenceSource {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"@]{1,64}@([A-Za-z0-9.-]{1,253})");

    private final SpfEvaluator spf;
    private final Set<String> ourDomains;
    private final List<String> relays;

    public SpfEvidence(SpfEvaluator spf, Set<String> ourDomains, List<String> relays) {
        this.spf = spf;
        this.ourDomains = Set.copyOf(ourDomains);
        this.relays = List.copyOf(relays);
    }

    @Override
    public void collect(BounceCandidate c, List<Evidence> out) {
        String domain = domainOf(c.report().original().from());
        if (domain == null || !ours(domain)) {
            return;
        }
        Optional<ReceivedChain.Hop> hop = ReceivedChain.parse(c.report().original().received()).firstOutsideHop(relays);
        if (hop.isEmpty() || hop.get().ip().isEmpty()) {
            out.add(Evidence.note("spf", "no outside hop with an address in the quoted Received chain"));
            return;
        }
        InetAddress ip = hop.get().ip().get();
        SpfResult r = spf.checkHost(ip, domain, "postmaster@" + domain);
        String what = "SPF of " + domain + " for " + ip.getHostAddress() + ": " + r.code().label();
        switch (r.code()) {
            case FAIL -> out.add(Evidence.backscatter("spf", Evidence.Strength.STRONG, what));
            case SOFTFAIL -> out.add(Evidence.backscatter("spf", Evidence.Strength.MEDIUM, what));
            case PASS -> out.add(Evidence.genuine("spf", Evidence.Strength.WEAK, what));
            default -> out.add(Evidence.note("spf", what + (r.explanation() == null ? "" : " (" + r.explanation() + ")")));
        }
    }

    private boolean ours(String domain) {
        for (String d : ourDomains) {
            if (domain.equals(d) || domain.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    static String domainOf(String header) {
        Matcher m = ADDRESS.matcher(header == null ? "" : header);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? null : last.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }
}
