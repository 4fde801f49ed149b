package dev.backstop.batv;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BATV as configured: which senders get signed, with which keys, and verification of bounce recipients. What
 * {@code backstop batv sign|verify ADDRESS} and the milter call.
 */
public final class Batv {
    private final boolean enabled;
    private final Set<String> domains;
    private final BackstopConfig.BatvMode mode;
    private final BatvSigner signer;

    private Batv(boolean enabled, Set<String> domains, BackstopConfig.BatvMode mode, BatvSigner signer) {
        this.enabled = enabled;
        this.domains = domains;
        this.mode = mode;
        this.signer = signer;
    }

    /**
     * Builds BATV from its config section. Keys come from {@code batv.keys} when given, otherwise from
     * {@code batv.key_file}, which is created with a random key on first use. When BATV is disabled no key is
     * read and nothing is signed.
     *
     * @throws ConfigException when the key file is unreadable or malformed, or names no signing key
     */
    public static Batv fromConfig(BackstopConfig.Batv config, Clock clock) {
        return fromConfig(config, clock, SecretSource.secureRandom());
    }

    static Batv fromConfig(BackstopConfig.Batv config, Clock clock, SecretSource random) {
        Set<String> domains = Set.copyOf(config.domains());
        if (!config.enabled()) {
            return new Batv(false, domains, config.mode(), null);
        }
        List<BatvKey> keys = new ArrayList<>();
        int signing;
        if (!config.keys().isEmpty()) {
            config.keys().forEach((n, secret) -> keys.add(BatvKey.of(n, secret)));
            signing = config.signingKey().orElse(config.keys().lastKey());
        } else {
            keys.addAll(KeyFile.readOrCreate(config.keyFile(), random));
            signing = config.signingKey().orElse(keys.get(keys.size() - 1).number());
            if (keys.stream().noneMatch(k -> k.number() == signing)) {
                throw new ConfigException("batv.signing_key: bad value '" + signing + "' (no such key in "
                        + config.keyFile() + ")");
            }
        }
        return new Batv(true, domains, config.mode(), new BatvSigner(KeyRing.of(signing, keys), config.validityDays(), clock));
    }

    /** For code that builds its own key ring (tests, tools). */
    public static Batv of(KeyRing keys, Set<String> domains, BackstopConfig.BatvMode mode, int validityDays, Clock clock) {
        Set<String> lower = Set.copyOf(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
        return new Batv(true, lower, mode, new BatvSigner(keys, validityDays, clock));
    }

    public boolean enabled() {
        return enabled;
    }

    /** In strict mode a null-sender message to an untagged address of a signing domain is rejected. */
    public boolean strict() {
        return mode == BackstopConfig.BatvMode.STRICT;
    }

    /** True when {@code address} is in one of the configured signing domains (tag or not). */
    public boolean isSigningDomain(String address) {
        String a = address == null ? "" : address.strip();
        int at = a.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String domain = a.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.endsWith(">")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domains.contains(domain);
    }

    /**
     * The envelope sender to use: signed when BATV is enabled and the sender is in a signing domain; otherwise,
     * and for the null sender or an already tagged sender, unchanged.
     */
    public String sign(String envelopeSender) {
        if (!enabled || envelopeSender == null || envelopeSender.isBlank() || !isSigningDomain(envelopeSender)) {
            return envelopeSender;
        }
        return signer.sign(envelopeSender);
    }

    /** Checks a bounce recipient. With BATV disabled an untagged address is NOT_SIGNED and a tagged one UNKNOWN_KEY. */
    public BatvOutcome verify(String recipient) {
        if (signer == null) {
            String a = recipient == null ? "" : recipient.strip();
            return TaggedAddress.looksTagged(a)
                    ? new BatvOutcome(BatvStatus.UNKNOWN_KEY, a, "BATV is disabled")
                    : new BatvOutcome(BatvStatus.NOT_SIGNED, a, "no prvs tag");
        }
        return signer.verify(recipient);
    }

    @Override
    public String toString() {
        return "Batv[enabled=" + enabled + ", domains=" + domains + ", mode=" + mode + ", " + signer + "]";
    }
}
