package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.fixtures.Chromium;
import id.kentongan.fixtures.ExampleMonth;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.PostJournal;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.StatusHttp;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kentongan report} from the packaged jar, as an RT head's technician runs it: the example post's
 * month read in headless Chromium, its charts measured in the screenshot; a journal of 100,000 events
 * reported within seconds in the gateway's own 48 MB heap; and the running gateway's status page serving
 * the reports it links to.
 */
@Timeout(300)
class ReportIT {

    static final Path EXAMPLE_PROFILE = Path.of("..", "firmware-config", "sites", "sukamaju-rt03.yaml")
            .toAbsolutePath().normalize();
    /** The screenshot the docs show (docs/report-month.png is a copy of it). */
    static final Path SCREENSHOT = Path.of("target", "report-month.png");
    /** The bars' colour, Svg.ALARM. */
    static final int ALARM = 0xc62828;
    /** The response-time distribution's colour, Svg.ACKNOWLEDGED. */
    static final int ACKNOWLEDGED = 0xef8f00;

    @TempDir
    Path tmp;

    @Test
    void the_example_posts_month_opens_offline_in_chromium_with_its_charts_drawn_to_scale() throws Exception {
        Path state = tmp.resolve("state");
        try (PostJournal j = PostJournal.create(state.resolve("journal.db"), ExampleMonth.POST)) {
            ExampleMonth.write(j);
        }
        Path html = tmp.resolve("november.html");
        GatewayProcess.Ran ran = GatewayProcess.run(tmp, "report", "--month", "2026-11", "--profile",
                EXAMPLE_PROFILE.toString(), "--state-dir", state.toString(), "--out", html.toString());
        assertEquals(0, ran.exit(), ran.output());
        String page = Files.readString(html);
        assertFalse(page.contains("://"), "one file, nothing loaded from elsewhere");
        assertFalse(page.contains("<script"));

        Chromium.Page shown = Chromium.load(html.toUri().toString(), tmp.resolve("chromium"), 820, 1900);
        assertTrue(shown.dom().contains("Laporan Poskamling RT 03 / RW 05 Sukamaju"), shown.dom());
        ImageIO.write(shown.screenshot(), "png", SCREENSHOT.toFile());
        int width = shown.screenshot().getWidth();
        int half = width / 2;
        // the first band of bars from the top: by kind (left), panic 3, fire, flood, intrusion, tamper 1 each;
        // by zone (right), 4, 2, 1 (the columns by hour and weekday lie below it)
        int top = 0;
        while (top < shown.screenshot().getHeight() && longestRun(shown, ALARM, top, 0, width) < 30) {
            top++;
        }
        int bottom = top;
        for (int blank = 0; bottom < shown.screenshot().getHeight() && blank < 30; bottom++) {
            blank = longestRun(shown, ALARM, bottom, 0, width) >= 30 ? 0 : blank + 1;
        }
        List<Integer> kinds = bars(shown, ALARM, top, bottom, 0, half);
        List<Integer> zones = bars(shown, ALARM, top, bottom, half, width);
        assertEquals(2, kinds.size(), "two lengths of bar by kind: " + kinds);
        assertEquals(3.0, kinds.get(1) / (double) kinds.get(0), 0.15, "panic three times each other kind: " + kinds);
        assertEquals(3, zones.size(), "three lengths of bar by zone: " + zones);
        assertEquals(2.0, zones.get(1) / (double) zones.get(0), 0.15, "rw05-utara twice rw05-sungai: " + zones);
        assertEquals(4.0, zones.get(2) / (double) zones.get(0), 0.2, "rw05-pos four times rw05-sungai: " + zones);
        assertTrue(pixels(shown, ACKNOWLEDGED) > 300, "the response-time distribution is drawn");
    }

