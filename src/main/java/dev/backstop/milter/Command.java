package dev.backstop.milter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** One decoded MTA-to-filter packet. */
sealed interface Command {

    record OptNeg(int version, int actions, int protocol) implements Command {}

    /** SMFIC_MACRO: the stage letter and the name/value pairs in order (names as sent, possibly braced). */
    record Macros(byte stage, Map<String, String> values) implements Command {}

    record Connect(ConnectionInfo info) implements Command {}

    record Helo(String name) implements Command {}

    /** SMFIC_MAIL: the sender as sent (usually in angle brackets), then ESMTP arguments. */
    record Mail(List<String> args) implements Command {}

    record Rcpt(List<String> args) implements Command {}

    record Data() implements Command {}

    record Header(String name, String value) implements Command {}

    record EndOfHeaders() implements Command {}

    /** A body chunk; the buffer is a view of the reader's buffer, valid until the next packet is read. */
    record Body(ByteBuffer chunk) implements Command {}

    /** End of body, possibly with a last chunk (Sendmail may send one, Postfix sends none). */
    record EndOfBody(ByteBuffer chunk) implements Command {}

    record Abort() implements Command {}

    record Quit() implements Command {}

    record QuitNewConnection() implements Command {}

    record Unknown(String command) implements Command {}

    Data DATA = new Data();
    EndOfHeaders END_OF_HEADERS = new EndOfHeaders();
    Abort ABORT = new Abort();
    Quit QUIT = new Quit();
    QuitNewConnection QUIT_NC = new QuitNewConnection();
}
