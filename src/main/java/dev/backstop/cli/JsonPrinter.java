package dev.backstop.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.backstop.bounce.BounceRecipient;
import dev.backstop.bounce.BounceReport;
import dev.backstop.bounce.OriginalMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** A JSON array with one object per message, written as it goes so a large directory streams. */
final class JsonPrinter implements ReportPrinter {
    private final JsonGenerator json;

    JsonPrinter(PrintWriter out) {
        try {
            json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void begin() {
        io(json::writeStartArray);
    }

    @Override
    public void print(String file, String name, BounceReport r) {
        io(() -> {
            json.writeStartObject();
            json.writeStringField("file", file);
            json.writeStringField("message", name);
            json.writeStringField("kind", r.kind().label());
            json.writeStringField("reporter", r.reporter());
            json.writeArrayFieldStart("recipients");
            for (BounceRecipient x : r.recipients()) {
                json.writeStartObject();
                json.writeStringField("recipient", x.address());
                json.writeStringField("status", x.status());
                json.writeStringField("replycode", x.replyCode());
                json.writeStringField("reason", x.reason().label());
                json.writeBooleanField("hardbounce", x.hard());
                json.writeStringField("action", x.action());
                json.writeStringField("remote_mta", x.remoteMta());
                json.writeStringField("diagnostic", x.diagnostic());
                json.writeEndObject();
            }
            json.writeEndArray();
            OriginalMessage o = r.original();
            json.writeObjectFieldStart("original");
            json.writeStringField("container", o.container());
            json.writeStringField("message_id", o.messageId());
            json.writeStringField("from", o.from());
            json.writeStringField("to", o.to());
            json.writeStringField("subject", o.subject());
            json.writeStringField("date", o.date());
            stringArray("received", o.received());
            stringArray("dkim_signatures", o.dkimSignatures());
            json.writeEndObject();
            stringArray("defects", r.defects());
            json.writeEndObject();
        });
    }

    @Override
    public void end() {
        io(() -> {
            json.writeEndArray();
            json.writeRaw('\n');
            json.flush();
        });
    }

    private void stringArray(String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
