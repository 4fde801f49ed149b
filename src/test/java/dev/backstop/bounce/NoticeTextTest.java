package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Separator lines that announce the quoted original, in ASCII and with other characters on the line. */
class NoticeTextTest {

    @Test
    void plainMarkersMatchInAnyLetterCaseWhateverFollowsThem() {
        assertThat(NoticeText.isSeparator("Original message follows")).isTrue();
        assertThat(NoticeText.isSeparator("  ORIGINAL MESSAGE HEADERS: below")).isTrue();
        // a character outside ASCII on the line takes the lower-casing way, with the same answer
        assertThat(NoticeText.isSeparator("  Original message headers: \u00fcber")).isTrue();
        assertThat(NoticeText.isSeparator("\u00d6riginal message headers:")).isFalse();
        assertThat(NoticeText.isSeparator("Origin of this message: unknown")).isFalse();
        assertThat(NoticeText.isSeparator("Original")).isFalse(); // shorter than any marker
    }

    @Test
    void dashedLinesNeedOneOfTheWords() {
        assertThat(NoticeText.isSeparator("----- Original Message -----")).isTrue();
        assertThat(NoticeText.isSeparator("=== Copy of your message ===")).isTrue();
        assertThat(NoticeText.isSeparator("----------------------------")).isFalse();
    }
}
