package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass phrase index must say exactly what one {@code indexOf} per phrase says. */
class PhraseIndexTest {

    @Test
    void firstOccurrencesOfOverlappingAndNestedPhrases() {
        List<String> words = List.of("user unknown", "unknown", "no such user", "user", "er u", "ü", "");
        PhraseIndex index = new PhraseIndex(words);
        String text = "550 no such user: user unknown (ü)";
        int[] first = index.firstStarts(text);
        for (int i = 0; i < words.size(); i++) {
            assertThat(first[i] - 1).as(words.get(i)).isEqualTo(text.indexOf(words.get(i)));
        }
        assertThat(index.firstStarts("nothing here")[0]).isZero();
    }

    @Test
    void agreesWithIndexOfOnRandomTextOverASmallAlphabet() {
        Random random = new Random(42); // a small alphabet makes overlaps and failure links likely
        for (int round = 0; round < 200; round++) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                words.add(randomText(random, 1 + random.nextInt(6)));
            }
            PhraseIndex index = new PhraseIndex(words);
            String text = randomText(random, random.nextInt(200));
            int[] first = index.firstStarts(text);
            for (int i = 0; i < words.size(); i++) {
                assertThat(first[i] - 1).as("%s in %s", words.get(i), text).isEqualTo(text.indexOf(words.get(i)));
            }
        }
    }

    /**
     * Text is read as Latin-1 bytes, where any character beyond Latin-1 (and a surrogate pair as one) comes as
     * '?': a real '?', other characters and pairs must still be read as themselves.
     */
    @Test
    void questionMarksAndCharactersBeyondLatin1() {
        Random random = new Random(11);
        String alphabet = "a?b \u00e9\u00ff\u0100\u212a\ud801\udc00";
        for (int round = 0; round < 300; round++) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                words.add(randomFrom(random, alphabet, 1 + random.nextInt(4)));
            }
            PhraseIndex index = new PhraseIndex(words);
            String text = randomFrom(random, round % 2 == 0 ? alphabet : "a?b \u00e9\u00ff", random.nextInt(150));
            int[] first = index.firstStarts(text);
            for (int i = 0; i < words.size(); i++) {
                assertThat(first[i] - 1).as("%s in %s", words.get(i), text).isEqualTo(text.indexOf(words.get(i)));
            }
        }
    }

    @Test
    void everyAsciiCharacterMayBeInAPattern() {
        Random random = new Random(3); // 128 character classes plus the one for characters in no pattern
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            all.append(c);
        }
        for (int round = 0; round < 50; round++) {
            List<String> words = new ArrayList<>(List.of(all.toString()));
            for (int i = 0; i < 40; i++) {
                words.add(randomFrom(random, all.toString(), 1 + random.nextInt(3)));
            }
            PhraseIndex index = new PhraseIndex(words);
            String text = randomFrom(random, all + "\u00e9", 300) + all;
            int[] first = index.firstStarts(text);
            for (int i = 0; i < words.size(); i++) {
                assertThat(first[i] - 1).as(words.get(i)).isEqualTo(text.indexOf(words.get(i)));
            }
        }
    }

    @Test
    void realTableMatchesWhatPlainIndexOfFinds() {
        PhraseTable table = PhraseTable.get();
        String diag = "550 5.2.2 mailbox full: quota exceeded; user unknown in virtual mailbox table";
        assertThat(table.matchingReasons(diag)).contains(Reason.MAILBOXFULL, Reason.USERUNKNOWN);
        assertThat(table.matchingReasons("")).isEmpty();
        assertThat(table.sureReason("")).isNull();
    }

    @Test
    void foldingAsItReadsEqualsLowerCasingTheCutTextFirst() {
        Random random = new Random(7);
        String alphabet = "aAbB kK?\u212a\u0130i\u00c9\u00e9\u03a3\u03c3\ud801\udc00";
        for (int round = 0; round < 300; round++) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(20); i++) {
                words.add(randomFrom(random, "ab ki", 1 + random.nextInt(5)));
            }
            PhraseIndex index = new PhraseIndex(words);
            String text = randomFrom(random, round % 3 == 0 ? alphabet : alphabet.replace("\u0130", ""),
                    random.nextInt(120));
            int limit = random.nextInt(130);
            String cut = text.length() > limit ? text.substring(0, limit) : text;
            assertThat(index.firstStartsIgnoreCase(text, limit)).as("%s in %s", words, text)
                    .containsExactly(index.firstStarts(cut.toLowerCase(java.util.Locale.ROOT)));
        }
        // patterns that are not lower-case ASCII take the copying way, with the same answer
        PhraseIndex mixed = new PhraseIndex(List.of("\u00e9t\u00e9", "Upper"));
        assertThat(mixed.firstStartsIgnoreCase("\u00c9T\u00c9 upper", 100)).containsExactly(1, 0);
    }

    private static String randomFrom(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String randomText(Random random, int length) {
        String alphabet = "ab c\u00e9";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
