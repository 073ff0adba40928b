package id.kentongan.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTML form's sections after the figures: incidents, sirens, drills, equipment, people, posts. */
final class HtmlSections {

    private static final int MAX_CASES_SHOWN = 50;

    private HtmlSections() {
    }

    static void incidents(Report r, Words w, Writer out) throws IOException {
        out.write("<h2>" + w.get("incidents") + "</h2>\n<p class=\"legend\">");
        legend(out, Svg.ALARM, w.get("raised") + " · " + w.get("sounded"));
        legend(out, Svg.DELIVERED, w.get("delivered"));
        legend(out, Svg.ACKNOWLEDGED, w.get("acknowledged"));
        legend(out, Svg.SIREN, w.get("silenced"));
        legend(out, Svg.CLEARED, w.get("cleared"));
        out.write("</p>\n");
        Map<String, List<Timeline>> byPost = new LinkedHashMap<>();
        for (Timeline t : r.alerts()) {
            if (t.isActual()) {
                byPost.computeIfAbsent(t.post, k -> new ArrayList<>()).add(t);
            }
        }
        if (byPost.isEmpty()) {
            out.write("<p>" + w.get("none") + "</p>\n");
        }
        int rows = 0;
        int hidden = 0;
        for (Map.Entry<String, List<Timeline>> e : byPost.entrySet()) {
            if (r.acrossPosts()) {
                out.write("<h3>" + w.get("post") + " " + Html.escape(e.getKey()) + "</h3>\n");
            }
            out.write("<table><thead><tr><th class=\"n\">#</th><th>" + w.get("when") + "</th><th>" + w.get("kind")
                    + "</th><th>" + w.get("zone") + "</th><th>" + w.get("from") + "</th><th>" + w.get("delivered")
                    + "</th><th>" + w.get("acknowledged") + "</th><th>" + w.get("sirens") + "</th><th>"
                    + w.get("cleared") + "</th></tr></thead>\n<tbody>\n");
            for (Timeline t : e.getValue()) {
                if (rows++ >= HtmlReport.MAX_ROWS) {
                    hidden++;
                    continue;
                }
                out.write("<tr><td class=\"n\">" + t.seq + "</td><td class=\"nw\">" + w.dayTime(t.raisedMs)
                        + mark(t.raisedTrusted, w) + "</td><td class=\"nw\">" + Html.escape(w.kind(t.kind))
                        + "</td><td class=\"nw\">" + Html.escape(t.zone) + "</td><td class=\"nw\">"
                        + Html.escape(t.source) + "</td><td>" + cell(t, t.delivered(), w, false) + "</td><td>"
                        + cell(t, t.acknowledged, w, true) + "</td><td>" + siren(t, w) + "</td><td>"
                        + cell(t, t.cleared, w, false) + "</td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
        if (hidden > 0) {
            out.write("<p class=\"note\">+" + hidden + " " + w.get("more") + "</p>\n");
        }
        if (r.totals().untracked() > 0) {
            out.write("<p class=\"note\">" + Html.escape(w.format("untracked", r.totals().untracked())) + "</p>\n");
        }
        int drawn = 0;
        for (List<Timeline> ts : byPost.values()) {
            for (Timeline t : ts) {
                if (drawn++ < HtmlReport.MAX_TIMELINES) {
                    timeline(r, t, w, out);
                }
            }
        }
        if (drawn > HtmlReport.MAX_TIMELINES) {
            out.write("<p class=\"note\">+" + (drawn - HtmlReport.MAX_TIMELINES) + " " + w.get("more") + "</p>\n");
        }
    }

    private static void legend(Writer out, String colour, String text) throws IOException {
        out.write("<span><i style=\"background:" + colour + "\"></i>" + Html.escape(text) + "</span>");
    }

    private static String mark(boolean trusted, Words w) {
        return trusted ? "" : " <span class=\"mark\">" + w.get("clock-mark") + "</span>";
    }

    private static String cell(Timeline t, Timeline.Step s, Words w, boolean who) {
        if (s == null) {
            return "–";
        }
        return "+" + w.duration(t.after(s)) + (who && s.by() != null ? " <small>" + Html.escape(w.by(s.by()))
                + "</small>" : "") + mark(s.trusted() && t.raisedTrusted, w);
    }

    private static String siren(Timeline t, Words w) {
        if (t.sirenEnded == null) {
            return "–";
        }
        return cell(t, t.sirenEnded, w, false) + " <small>" + (t.sirenEnd == Timeline.SirenEnd.SILENCED
                ? w.get("silenced") : w.get("timed-out")) + "</small>";
    }

    private static void timeline(Report r, Timeline t, Words w, Writer out) throws IOException {
        List<Svg.Mark> marks = new ArrayList<>();
        StringBuilder steps = new StringBuilder();
        marks.add(new Svg.Mark(0, Svg.ALARM, w.dayTime(t.raisedMs).substring(6)));
        steps.append(w.get("raised")).append(' ').append(w.dayTime(t.raisedMs)).append(mark(t.raisedTrusted, w));
        if (t.sounded()) {
            steps.append(" · ").append(w.get("sounded"));
        }
        step(marks, steps, t, t.delivered(), Svg.DELIVERED, w.get("delivered"), w);
        step(marks, steps, t, t.acknowledged, Svg.ACKNOWLEDGED, w.get("acknowledged"), w);
        step(marks, steps, t, t.sirenEnded, Svg.SIREN, t.sirenEnd == Timeline.SirenEnd.TIMED_OUT ? w.get("timed-out")
                : w.get("silenced"), w);
        step(marks, steps, t, t.cleared, Svg.CLEARED, w.get("cleared"), w);
        marks.sort((a, b) -> Long.compare(a.afterMs(), b.afterMs()));
        String title = "#" + t.seq + " " + w.kind(t.kind) + " · " + t.zone + (r.acrossPosts() ? " · " + t.post : "");
        out.write("<div class=\"incident\"><h3>" + Html.escape(title) + "</h3>"
                + Svg.timeline(marks, HtmlReport.WIDTH, title) + "<p class=\"steps\">" + steps + "</p></div>\n");
    }

    private static void step(List<Svg.Mark> marks, StringBuilder steps, Timeline t, Timeline.Step s, String colour,
                             String name, Words w) {
        if (s == null) {
            return;
        }
        marks.add(new Svg.Mark(t.after(s), colour, "+" + w.duration(t.after(s))));
        steps.append(" → ").append(Html.escape(name)).append(" +").append(w.duration(t.after(s)));
        if (s.by() != null) {
            steps.append(" (").append(Html.escape(w.by(s.by()))).append(')');
        }
        steps.append(mark(s.trusted() && t.raisedTrusted, w));
    }

    static void sirens(Report r, Words w, Writer out) throws IOException {
        Report.Sirens s = r.sirens();
        out.write("<h2>" + w.get("sirens") + "</h2>\n<p>" + Html.escape(w.format("sirens-line", s.silenced(),
                s.timedOut(), w.duration(s.totalMs()))));
        if (!s.sounding().isEmpty()) {
            out.write(" · " + w.get("median") + " " + w.duration(s.sounding().medianMs()) + ", " + w.get("max") + " "
                    + w.duration(s.sounding().maxMs()));
        }
        out.write("</p>\n");
    }

    static void drills(Report r, Words w, Writer out) throws IOException {
        out.write("<h2>" + w.get("drills") + "</h2>\n");
        if (r.drills().isEmpty()) {
            out.write("<p>" + w.get("no-drills") + "</p>\n");
            return;
        }
        out.write("<table><thead><tr><th></th><th>" + w.get("kind") + "</th><th class=\"n\">" + w.get("held")
                + "</th><th class=\"n\">" + w.get("acknowledged") + "</th><th class=\"n\">" + w.get("acked-in")
                + "</th><th class=\"n\">" + w.get("cleared") + "</th></tr></thead>\n<tbody>\n");
        for (Report.Drill d : r.drills()) {
            String status = d.status().equals("Exercise") ? w.get("exercise") : d.status().equals("Test")
                    ? w.get("test") : d.status();
            String in = d.acknowledgedIn().isEmpty() ? "–" : w.duration(d.acknowledgedIn().medianMs()) + " / "
                    + w.duration(d.acknowledgedIn().maxMs());
            out.write("<tr><td>" + Html.escape(status) + "</td><td>" + Html.escape(w.kind(d.kind()))
                    + "</td><td class=\"n\">" + d.held() + "</td><td class=\"n\">" + d.acknowledged()
                    + "</td><td class=\"n\">" + in + "</td><td class=\"n\">" + d.cleared() + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
    }

    static void equipment(Report r, Words w, Writer out) throws IOException {
        HtmlEquipment.write(r, w, out);
    }

    static void community(Report r, Words w, Writer out) throws IOException {
        Community.Figures c = r.community();
        if (c.hasReports()) {
            out.write("<h2>" + w.get("reports") + "</h2>\n<table><thead><tr><th>" + w.get("outcome")
                    + "</th><th class=\"n\">" + w.get("count") + "</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, Long> e : c.reportsByOutcome().entrySet()) {
                String outcome = e.getKey().equals(Community.OPEN) ? w.get("open") : e.getKey();
                out.write("<tr><td>" + Html.escape(outcome) + "</td><td class=\"n\">" + e.getValue() + "</td></tr>\n");
            }
            out.write("</tbody></table>\n<table><thead><tr><th>" + w.get("when") + "</th><th>" + w.get("zone")
                    + "</th><th>" + w.get("outcome") + "</th></tr></thead>\n<tbody>\n");
            for (Community.Case k : c.cases().subList(0, Math.min(MAX_CASES_SHOWN, c.cases().size()))) {
                String outcome = k.outcome().equals(Community.OPEN) ? w.get("open") : k.outcome() + " +"
                        + w.duration(k.outcomeMs() - k.raisedMs());
                out.write("<tr><td>" + w.dayTime(k.raisedMs()) + mark(k.trusted(), w) + "</td><td>"
                        + Html.escape(k.zone()) + "</td><td>" + Html.escape(outcome) + "</td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
        if (c.hasWatch()) {
            out.write("<h2>" + w.get("watch") + "</h2>\n<table><thead><tr><th>" + w.get("kind") + "</th><th>"
                    + w.get("place") + "</th><th class=\"n\">" + w.get("count") + "</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, Long> e : c.watchByPlace().entrySet()) {
                String[] kp = e.getKey().split("\t", 2);
                out.write("<tr><td>" + Html.escape(kp[0]) + "</td><td>" + Html.escape(kp.length > 1 ? kp[1] : "")
                        + "</td><td class=\"n\">" + e.getValue() + "</td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
    }

    static void perPost(Report r, Words w, Writer out) throws IOException {
        if (!r.acrossPosts()) {
            return;
        }
        out.write("<h2>" + w.get("per-post") + "</h2>\n<table><thead><tr><th>" + w.get("post") + "</th><th class=\"n\">"
                + w.get("events") + "</th><th class=\"n\">" + w.get("alarms") + "</th><th class=\"n\">" + w.get("drills")
                + "</th><th class=\"n\">" + w.get("median-ack") + "</th><th class=\"n\">" + w.get("outages")
                + "</th><th class=\"n\">" + w.get("untrusted") + "</th></tr></thead>\n<tbody>\n");
        for (Report.PostLine p : r.perPost()) {
            out.write("<tr><td>" + Html.escape(p.post()) + "</td><td class=\"n\">" + p.events() + "</td><td class=\"n\">"
                    + p.alarms() + "</td><td class=\"n\">" + p.drills() + "</td><td class=\"n\">"
                    + (p.acknowledged().isEmpty() ? "–" : w.duration(p.acknowledged().medianMs()))
                    + "</td><td class=\"n\">" + p.outages() + "</td><td class=\"n\">" + p.untrusted() + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
    }
}
