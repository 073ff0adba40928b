package id.kentongan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.Post;
import id.kentongan.fixtures.ExampleMonth;
import id.kentongan.fixtures.PostJournal;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A month of the example post written by the test (incidents with acknowledgements, repeated ones, silences,
 * a siren at its limit and all-clears, a drill and a test, an uplink outage with an alarm inside it, a field
 * node silent then back, a clock that was not trusted, follow-ups across both ends of the month: {@link
 * ExampleMonth}) gives exact figures in CSV and JSON. Every expected figure is worked out here by hand from
 * the events written there, whose comments give each step's time.
 */
class ReportGoldenTest {

    static final Post POST = ExampleMonth.POST;
    static final String CENTRE = ExampleMonth.CENTRE;

    @TempDir
    Path dir;

    Path db;

    @BeforeEach
    void write_the_month() throws Exception {
        db = dir.resolve("journal.db");
        try (PostJournal j = PostJournal.create(db, POST)) {
            ExampleMonth.write(j);
        }
    }

    Report report() throws Exception {
        return Reports.ofPost(db, POST, Window.month("2026-11", POST.timeZone()), Reports.MAX_ALERTS);
    }

    @Test
    void the_csv_has_a_row_per_alert_of_the_month_with_each_step_timed_from_the_raise() throws Exception {
        StringWriter out = new StringWriter();
        CsvReport.write(report(), out);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(out.toString()))
                .getRecords();
        Map<Long, CSVRecord> bySeq = new LinkedHashMap<>();
        rows.forEach(r -> bySeq.put(Long.parseLong(r.get("seq")), r));
        // E drill 3, B fire 6, F test 14, C flood 16, G panic 20, A panic 24, D tamper 29, H intrusion 30, I panic 34
        assertEquals(List.of(3L, 6L, 14L, 16L, 20L, 24L, 29L, 30L, 34L), new ArrayList<>(bySeq.keySet()));

        CSVRecord a = bySeq.get(24L);
        assertEquals("KTG-sukamaju-rt03-rw05-1-24", a.get("identifier"));
        assertEquals("panic", a.get("kind"));
        assertEquals("life-safety", a.get("priority"));
        assertEquals("Actual", a.get("status"));
        assertEquals("2026-11-24T02:18:06.000+07:00", a.get("raised"));
        assertEquals("trusted", a.get("clock"));
        assertEquals("yes", a.get("sounded"));
        assertEquals("0.180", a.get("delivered_after_s"));
        assertEquals("42.000", a.get("acknowledged_after_s"), "the first acknowledgement counts, not the repeat");
        assertEquals(CENTRE, a.get("acknowledged_by"));
        assertEquals("silenced", a.get("siren_end"));
        assertEquals("65.000", a.get("sounding_s"));
        assertEquals("2026-11-24T02:38:06.000+07:00", a.get("cleared"));
        assertEquals("1200.000", a.get("cleared_after_s"));

        CSVRecord b = bySeq.get(6L);
        assertEquals("timed-out", b.get("siren_end"));
        assertEquals("900.000", b.get("sounding_s"));
        assertEquals("2400.000", b.get("cleared_after_s"));

        CSVRecord g = bySeq.get(20L);
        assertEquals("2220.000", g.get("delivered_after_s"), "delivered with the backlog when the uplink came back");
        assertEquals("120.000", g.get("sounding_s"));
        assertEquals("2280.000", g.get("acknowledged_after_s"));

        CSVRecord d = bySeq.get(29L);
        assertEquals("", d.get("acknowledged"));
        assertEquals("", d.get("cleared_after_s"));
        assertEquals("", d.get("sounded"));

