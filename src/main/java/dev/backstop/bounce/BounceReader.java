package dev.backstop.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Reads a raw message and reports whether, and how, it is a bounce. Never throws on bad input. */
public final class BounceReader {

    public BounceReport read(byte[] raw) {
        // Placeholder until the rule families land: everything is not-a-bounce.
        return BounceReport.notABounce(List.of());
    }

    public BounceReport read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }
}