    @Test
    void a_report_over_100000_events_finishes_within_seconds_in_a_48_mb_heap() throws Exception {
        Path state = tmp.resolve("state");
        int incidents = 10_000;
        try (PostJournal j = PostJournal.create(state.resolve("journal.db"), ExampleMonth.POST)) {
            long t = j.at("2026-11-01T00:00:00");
            AlertKind[] kinds = {AlertKind.PANIC, AlertKind.FIRE, AlertKind.FLOOD, AlertKind.INTRUSION, AlertKind.TAMPER};
            for (int i = 0; i < incidents; i++) {
                // every 10 events, 250 s: an alarm, its acknowledgement 25 s later and its all-clear 50 s later,
                // then seven telemetry events
                Event alarm = j.alarm(kinds[i % kinds.length], "panic-1", "rw05-pos", t);
                j.delivered(alarm, t + 100);
                j.followUp(AlertKind.ACKNOWLEDGED, ExampleMonth.CENTRE, t + 25_000, false, alarm);
                j.followUp(AlertKind.ALL_CLEAR, ExampleMonth.CENTRE, t + 50_000, false, alarm);
                for (int k = 3; k < 10; k++) {
                    j.raise(AlertKind.LEVEL, "sungai-1", "rw05-sungai", t + k * 25_000, Event.CapStatus.Actual, false,
                            (double) k);
                }
                t += 250_000;
            }
        }
        long csvMs = timed(Path.of("100k.csv"), "csv");
        List<org.apache.commons.csv.CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(tmp.resolve("100k.csv"))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().get().parse(in).getRecords();
        }
        assertEquals(incidents, rows.size(), "a row per alarm");
        assertEquals("25.000", rows.get(incidents - 1).get("acknowledged_after_s"));
        long jsonMs = timed(Path.of("100k.json"), "json");
        JsonNode r = new ObjectMapper().readTree(tmp.resolve("100k.json").toFile());
        assertEquals(100_000, r.at("/totals/inWindow").asLong());
        assertEquals(incidents, r.at("/alarms/count").asLong());
        assertEquals(25_000, r.at("/responseTimes/0/acknowledged/maxMs").asLong());
        long htmlMs = timed(Path.of("100k.html"), "html");
        assertTrue(Files.size(tmp.resolve("100k.html")) < 1_000_000, "the page lists a bounded number of alarms");
        System.out.printf("report over 100,000 events in -Xmx48m: csv %d ms, json %d ms, html %d ms%n", csvMs, jsonMs,
                htmlMs);
        for (long ms : new long[] {csvMs, jsonMs, htmlMs}) {
            assertTrue(ms < 20_000, "within seconds: " + ms + " ms");
        }
    }

    /** Runs the report in the gateway's heap; @return its wall time, process start included. */
    private long timed(Path out, String format) throws Exception {
        Path log = tmp.resolve(format + ".log");
        long start = System.nanoTime();
        Process p = GatewayProcess.command(log, Map.of(), List.of("-Xmx48m"), "report", "--month", "2026-11",
                "--profile", EXAMPLE_PROFILE.toString(), "--state-dir", tmp.resolve("state").toString(), "--format",
                format, "--out", tmp.resolve(out).toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, p.exitValue(), Files.readString(log));
        return ms;
    }

    @Test
    void the_running_gateways_status_page_links_to_and_serves_the_reports() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            StatusHttp.serveOn(profile, http, false);
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() > 0);
                String index = StatusHttp.get(http, "/").body();
                assertTrue(index.contains("href=\"report/last-30-days.html\""), index);
                assertTrue(index.contains("href=\"report/this-month.html\""), index);
                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms", "50",
                        "--state-dir", state.toString()).waitFor());
                // the first ask starts the report off the HTTP threads and answers at once; a later one has it
                StatusHttp.Answer first = StatusHttp.get(http, "/report/last-30-days.html");
                assertTrue(first.code() == 503 || first.code() == 200, first.toString());
                await().atMost(Duration.ofSeconds(20)).until(() -> StatusHttp.get(http, "/report/last-30-days.html")
                        .body().contains("<td>panik</td>"));
                await().atMost(Duration.ofSeconds(20)).until(() -> StatusHttp.get(http,
                        "/report/this-month.html?lang=en").body().contains("<td>panic</td>"));
                assertEquals(404, StatusHttp.get(http, "/report/../journal.db").code());
            }
        }
    }

    /** The distinct lengths of bar in {@code colour} in a band, shortest first (runs of 30 px or more). */
    private static List<Integer> bars(Chromium.Page page, int colour, int y0, int y1, int x0, int x1) {
        List<Integer> lengths = new ArrayList<>();
        for (int y = y0; y < y1; y++) {
            int longest = longestRun(page, colour, y, x0, x1);
            if (longest >= 30 && lengths.stream().noneMatch(l -> Math.abs(l - longest) <= 2)) {
                lengths.add(longest);
            }
        }
        lengths.sort(Integer::compare);
        return lengths;
    }

    private static int longestRun(Chromium.Page page, int colour, int y, int x0, int x1) {
        int run = 0;
        int longest = 0;
        for (int x = x0; x < x1; x++) {
            run = close(page.screenshot().getRGB(x, y), colour) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static long pixels(Chromium.Page page, int colour) {
        long n = 0;
        for (int y = 0; y < page.screenshot().getHeight(); y++) {
            for (int x = 0; x < page.screenshot().getWidth(); x++) {
                n += close(page.screenshot().getRGB(x, y), colour) ? 1 : 0;
            }
        }
        return n;
    }

    private static boolean close(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((argb >> shift) & 0xff) - ((rgb >> shift) & 0xff)) > 16) {
                return false;
            }
        }
        return true;
    }
}
