package dev.backstop.mail;

import java.io.InputStream;
import org.apache.james.mime4j.io.BufferedLineReaderInputStream;

/**
 * mime4j 0.8 keeps the byte buffers of its line reader per thread for reuse. On a malformed multipart (a nested
 * multipart whose boundary never comes) its boundary stream can hand out bytes the buffer held from an earlier
 * parse on the same thread: text of one message would then show up in the next one's parts. Dropping the
 * thread's recycler before each message gives every parse fresh buffers that hold nothing of any other message.
 *
 * <p>Subclassing is only the way to reach mime4j's protected recycler; this class is never instantiated.
 */
final class RecycledBuffers extends BufferedLineReaderInputStream {

    private RecycledBuffers() {
        super(InputStream.nullInputStream(), 1);
    }

    /** Makes mime4j allocate fresh buffers for the next parse on this thread. */
    static void forget() {
        _recyclerRef.remove();
    }
}
