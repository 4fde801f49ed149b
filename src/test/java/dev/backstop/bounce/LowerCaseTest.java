package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass lower-casing must give exactly what the JDK's lower-casing and the clean-up after it give. */
class LowerCaseTest {

    @Test
    void agreesWithToLowerCaseOnAsciiAndOtherText() {
        Random random = new Random(3);
        // '?' beside characters that have no Latin-1 byte (which the fast way sees as '?'), and a surrogate pair
        String alphabet = "aZ \r\n\t5?<>\u00c9\u0130\u212a\u03a3\ud801\udc00";
        for (int round = 0; round < 500; round++) {
            StringBuilder b = new StringBuilder();
            // every third text is ASCII only, the fast way; the others mostly take the JDK's
            int letters = round % 3 == 0 ? 10 : alphabet.length() - (round % 2) * 2;
            for (int i = random.nextInt(60); i > 0; i--) {
                b.append(alphabet.charAt(random.nextInt(letters)));
            }
            String s = b.toString();
            assertThat(LowerCase.withoutCr(s)).isEqualTo(s.toLowerCase(Locale.ROOT).replace("\r", ""));
            assertThat(LowerCase.oneLine(s))
                    .isEqualTo(s.toLowerCase(Locale.ROOT).replace('\n', ' ').replace('\t', ' '));
        }
        assertThat(LowerCase.withoutCr("RCPT TO:\r\n<A@B>")).isEqualTo("rcpt to:\n<a@b>");
        assertThat(LowerCase.oneLine("550-5.7.1\tNo\nWay")).isEqualTo("550-5.7.1 no way");
        assertThat(LowerCase.oneLine("")).isEmpty();
    }
}
