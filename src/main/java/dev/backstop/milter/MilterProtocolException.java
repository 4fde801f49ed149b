package dev.backstop.milter;

import java.io.IOException;

/** The peer broke the milter protocol: bad framing, an unknown command, malformed data. Ends the connection. */
public class MilterProtocolException extends IOException {
    public MilterProtocolException(String message) {
        super(message);
    }
}
