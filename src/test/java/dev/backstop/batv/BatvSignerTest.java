package dev.backstop.batv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatvSignerTest {
    private static final String SECRET = "0123456789abcdef-test-key";
    /** 2026-03-01, epoch day 20513: a tag made today with 7 days validity expires on day 520. */
    private static final Instant MARCH_1 = Instant.parse("2026-03-01T12:00:00Z");

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private static Instant epochDay(long day) {
        return LocalDate.ofEpochDay(day).atTime(9, 30).toInstant(ZoneOffset.UTC);
    }

    private static BatvSigner signer(Clock clock, BatvKey... keys) {
        return new BatvSigner(KeyRing.of(keys[keys.length - 1].number(), List.of(keys)), 7, clock);
    }

    @Test
    void signsPerTheDraftWithAnIndependentlyComputedVector() {
        // expected values computed with Python's hmac module: HMAC-SHA1(key, "0520alice@example.com")[:3 bytes]
        assertThat(signer(at(MARCH_1), BatvKey.of(0, SECRET)).sign("alice@example.com"))
                .isEqualTo("prvs=0520c07a26=alice@example.com");
        // the HMAC covers the lower-cased address; the tagged address keeps the sender's case
        assertThat(signer(at(MARCH_1), BatvKey.of(0, SECRET)).sign("<Alice.Smith@Example.com>"))
                .isEqualTo("prvs=052036a5f4=Alice.Smith@Example.com");
    }

    @Test
    void verifiesItsOwnTagAndReturnsTheUnsignedAddress() {
        BatvSigner s = signer(at(MARCH_1), BatvKey.of(0, SECRET));
        BatvOutcome o = s.verify("<prvs=0520c07a26=alice@example.com>");
        assertThat(o.status()).isEqualTo(BatvStatus.VALID);
        assertThat(o.address()).isEqualTo("alice@example.com");
        assertThat(o.valid()).isTrue();
    }

    @Test
    void toleratesCaseChangesByRelays() {
        BatvSigner s = signer(at(MARCH_1), BatvKey.of(0, SECRET));
        assertThat(s.verify("PRVS=0520C07A26=ALICE@EXAMPLE.COM").status()).isEqualTo(BatvStatus.VALID);
        assertThat(s.verify("prvs=052036a5f4=alice.smith@example.com").status()).isEqualTo(BatvStatus.VALID);
        // a tag another implementation made over the original case (Python: "0520Alice.Smith@Example.com")
        assertThat(s.verify("prvs=05202c7414=Alice.Smith@Example.com").status()).isEqualTo(BatvStatus.VALID);
    }

    @Test
    void validUntilTheEndOfTheExpiryDayThenExpired() {
        String tagged = signer(at(MARCH_1), BatvKey.of(0, SECRET)).sign("alice@example.com");
        for (int days = 0; days <= 7; days++) {
            assertThat(signer(at(MARCH_1.plus(Duration.ofDays(days))), BatvKey.of(0, SECRET)).verify(tagged).status())
                    .as("after %d days", days).isEqualTo(BatvStatus.VALID);
        }
        BatvOutcome late = signer(at(MARCH_1.plus(Duration.ofDays(8))), BatvKey.of(0, SECRET)).verify(tagged);
        assertThat(late.status()).isEqualTo(BatvStatus.EXPIRED);
        assertThat(late.address()).isEqualTo("alice@example.com");
        assertThat(late.detail()).isEqualTo("expired 1 day(s) ago");
        assertThat(signer(at(MARCH_1.plus(Duration.ofDays(400))), BatvKey.of(0, SECRET)).verify(tagged).status())
                .isEqualTo(BatvStatus.EXPIRED);
    }

    @Test
    void expiryDayWrapsModuloOneThousand() {
        // signed on epoch day 20997 (997 mod 1000): expiry day is 004
        String tagged = signer(at(epochDay(20997)), BatvKey.of(0, SECRET)).sign("bob@example.com");
        assertThat(tagged).startsWith("prvs=0004");
        assertThat(signer(at(epochDay(20999)), BatvKey.of(0, SECRET)).verify(tagged).status()).isEqualTo(BatvStatus.VALID);
        assertThat(signer(at(epochDay(21000)), BatvKey.of(0, SECRET)).verify(tagged).status()).isEqualTo(BatvStatus.VALID);
        assertThat(signer(at(epochDay(21004)), BatvKey.of(0, SECRET)).verify(tagged).status()).isEqualTo(BatvStatus.VALID);
        assertThat(signer(at(epochDay(21005)), BatvKey.of(0, SECRET)).verify(tagged).status()).isEqualTo(BatvStatus.EXPIRED);
        assertThat(signer(at(epochDay(20997 + 500)), BatvKey.of(0, SECRET)).verify(tagged).status()).isEqualTo(BatvStatus.EXPIRED);
        // DDD has only 1000 values: exactly 1000 days on, the same tag reads as fresh again. That is inherent
        // in the draft's format; rotating the key (well within 1000 days) is what closes it.
        assertThat(signer(at(epochDay(20997 + 1000)), BatvKey.of(0, SECRET)).verify(tagged).status()).isEqualTo(BatvStatus.VALID);
    }

    @Test
    void tamperingIsABadSignature() {
        BatvSigner s = signer(at(MARCH_1), BatvKey.of(0, SECRET));
        String tagged = s.sign("alice@example.com"); // prvs=0520c07a26=alice@example.com
        assertThat(s.verify(tagged.replace("alice@", "mallory@")).status()).isEqualTo(BatvStatus.BAD_SIGNATURE);
        assertThat(s.verify(tagged.replace("@example.com", "@example.net")).status()).isEqualTo(BatvStatus.BAD_SIGNATURE);
        // pushing the expiry day forward breaks the HMAC
        assertThat(s.verify("prvs=0525c07a26=alice@example.com").status()).isEqualTo(BatvStatus.BAD_SIGNATURE);
        assertThat(s.verify("prvs=0520c07a27=alice@example.com").status()).isEqualTo(BatvStatus.BAD_SIGNATURE);
        BatvSigner otherKey = signer(at(MARCH_1), BatvKey.of(0, "another-secret-0123456789"));
        assertThat(otherKey.verify(tagged).status()).isEqualTo(BatvStatus.BAD_SIGNATURE);
    }

    @Test
    void rotationKeepsOldTagsValidForTheValidityPeriod() {
        BatvKey k0 = BatvKey.of(0, SECRET);
        String old = signer(at(MARCH_1), k0).sign("alice@example.com");
        Instant rotated = MARCH_1.plus(Duration.ofDays(2));
        BatvKey k1 = BatvKey.of(1, "the-new-secret-0123456789");
        BatvSigner afterRotation = signer(at(rotated), k0.retiredAt(rotated), k1);
        String fresh = afterRotation.sign("alice@example.com");
        assertThat(fresh).startsWith("prvs=1");
        assertThat(afterRotation.verify(old).status()).isEqualTo(BatvStatus.VALID);
        assertThat(afterRotation.verify(fresh).status()).isEqualTo(BatvStatus.VALID);
        // a tag forged today with the retired key, after its grace period, is refused
        Instant muchLater = rotated.plus(Duration.ofDays(8));
        String forgedWithOldKey = signer(at(muchLater), k0).sign("alice@example.com");
        BatvOutcome o = signer(at(muchLater), k0.retiredAt(rotated), k1).verify(forgedWithOldKey);
        assertThat(o.status()).isEqualTo(BatvStatus.UNKNOWN_KEY);
        // once the old key is dropped from the ring its number is unknown
        assertThat(signer(at(rotated), k1).verify(old).status()).isEqualTo(BatvStatus.UNKNOWN_KEY);
    }

    @Test
    void notSignedAndMalformed() {
        BatvSigner s = signer(at(MARCH_1), BatvKey.of(0, SECRET));
        assertThat(s.verify("alice@example.com").status()).isEqualTo(BatvStatus.NOT_SIGNED);
        assertThat(s.verify("").status()).isEqualTo(BatvStatus.NOT_SIGNED);
        assertThat(s.verify("prvsalice@example.com").status()).isEqualTo(BatvStatus.NOT_SIGNED);
        for (String bad : List.of("prvs=0520c07a26=@example.com", "prvs=0520c07a26alice@example.com",
                "prvs=x520c07a26=alice@example.com", "prvs=0520c07a2g=alice@example.com",
                "prvs=0520c07a26=alice@", "prvs=0520c07a26=alice", "prvs=", "prvs=052=alice@example.com",
                // the old prvs=local=tag form is not accepted
                "prvs=alice=0520c07a26@example.com")) {
            assertThat(s.verify(bad).status()).as(bad).isEqualTo(BatvStatus.MALFORMED);
        }
    }

    @Test
    void signLeavesNullSenderAndTaggedAddressesAlone() {
        BatvSigner s = signer(at(MARCH_1), BatvKey.of(0, SECRET));
        assertThat(s.sign("")).isEmpty();
        assertThat(s.sign("<>")).isEmpty();
        assertThat(s.sign("prvs=0520c07a26=alice@example.com")).isEqualTo("prvs=0520c07a26=alice@example.com");
        assertThatThrownBy(() -> s.sign("no-at-sign")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsNeverShowInToString() {
        BatvKey k = BatvKey.of(3, SECRET);
        BatvSigner s = signer(at(MARCH_1), k);
        assertThat(k.toString()).doesNotContain(SECRET).contains("number=3");
        assertThat(s.toString()).doesNotContain(SECRET);
        assertThat(KeyRing.of(3, List.of(k)).toString()).doesNotContain(SECRET);
    }

    @Test
    void keyRingRulesAndValidityBounds() {
        BatvKey k0 = BatvKey.of(0, SECRET);
        assertThatThrownBy(() -> KeyRing.of(1, List.of(k0))).hasMessageContaining("signing key 1");
        assertThatThrownBy(() -> KeyRing.of(0, List.of(k0, BatvKey.of(0, SECRET)))).hasMessageContaining("two BATV keys");
        assertThatThrownBy(() -> KeyRing.of(0, List.of(k0.retiredAt(MARCH_1)))).hasMessageContaining("retired");
        assertThatThrownBy(() -> BatvKey.of(10, SECRET)).hasMessageContaining("0..9");
        assertThatThrownBy(() -> BatvKey.of(1, "short")).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new BatvSigner(KeyRing.of(0, List.of(k0)), 0, at(MARCH_1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatvSigner(KeyRing.of(0, List.of(k0)), 366, at(MARCH_1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
