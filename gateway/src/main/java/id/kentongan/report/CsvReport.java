package id.kentongan.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV form: a header row, then one row per alert of the window (real alarms and drills) with its
 * timeline: each step's time (ISO 8601 with offset), who took it, and the seconds from the raise. A step
 * that did not happen is an empty cell. Stateless; the caller's thread.
 */
final class CsvReport {

    static final String[] HEADER = {"post", "identifier", "seq", "kind", "priority", "status", "zone", "source",
            "raised", "clock", "sounded", "delivered", "delivered_after_s", "acknowledged", "acknowledged_by",
            "acknowledged_after_s", "siren_ended", "siren_end", "sounding_s", "cleared", "cleared_by",
            "cleared_after_s"};

    private CsvReport() {
    }

    static void write(Report report, Writer out) throws IOException {
        ZoneId zone = report.window().zone();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator("\r\n").get();
        CSVPrinter csv = new CSVPrinter(out, format); // not closed: the writer is the caller's
        for (Timeline t : report.alerts()) {
            List<Object> row = new ArrayList<>(HEADER.length);
            row.add(t.post);
            row.add(t.identifier);
            row.add(t.seq);
            row.add(t.kind);
            row.add(Stamps.priority(t.priority));
            row.add(t.status);
            row.add(t.zone);
            row.add(t.source);
            row.add(Stamps.time(t.raisedMs, zone));
            row.add(t.trusted() ? "trusted" : "unsynchronised");
            row.add(t.sounded() ? "yes" : "");
            step(row, t, t.delivered(), zone, false);
            step(row, t, t.acknowledged, zone, true);
            row.add(t.sirenEnded == null ? "" : Stamps.time(t.sirenEnded.ms(), zone));
            row.add(t.sirenEnd == null ? "" : t.sirenEnd == Timeline.SirenEnd.SILENCED ? "silenced" : "timed-out");
            row.add(t.sirenEnded == null ? "" : Stamps.seconds(t.after(t.sirenEnded)));
            step(row, t, t.cleared, zone, true);
            csv.printRecord(row);
        }
        csv.flush();
    }

    private static void step(List<Object> row, Timeline t, Timeline.Step s, ZoneId zone, boolean withWho) {
        row.add(s == null ? "" : Stamps.time(s.ms(), zone));
        if (withWho) {
            row.add(s == null || s.by() == null ? "" : s.by());
        }
        row.add(s == null ? "" : Stamps.seconds(t.after(s)));
    }
}