        assertEquals("unsynchronised", bySeq.get(30L).get("clock"));
        assertEquals("Exercise", bySeq.get(3L).get("status"));
        assertEquals("Test", bySeq.get(14L).get("status"));
        CSVRecord last = bySeq.get(34L);
        assertEquals("2026-12-01T00:10:00.000+07:00", last.get("cleared"), "its all-clear came in the next month");
        assertEquals("1200.000", last.get("cleared_after_s"));
    }

    @Test
    void the_json_has_the_months_counts_response_times_drills_and_equipment() throws Exception {
        StringWriter out = new StringWriter();
        JsonReport.write(report(), out);
        JsonNode r = new ObjectMapper().readTree(out.toString());

        // 40 rows written; October's alarm is before the window; December's alarm and I's all-clear are read
        // as follow-up time, outside the month
        assertEquals(39, r.at("/totals/rows").asLong());
        assertEquals(37, r.at("/totals/inWindow").asLong());
        assertEquals(3, r.at("/totals/untrustedClock").asLong(), "H, its acknowledgement and the clock jump");
        assertEquals(3, r.at("/totals/telemetry").asLong());
        assertEquals(1, r.at("/totals/unmatchedFollowUps").asLong(), "October's all-clear");

        // real alarms: B fire, C flood, G A I panic, D tamper, H intrusion
        assertEquals(7, r.at("/alarms/count").asLong());
        assertEquals(Map.of("panic", 3L, "fire", 1L, "flood", 1L, "intrusion", 1L, "tamper", 1L),
                longs(r.at("/alarms/byKind")));
        assertEquals(Map.of("rw05-pos", 4L, "rw05-utara", 2L, "rw05-sungai", 1L), longs(r.at("/alarms/byZone")));
        long[] hours = new long[24];
        hours[2] = 1;  // A 02:18
        hours[3] = 1;  // G 03:10
        hours[14] = 1; // D 14:00
        hours[19] = 1; // B 19:30
        hours[23] = 2; // C 23:05, I 23:50
        assertEquals(asList(hours), asList(r.at("/alarms/byHour")));
        // Mon I, Tue B A, Wed G, Thu D, Sun C (10th and 24th are Tuesdays, 15th a Sunday, 30th a Monday)
        assertEquals(List.of(1L, 2L, 1L, 1L, 0L, 0L, 1L), asList(r.at("/alarms/byWeekday")));
        assertEquals(1, r.at("/alarms/notPlaced").asLong(), "H: its clock was not trusted");

        // panic acks 42 s (A), 60 s (I), 2280 s (G): nearest rank of 3 is the 2nd for the median, the 3rd for p90
        JsonNode panic = kind(r, "panic");
        assertEquals(3, panic.at("/alarms").asLong());
        assertEquals(0, panic.at("/unacknowledged").asLong());
        assertSpread(panic.at("/acknowledged"), 3, 60_000, 2_280_000, 2_280_000);
        // panic all-clears 1200 s (A), 1200 s (I), 4800 s (G)
        assertSpread(panic.at("/cleared"), 3, 1_200_000, 4_800_000, 4_800_000);
        assertSpread(kind(r, "fire").at("/acknowledged"), 1, 95_000, 95_000, 95_000);
        assertSpread(kind(r, "flood").at("/cleared"), 1, 7_200_000, 7_200_000, 7_200_000);
        assertEquals(1, kind(r, "tamper").at("/unacknowledged").asLong());
        assertEquals(0, kind(r, "intrusion").at("/acknowledged/n").asLong(), "acknowledged, on an untrusted clock");
        assertEquals(0, kind(r, "intrusion").at("/unacknowledged").asLong());
        // acks by bucket: 30 s (C) and 42 s (A) under a minute; 60 s (I) and 95 s (B) under two; 2280 s (G) past 30 min
        List<Long> buckets = new ArrayList<>();
        r.at("/acknowledgementDistribution").forEach(x -> buckets.add(x.path("count").asLong()));
        assertEquals(List.of(0L, 2L, 2L, 0L, 0L, 0L, 1L), buckets);

        // sirens on record: A silenced at 65 s, G silenced at 120 s, B at its limit after 900 s
        assertEquals(2, r.at("/sirens/silenced").asLong());
        assertEquals(1, r.at("/sirens/timedOut").asLong());
        assertEquals(65_000 + 120_000 + 900_000, r.at("/sirens/soundingMs").asLong());
        assertSpread(r.at("/sirens/sounding"), 3, 120_000, 900_000, 900_000);

        // the drill and the test, apart from the real alarms
        JsonNode drills = r.at("/drills");
        assertEquals(2, drills.size());
        JsonNode exercise = drills.get(0);
        assertEquals("Exercise", exercise.path("status").asText());
        assertEquals("flood", exercise.path("kind").asText());
        assertEquals(1, exercise.path("held").asLong());
        assertSpread(exercise.path("acknowledgedIn"), 1, 12_000, 12_000, 12_000);
        assertEquals(1, exercise.path("cleared").asLong());
        JsonNode test = drills.get(1);
        assertEquals("Test", test.path("status").asText());
        assertSpread(test.path("acknowledgedIn"), 1, 8_000, 8_000, 8_000);
        assertEquals(0, test.path("cleared").asLong());

        // equipment: one outage of 47 min, the river node silent 2 h 30 min with two low batteries, one clock jump
        assertEquals(1, r.at("/equipment/uplinkOutages/count").asLong());
        assertEquals(2_820_000, r.at("/equipment/uplinkOutages/longestMs").asLong());
        assertEquals(2_820_000, r.at("/equipment/uplinkOutages/list/0/lengthMs").asLong());
        JsonNode node = r.at("/equipment/nodes/0");
        assertEquals("sungai-1", node.path("node").asText());
        assertEquals(1, node.path("silences").asLong());
        assertEquals(9_000_000, node.path("silentMs").asLong());
        assertFalse(node.path("silentNow").asBoolean());
        assertEquals(2, node.path("lowBatteries").asLong());
        assertEquals(1, r.at("/equipment/clock/jumps").asLong());
        assertEquals(3600.0, r.at("/equipment/clock/jumpSeconds/0").asDouble());
        assertEquals(1, r.at("/equipment/clock/synchronised").asLong());

        // the post's line: every trusted real ack, 30 42 60 95 2280 s: median the 3rd, p90 the 5th
        JsonNode post = r.at("/perPost/0");
        assertEquals("sukamaju/rt03-rw05", post.path("post").asText());
        assertEquals(7, post.path("alarms").asLong());
        assertEquals(2, post.path("drills").asLong());
        assertSpread(post.path("acknowledged"), 5, 60_000, 2_280_000, 2_280_000);
        assertEquals(1, post.path("uplinkOutages").asLong());
        assertEquals(3, post.path("untrustedClock").asLong());
        assertFalse(r.has("residentsReports"), "no residents' reports in this journal, so no section");
        assertFalse(r.has("watch"));
        assertEquals(9, r.at("/alerts").size());
    }

    @Test
    void residents_reports_and_the_watch_appear_once_the_journal_holds_them() throws Exception {
        Path other = dir.resolve("newer.db");
        try (PostJournal j = PostJournal.create(other, POST)) {
            long t = j.at("2026-11-20T21:00:00");
            String first = j.future("report", 1, "sms", "rw05-utara", t, "Alert", null);
            j.future("report", 1, "sms", "rw05-pos", t + 60_000, "Alert", null);
            j.future("report-confirmed", 2, "guard", "rw05-pos", t + 300_000, "Update", j.reference(first, t));
            j.future("shift-unmanned", 2, "ronda", "rw05-pos", j.at("2026-11-21T22:15:00"), "Alert", null);
            j.future("round-missed", 2, "jembatan", "rw05-sungai", j.at("2026-11-22T01:00:00"), "Alert", null);
            j.future("round-missed", 2, "jembatan", "rw05-sungai", j.at("2026-11-23T01:00:00"), "Alert", null);
        }
        StringWriter out = new StringWriter();
        JsonReport.write(Reports.ofPost(other, POST, Window.month("2026-11", POST.timeZone()), 100), out);
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertEquals(2, r.at("/residentsReports/count").asLong());
        assertEquals(Map.of("report-confirmed", 1L, "open", 1L), longs(r.at("/residentsReports/byOutcome")));
        assertEquals(Map.of("round-missed", 2L, "shift-unmanned", 1L), longs(r.at("/watch/byKind")));
        assertEquals("jembatan", r.at("/watch/byPlace/0/place").asText());
        assertEquals(0, r.at("/alarms/count").asLong(), "a resident's report is not an alarm");

        StringWriter html = new StringWriter();
        HtmlReport.write(Reports.ofPost(other, POST, Window.month("2026-11", POST.timeZone()), 100),
                new Words(Lang.ID, POST.timeZone()), 0, html);
        assertTrue(html.toString().contains("<h2>Laporan warga</h2>"), html.toString());
        assertTrue(html.toString().contains("<h2>Ronda</h2>"));
        StringWriter plain = new StringWriter();
        HtmlReport.write(report(), new Words(Lang.ID, POST.timeZone()), 0, plain);
        assertFalse(plain.toString().contains("<h2>Laporan warga</h2>"), "no section without such events");
    }

    @Test
    void the_html_names_every_alarm_marks_the_untrusted_one_and_loads_nothing_from_elsewhere() throws Exception {
        StringWriter out = new StringWriter();
        HtmlReport.write(report(), new Words(Lang.EN, POST.timeZone()), 0, out);
        String html = out.toString();
        assertFalse(html.contains("://"), "one self-contained file");
        assertFalse(html.contains("<script"), "no script");
        assertTrue(html.contains("<title>Report Poskamling RT 03 / RW 05 Sukamaju · November 2026</title>"), html);
        assertEquals(7, count(html, "<tr><td class=\"n\">"), "a row per real alarm, none for drills");
        assertEquals(1, count(html, "<span class=\"mark\">clock?</span></td><td class=\"nw\">intrusion"), "H is marked");
        assertEquals(7, count(html, "<div class=\"incident\">"), "a timeline per real alarm");
    }

    private static JsonNode kind(JsonNode r, String kind) {
        for (JsonNode k : r.at("/responseTimes")) {
            if (k.path("kind").asText().equals(kind)) {
                return k;
            }
        }
        throw new AssertionError("no response times for " + kind);
    }

    private static void assertSpread(JsonNode s, int n, long median, long p90, long max) {
        assertEquals(n, s.path("n").asInt(), s.toString());
        assertEquals(median, s.path("medianMs").asLong(), "median " + s);
        assertEquals(p90, s.path("p90Ms").asLong(), "p90 " + s);
        assertEquals(max, s.path("maxMs").asLong(), "max " + s);
    }

    private static Map<String, Long> longs(JsonNode o) {
        Map<String, Long> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private static List<Long> asList(JsonNode a) {
        List<Long> l = new ArrayList<>();
        a.forEach(x -> l.add(x.asLong()));
        return l;
    }

    private static List<Long> asList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
