package dev.backstop.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stacked bar chart as inline SVG, drawn on the server: one bar per hour, one segment per series. Colours come
 * from CSS classes {@code s-NAME}, so the chart needs neither JavaScript nor inline styles.
 */
final class BarChart {
    private static final int W = 720;
    private static final int H = 220;
    private static final int LEFT = 36;
    private static final int BOTTOM = 24;
    private static final int TOP = 10;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private BarChart() {
    }

    /**
     * @param hours  the bars, oldest first
     * @param series the segment names, bottom first
     * @param counts per hour, count per series name
     */
    static String svg(String label, List<Instant> hours, List<String> series, Map<Instant, Map<String, Long>> counts) {
        return svg(label, hours, series, s -> "s-" + s, counts);
    }

    /** As above, with the CSS class of each series given (series named by free text, such as sources). */
    static String svg(String label, List<Instant> hours, List<String> series, Function<String, String> cssClass,
                      Map<Instant, Map<String, Long>> counts) {
        long max = 1;
        for (Instant h : hours) {
            long sum = counts.getOrDefault(h, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            max = Math.max(max, sum);
        }
        double plotH = H - BOTTOM - TOP;
        double slot = (W - LEFT) / (double) Math.max(1, hours.size());
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\">")
                .append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(H - BOTTOM)
                .append("\" x2=\"").append(W).append("\" y2=\"").append(H - BOTTOM).append("\"/>")
                .append("<text class=\"tick\" x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 8)
                .append("\" text-anchor=\"end\">").append(max).append("</text>")
                .append("<text class=\"tick\" x=\"").append(LEFT - 4).append("\" y=\"").append(H - BOTTOM)
                .append("\" text-anchor=\"end\">0</text>");
        for (int i = 0; i < hours.size(); i++) {
            Instant h = hours.get(i);
            Map<String, Long> c = counts.getOrDefault(h, Map.of());
            double x = LEFT + i * slot + slot * 0.1;
            double y = H - BOTTOM;
            StringBuilder tip = new StringBuilder(HOUR.format(h)).append(" UTC");
            for (String s : series) {
                long n = c.getOrDefault(s, 0L);
                tip.append(", ").append(s).append(' ').append(n);
                if (n == 0) {
                    continue;
                }
                double bh = plotH * n / max;
                y -= bh;
                b.append("<rect class=\"").append(Html.esc(cssClass.apply(s))).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(fmt(y)).append("\" width=\"").append(fmt(slot * 0.8)).append("\" height=\"")
                        .append(fmt(bh)).append("\"><title>").append(Html.esc(s)).append(": ").append(n)
                        .append("</title></rect>");
            }
            b.append("<rect class=\"hit\" x=\"").append(fmt(LEFT + i * slot)).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(fmt(slot)).append("\" height=\"").append(fmt(plotH))
                    .append("\"><title>").append(Html.esc(tip)).append("</title></rect>");
            if (i % 6 == 0) {
                b.append("<text class=\"tick\" x=\"").append(fmt(LEFT + i * slot)).append("\" y=\"").append(H - 6)
                        .append("\">").append(HOUR.format(h)).append("</text>");
            }
        }
        b.append("</svg><ul class=\"legend\">");
        for (String s : series) {
            b.append("<li><span class=\"swatch ").append(Html.esc(cssClass.apply(s))).append("\"></span>").append(Html.esc(s))
                    .append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
