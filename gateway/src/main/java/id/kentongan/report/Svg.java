package id.kentongan.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG: horizontal bars (by kind, by zone), columns (by hour, by weekday, the
 * response-time distribution) and an incident's timeline. Drawn in the page itself, so the file needs
 * nothing from anywhere to show them, on a screen or on paper. Stateless; any thread.
 */
final class Svg {

    /** The colours, also named in the page's legend and checked in the tests' screenshot. */
    static final String ALARM = "#c62828";
    static final String DRILL = "#1565c0";
    static final String DELIVERED = "#1e88e5";
    static final String ACKNOWLEDGED = "#ef8f00";
    static final String SIREN = "#6d4c41";
    static final String CLEARED = "#2e7d32";
    static final String INK = "#263238";
    static final String RULE = "#b0bec5";

    private static final int ROW = 22;
    private static final int LABEL = 130;

    private Svg() {
    }

    /** A label and its value. */
    record Bar(String label, long value) {
    }

    /** One bar per entry, longest for the largest, its value at its end. */
    static String bars(List<Bar> bars, String colour, int width, String title) {
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        int height = Math.max(1, bars.size()) * ROW + 4;
        int room = width - LABEL - 44;
        StringBuilder s = open(width, height, title);
        int y = 2;
        for (Bar b : bars) {
            int len = (int) Math.round(room * (double) b.value() / max);
            s.append(text(LABEL - 6, y + 15, "end", 12, INK, Html.clip(b.label(), 20)));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                    LABEL, y + 3, Math.max(len, 1), ROW - 6, colour));
            s.append(text(LABEL + len + 5, y + 15, "start", 12, INK, Long.toString(b.value())));
            y += ROW;
        }
        return s.append("</svg>").toString();
    }

    /** Columns over labels; only every {@code labelEvery}th label is written, so 24 hours stay legible. */
    static String columns(long[] values, String[] labels, int labelEvery, String colour, int width, int height,
                          String title) {
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        int top = 14;
        int bottom = height - 16;
        double step = (width - 8) / (double) values.length;
        StringBuilder s = open(width, height, title);
        s.append(line(4, bottom, width - 4, bottom, RULE));
        for (int i = 0; i < values.length; i++) {
            double h = (bottom - top) * (double) values[i] / max;
            double x = 4 + i * step;
            if (values[i] > 0) {
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                        x + step * 0.15, bottom - h, step * 0.7, h, colour));
                s.append(text((int) Math.round(x + step / 2), (int) Math.round(bottom - h - 3), "middle", 10, INK,
                        Long.toString(values[i])));
            }
            if (i % labelEvery == 0) {
                s.append(text((int) Math.round(x + step / 2), height - 3, "middle", 10, INK, labels[i]));
            }
        }
        return s.append("</svg>").toString();
    }

    /** A point on an incident's timeline: where, its colour, and its offset from the raise as written. */
    record Mark(long afterMs, String colour, String label) {
    }

    /** The shortest span a timeline is drawn over, so that a delivery after 0.2 s is not drawn as the last step. */
    static final long MIN_SPAN_MS = 300_000;

    /**
     * An incident on one line: the raise at the left, each later step at a distance that grows with the
     * square root of its time (over at least {@link #MIN_SPAN_MS}), so that a delivery after a second and an
     * all-clear after an hour both show. Each label goes above the line where it has room, else below.
     */
    static String timeline(List<Mark> marks, int width, String title) {
        long last = MIN_SPAN_MS;
        for (Mark m : marks) {
            last = Math.max(last, m.afterMs());
        }
        int left = 12;
        int right = width - 12;
        int y = 27;
        StringBuilder s = open(width, 56, title);
        s.append(line(left, y, right, y, RULE));
        int[] freeFrom = {Integer.MIN_VALUE, Integer.MIN_VALUE}; // per row (above, below): where it is free again
        for (Mark m : marks) {
            int x = left + (int) Math.round((right - left) * Math.sqrt(Math.max(0, m.afterMs()) / (double) last));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"%s\"/>", x, y, m.colour()));
            int w = 6 * m.label().length();
            String anchor = x < left + w / 2 ? "start" : x > right - w / 2 ? "end" : "middle";
            int x0 = anchor.equals("start") ? x - 6 : anchor.equals("end") ? x + 6 - w : x - w / 2;
            int row = x0 >= freeFrom[0] ? 0 : x0 >= freeFrom[1] ? 1 : freeFrom[0] <= freeFrom[1] ? 0 : 1;
            if (x0 < freeFrom[row]) { // no room where it belongs: just after the label before it
                x0 = freeFrom[row];
                anchor = "start";
            }
            freeFrom[row] = x0 + w + 4;
            int tx = anchor.equals("start") ? x0 : anchor.equals("end") ? x0 + w : x0 + w / 2;
            s.append(text(tx, row == 0 ? y - 11 : y + 20, anchor, 10, INK, m.label()));
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(512).append(String.format(Locale.ROOT,
                "<svg class=\"chart\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>",
                width, height, width, height, Html.escape(title)));
    }

    private static String text(int x, int y, String anchor, int size, String colour, String text) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s"
                + "</text>", x, y, anchor, size, colour, Html.escape(text));
    }

    private static String line(int x1, int y1, int x2, int y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>",
                x1, y1, x2, y2, colour);
    }
}
