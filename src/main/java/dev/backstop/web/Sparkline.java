package dev.backstop.web;

import java.util.Locale;

/** A small inline SVG line of counts (one point per hour), drawn on the server like {@link BarChart}. */
final class Sparkline {
    private static final int W = 96;
    private static final int H = 20;

    private Sparkline() {
    }

    /** @param label what the line shows, for screen readers and the tooltip */
    static String svg(String label, long[] values) {
        long max = 1;
        long total = 0;
        for (long v : values) {
            max = Math.max(max, v);
            total += v;
        }
        StringBuilder points = new StringBuilder();
        double step = values.length > 1 ? (W - 2) / (double) (values.length - 1) : 0;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                points.append(' ');
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f", 1 + i * step, H - 1 - (H - 2) * values[i] / (double) max));
        }
        String text = label + ": " + total + " in " + values.length + " h, at most " + (total == 0 ? 0 : max) + " an hour";
        return "<svg class=\"spark\" viewBox=\"0 0 " + W + " " + H + "\" role=\"img\" aria-label=\"" + Html.esc(text)
                + "\"><title>" + Html.esc(text) + "</title><polyline points=\"" + points + "\"/></svg>";
    }
}
