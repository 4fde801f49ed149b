package dev.backstop.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A 64-bit fingerprint of a message's subject and body that stays the same across copies of one template:
 * fed the body in chunks as the milter receives it, it hashes the words that a template keeps and skips the
 * words a mail merge or a MIME encoder varies. Skipped: words with digits (order numbers, dates, MIME
 * boundaries), URLs and e-mail addresses (tracking links), words starting with a capital letter (the names a
 * contact form or phishing kit fills in; the template's own capitalised words are skipped in every copy alike)
 * and words longer than {@value #MAX_WORD} characters (base64, hashes). Case and whitespace are normalised.
 * Only the first {@value #MAX_BYTES} bytes of the body count, so the cost per message is bounded.
 *
 * <p>Not thread-safe; one per message.
 */
public final class ContentFingerprint {
    static final int MAX_WORD = 40;
    static final int MAX_BYTES = 64 * 1024;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final byte[] word = new byte[MAX_WORD];
    private int wordLength;
    private boolean wordSkipped;
    private boolean wordHasAt;
    private long hash = FNV_OFFSET;
    private long bodyBytes;
    private boolean finished;

    /** Starts a fingerprint with the message's subject (null for none). */
    public ContentFingerprint(String subject) {
        if (subject != null) {
            feed(subject.getBytes(StandardCharsets.UTF_8), 0, Math.min(subject.length() * 4, 4096));
            endWord();
        }
        mix((byte) 0x1e); // subject and body are separate fields
    }

    /** Feeds the next chunk of the body; the buffer's position moves to its limit. */
    public ContentFingerprint update(ByteBuffer chunk) {
        if (finished) {
            throw new IllegalStateException("fingerprint already finished");
        }
        long room = MAX_BYTES - bodyBytes;
        int n = (int) Math.min(room, chunk.remaining());
        for (int i = 0; i < n; i++) {
            accept(chunk.get());
        }
        bodyBytes += n;
        chunk.position(chunk.limit());
        return this;
    }

    /** The fingerprint; no more chunks may follow. */
    public long finish() {
        if (!finished) {
            endWord();
            finished = true;
        }
        return hash;
    }

    /** Fingerprint of a whole message, for tests and the log replay. */
    public static long of(String subject, String body) {
        return new ContentFingerprint(subject).update(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))).finish();
    }

    private void feed(byte[] bytes, int from, int max) {
        for (int i = from; i < bytes.length && i < max; i++) {
            accept(bytes[i]);
        }
    }

    private void accept(byte b) {
        int c = b & 0xff;
        boolean letter = (c >= 'a' && c <= 'z') || c >= 0x80;
        boolean upper = c >= 'A' && c <= 'Z';
        boolean digit = c >= '0' && c <= '9';
        // ':' '/' '.' '@' '-' '_' '%' '=' '?' '&' keep a URL or an address in one word, so it is skipped whole
        boolean joiner = c == ':' || c == '/' || c == '.' || c == '@' || c == '-' || c == '_' || c == '%'
                || c == '=' || c == '?' || c == '&' || c == '+' || c == '#' || c == '~';
        if (!(letter || upper || digit || joiner)) {
            endWord();
            return;
        }
        if (wordLength == 0 && !wordSkipped && upper) {
            wordSkipped = true; // a capitalised word: a name, or a template word skipped alike in every copy
        }
        if (digit) {
            wordSkipped = true;
        }
        if (c == '@') {
            wordHasAt = true;
        }
        if (wordLength < MAX_WORD) {
            word[wordLength] = (byte) (upper ? c + 32 : c);
        } else {
            wordSkipped = true;
        }
        wordLength++;
    }

    private void endWord() {
        if (wordLength > 0 && !wordSkipped && !wordHasAt && !isUrl()) {
            // trailing sentence punctuation belongs to no word
            int end = wordLength;
            while (end > 0 && (word[end - 1] == '.' || word[end - 1] == ':' || word[end - 1] == '?'
                    || word[end - 1] == '-')) {
                end--;
            }
            if (end > 0) {
                for (int i = 0; i < end; i++) {
                    mix(word[i]);
                }
                mix((byte) ' ');
            }
        }
        wordLength = 0;
        wordSkipped = false;
        wordHasAt = false;
    }

    private boolean isUrl() {
        int n = Math.min(wordLength, MAX_WORD);
        for (int i = 0; i + 2 < n; i++) {
            if (word[i] == ':' && word[i + 1] == '/' && word[i + 2] == '/') {
                return true;
            }
        }
        return n >= 4 && word[0] == 'w' && word[1] == 'w' && word[2] == 'w' && word[3] == '.';
    }

    private void mix(byte b) {
        hash ^= b & 0xff;
        hash *= FNV_PRIME;
    }
}
