package dev.backstop.incident;

/** The webhook body: a flat JSON object. Written by hand: the only JSON Backstop produces. */
final class AlertJson {
    private AlertJson() {
    }

    static String of(Alert a) {
        Incident i = a.incident();
        StringBuilder b = new StringBuilder(512);
        b.append('{');
        field(b, "kind", a.kind().label()).append(',');
        b.append("\"incident\":").append(i.id()).append(',');
        field(b, "source", i.source()).append(',');
        field(b, "reason", i.reason()).append(',');
        field(b, "status", i.open() ? "open" : "resolved").append(',');
        b.append("\"messages\":").append(i.messages()).append(',');
        b.append("\"held\":").append(i.held()).append(',');
        b.append("\"recipients\":").append(i.recipients()).append(',');
        field(b, "first", i.opened().toString()).append(',');
        field(b, "last", i.last().toString()).append(',');
        b.append("\"top_domains\":[");
        boolean first = true;
        for (String part : i.topDomains().split(", ")) {
            int sp = part.lastIndexOf(' ');
            if (sp <= 0) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append('{');
            field(b, "domain", part.substring(0, sp)).append(",\"count\":");
            b.append(part.substring(sp + 1).chars().allMatch(Character::isDigit) ? part.substring(sp + 1) : "0");
            b.append('}');
        }
        b.append("],");
        field(b, "subject", i.subject());
        if (!i.open() && i.resolvedBy() != null) {
            b.append(',');
            field(b, "resolved_by", i.resolvedBy());
        }
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":\"");
        String v = value == null ? "" : value;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
