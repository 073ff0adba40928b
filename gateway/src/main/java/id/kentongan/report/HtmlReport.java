package id.kentongan.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The HTML form: one self-contained page (its style inline, its charts inline SVG, no script, nothing
 * loaded from anywhere), readable on a phone and printed on A4. Figures first, then the incidents step
 * by step, drills, equipment, the people's side and, at a centre, a table per post. What it lists one by
 * one is bounded ({@link #MAX_ROWS} alarms, {@link #MAX_TIMELINES} timelines): the CSV has every row.
 * Stateless; the caller's thread.
 */
final class HtmlReport {

    static final int MAX_ROWS = 300;
    static final int MAX_TIMELINES = 24;
    static final int WIDTH = 700;

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #263238; margin: 0;
                   background: #fff; font-size: 14px; line-height: 1.4; }
            main { max-width: 760px; margin: 0 auto; padding: 16px; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #cfd8dc; }
            h3 { font-size: 14px; margin: 14px 0 6px; }
            .period { color: #546e7a; margin: 0 0 12px; }
            .tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 8px; }
            .tile { border: 1px solid #cfd8dc; border-radius: 6px; padding: 6px 8px; }
            .tile b { display: block; font-size: 20px; }
            .tile span { font-size: 11px; color: #546e7a; }
            .tile.alarm b { color: #c62828; } .tile.drill b { color: #1565c0; } .tile.ack b { color: #ef8f00; }
            .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
            figure { margin: 0 0 8px; break-inside: avoid; }
            figcaption { font-weight: bold; font-size: 13px; margin-bottom: 4px; }
            svg.chart { display: block; max-width: 100%; height: auto; }
            table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 4px 0 10px; }
            th, td { border-bottom: 1px solid #e0e0e0; padding: 3px 5px; text-align: left; vertical-align: top; }
            th { background: #eceff1; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            td.nw { white-space: nowrap; }
            .mark { color: #b71c1c; font-weight: bold; font-size: 11px; }
            .steps { font-size: 12px; margin: 0 0 2px; }
            .incident { break-inside: avoid; margin-bottom: 10px; }
            .note { font-size: 12px; color: #546e7a; }
            .legend span { display: inline-block; margin-right: 12px; font-size: 12px; }
            .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
            @page { size: A4; margin: 14mm 12mm; }
            @media print {
              body { font-size: 10pt; } main { max-width: none; padding: 0; }
              h2 { break-after: avoid; } table, figure, .tiles, .incident { break-inside: avoid; }
              thead { display: table-header-group; }
            }
            @media (max-width: 600px) { .pair { grid-template-columns: 1fr; } .tiles { grid-template-columns: 1fr 1fr; } }
            """;

    private HtmlReport() {
    }

    static void write(Report r, Words w, long madeMs, Writer out) throws IOException {
        String heading = w.get("title") + " " + r.titleIn(w);
        out.write("<!DOCTYPE html>\n<html lang=\"" + (w.lang() == Lang.ID ? "id" : "en") + "\">\n<head>\n"
                + "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(heading + " · " + period(r, w)) + "</title>\n<style>\n" + STYLE
                + "</style>\n</head>\n<body>\n<main>\n");
        out.write("<h1>" + Html.escape(heading) + "</h1>\n<p class=\"period\">" + Html.escape(period(r, w)) + " · "
                + Html.escape(w.full(r.window().fromMs()) + " – " + w.full(r.window().toMs() - 1) + " ("
                + r.window().zone().getId() + ") · " + w.get("made") + " " + w.full(madeMs)) + "</p>\n");
        tiles(r, w, out);
        charts(r, w, out);
        response(r, w, out);
        HtmlSections.incidents(r, w, out);
        HtmlSections.sirens(r, w, out);
        HtmlSections.drills(r, w, out);
        HtmlSections.equipment(r, w, out);
        HtmlSections.community(r, w, out);
        HtmlSections.perPost(r, w, out);
        out.write("<h2>" + w.get("how-to-read") + "</h2>\n");
        for (String k : new String[] {"note-steps", "note-rank", "note-clock", "note-siren"}) {
            out.write("<p class=\"note\">" + Html.escape(w.get(k)) + "</p>\n");
        }
        out.write("</main>\n</body>\n</html>\n");
        out.flush();
    }

    static String period(Report r, Words w) {
        return r.window().month() != null ? w.month(r.window().month())
                : w.full(r.window().fromMs()).substring(0, 10) + " – " + w.full(r.window().toMs() - 1).substring(0, 10);
    }

    private static void tiles(Report r, Words w, Writer out) throws IOException {
        long drills = r.drills().stream().mapToLong(Report.Drill::held).sum();
        Spread ack = Spread.of(allAcks(r));
        out.write("<section class=\"tiles\">\n");
        tile(out, "alarm", Long.toString(r.counts().alarms()), w.get("alarms"));
        tile(out, "drill", Long.toString(drills), w.get("drills"));
        tile(out, "ack", ack.isEmpty() ? "–" : w.duration(ack.medianMs()), w.get("median-ack"));
        tile(out, "", Long.toString(r.equipment().outageCount()), w.get("outages"));
        tile(out, "", Long.toString(r.totals().untrusted()), w.get("untrusted"));
        out.write("</section>\n");
    }

    static Spread.Longs allAcks(Report r) {
        Spread.Longs acks = new Spread.Longs();
        for (Timeline t : r.alerts()) {
            if (t.isActual() && t.timed(t.acknowledged)) {
                acks.add(t.after(t.acknowledged));
            }
        }
        return acks;
    }

    private static void tile(Writer out, String cls, String value, String label) throws IOException {
        out.write("<div class=\"tile " + cls + "\"><b>" + Html.escape(value) + "</b><span>" + Html.escape(label)
                + "</span></div>\n");
    }

    private static void charts(Report r, Words w, Writer out) throws IOException {
        Report.Counts c = r.counts();
        int half = WIDTH / 2 - 6;
        out.write("<section class=\"pair\">\n");
        figure(out, w.get("by-kind"), Svg.bars(bars(c.byKind(), w, true), Svg.ALARM, half, w.get("by-kind")));
        figure(out, w.get("by-zone"), Svg.bars(bars(c.byZone(), w, false), Svg.ALARM, half, w.get("by-zone")));
        String[] hours = new String[24];
        for (int h = 0; h < 24; h++) {
            hours[h] = String.format(Locale.ROOT, "%02d", h);
        }
        String[] days = new String[7];
        for (int d = 0; d < 7; d++) {
            days[d] = w.weekday(d);
        }
        figure(out, w.get("by-hour"), Svg.columns(c.byHour(), hours, 3, Svg.ALARM, half, 120, w.get("by-hour")));
        figure(out, w.get("by-weekday"), Svg.columns(c.byWeekday(), days, 1, Svg.ALARM, half, 120,
                w.get("by-weekday")));
        out.write("</section>\n");
        if (c.notPlaced() > 0) {
            out.write("<p class=\"note\"><span class=\"mark\">" + w.get("clock-mark") + "</span> " + c.notPlaced() + " "
                    + Html.escape(w.get("not-placed")) + "</p>\n");
        }
    }

    private static List<Svg.Bar> bars(Map<String, Long> counts, Words w, boolean kinds) {
        List<Svg.Bar> bars = new ArrayList<>();
        counts.forEach((k, v) -> bars.add(new Svg.Bar(kinds ? w.kind(k) : k, v)));
        return bars;
    }

    static void figure(Writer out, String caption, String svg) throws IOException {
        out.write("<figure><figcaption>" + Html.escape(caption) + "</figcaption>" + svg + "</figure>\n");
    }

    private static void response(Report r, Words w, Writer out) throws IOException {
        out.write("<h2>" + w.get("response") + "</h2>\n");
        if (r.response().isEmpty()) {
            out.write("<p>" + w.get("none") + "</p>\n");
            return;
        }
        out.write("<table><thead><tr><th rowspan=\"2\">" + w.get("kind") + "</th><th class=\"n\" rowspan=\"2\">"
                + w.get("count") + "</th><th colspan=\"3\">" + w.get("to-ack") + "</th><th colspan=\"3\">"
                + w.get("to-clear") + "</th><th class=\"n\" rowspan=\"2\">" + w.get("never-acked") + "</th></tr>\n<tr>");
        for (int i = 0; i < 2; i++) {
            out.write("<th class=\"n\">" + w.get("median") + "</th><th class=\"n\">" + w.get("p90")
                    + "</th><th class=\"n\">" + w.get("max") + "</th>");
        }
        out.write("</tr></thead>\n<tbody>\n");
        for (Report.Response x : r.response()) {
            out.write("<tr><td>" + Html.escape(w.kind(x.kind())) + "</td><td class=\"n\">" + x.alarms() + "</td>"
                    + spreadCells(x.acknowledged(), w) + spreadCells(x.cleared(), w) + "<td class=\"n\">"
                    + x.unacknowledged() + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
        String[] labels = {"<30 s", "<1 min", "<2 min", "<5 min", "<10 min", "<30 min", "≥30 min"};
        if (w.lang() == Lang.ID) {
            labels = new String[] {"<30 dtk", "<1 mnt", "<2 mnt", "<5 mnt", "<10 mnt", "<30 mnt", "≥30 mnt"};
        }
        figure(out, w.get("distribution"), Svg.columns(r.ackBuckets(), labels, 1, Svg.ACKNOWLEDGED, WIDTH, 130,
                w.get("distribution")));
    }

    static String spreadCells(Spread s, Words w) {
        if (s.isEmpty()) {
            return "<td class=\"n\">–</td><td class=\"n\">–</td><td class=\"n\">–</td>";
        }
        return "<td class=\"n\">" + w.duration(s.medianMs()) + "</td><td class=\"n\">" + w.duration(s.p90Ms())
                + "</td><td class=\"n\">" + w.duration(s.maxMs()) + "</td>";
    }
}
