package id.kentongan.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** The HTML form's equipment section: uplink outages, field nodes, power, the journal and the clock. */
final class HtmlEquipment {

    private static final int MAX_OUTAGES_SHOWN = 20;

    private HtmlEquipment() {
    }

    static void write(Report r, Words w, Writer out) throws IOException {
        Equipment.Figures e = r.equipment();
        out.write("<h2>" + w.get("equipment") + "</h2>\n");
        out.write("<p><b>" + w.get("outages") + ":</b> " + Html.escape(w.format("outage-line", e.outageCount(),
                w.duration(e.outageMs()), w.duration(e.longestOutageMs()))) + "</p>\n");
        if (!e.outages().isEmpty()) {
            out.write("<table><thead><tr>" + (r.acrossPosts() ? "<th>" + w.get("post") + "</th>" : "") + "<th>"
                    + w.get("when") + "</th><th class=\"n\">" + w.get("length") + "</th></tr></thead>\n<tbody>\n");
            for (Equipment.Outage o : e.outages().subList(0, Math.min(MAX_OUTAGES_SHOWN, e.outages().size()))) {
                String length = o.lengthMs() >= 0 ? w.duration(o.lengthMs()) : o.backMs() == Row.NONE
                        ? w.get("still-down") : "–";
                out.write("<tr>" + (r.acrossPosts() ? "<td>" + Html.escape(o.post()) + "</td>" : "") + "<td>"
                        + w.dayTime(o.lostMs()) + (o.trusted() ? "" : " <span class=\"mark\">" + w.get("clock-mark")
                        + "</span>") + "</td><td class=\"n\">" + Html.escape(length) + "</td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
        if (!e.nodes().isEmpty()) {
            out.write("<table><thead><tr>" + (r.acrossPosts() ? "<th>" + w.get("post") + "</th>" : "") + "<th>"
                    + w.get("node") + "</th><th class=\"n\">" + w.get("silences") + "</th><th class=\"n\">"
                    + w.get("silent-for") + "</th><th class=\"n\">" + w.get("low-battery")
                    + "</th></tr></thead>\n<tbody>\n");
            for (Equipment.Node n : e.nodes()) {
                out.write("<tr>" + (r.acrossPosts() ? "<td>" + Html.escape(n.post()) + "</td>" : "") + "<td>"
                        + Html.escape(n.node()) + "</td><td class=\"n\">" + n.silences() + "</td><td class=\"n\">"
                        + w.duration(n.silentMs()) + (n.silentNow() ? " <small>" + w.get("silent-now") + "</small>" : "")
                        + "</td><td class=\"n\">" + n.lowBatteries() + "</td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
        out.write("<p><b>" + w.get("power-lost") + ":</b> " + e.powerLost() + "</p>\n");
        out.write("<p>" + Html.escape(w.format("journal", e.journalFailing(), e.journalDamaged(), e.journalRecovered()))
                + "</p>\n");
        StringBuilder jumps = new StringBuilder();
        for (Double s : e.jumpSeconds()) {
            jumps.append(jumps.isEmpty() ? "(" : ", ").append(s >= 0 ? "+" : "−").append(w.duration(Math.round(
                    Math.abs(s) * 1000)));
        }
        if (!jumps.isEmpty()) {
            jumps.append(')');
        }
        out.write("<p>" + Html.escape(w.format("clock", e.clockJumps(), jumps, e.clockSynchronised(),
                r.totals().untrusted())) + "</p>\n");
        if (!e.other().isEmpty()) {
            out.write("<p><b>" + w.get("other-supervision") + ":</b> ");
            boolean first = true;
            for (Map.Entry<String, Long> o : e.other().entrySet()) {
                out.write((first ? "" : ", ") + Html.escape(o.getKey()) + " " + o.getValue());
                first = false;
            }
            out.write("</p>\n");
        }
    }
}
