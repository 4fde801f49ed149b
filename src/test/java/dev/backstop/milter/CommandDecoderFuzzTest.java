package dev.backstop.milter;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.channels.Channels;

/**
 * Any byte stream from the MTA either decodes or fails with a protocol error or an end-of-stream error,
 * never with another exception. Regression inputs (and any crash found) live in
 * {@code src/test/resources/dev/backstop/milter/CommandDecoderFuzzTestInputs/decodeStream/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=CommandDecoderFuzzTest}.
 */
class CommandDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decodeStream(byte[] input) throws Exception {
        PacketReader reader = new PacketReader(Channels.newChannel(new ByteArrayInputStream(input)), MilterConfig.MIN_PACKET_SIZE);
        try {
            while (reader.next()) {
                byte command = reader.command();
                try {
                    CommandDecoder.decode(command, reader.data());
                } catch (MilterProtocolException expected) {
                    // malformed command: the server closes the connection
                }
                try {
                    // the same bytes read as filter replies, as MilterClient does
                    if (command == 'O') {
                        ReplyDecoder.optionNegotiation(command, reader.data());
                    } else {
                        ReplyDecoder.decode(command, reader.data());
                    }
                } catch (MilterProtocolException expected) {
                    // malformed reply
                }
            }
        } catch (MilterProtocolException | EOFException expected) {
            // bad framing or a cut packet
        }
    }
}
