package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.fixtures.Chromium;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Scrape;
import id.kentongan.fixtures.SmsSim;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.sms.DummyPhone;
import id.kentongan.config.PhoneNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residents' reports by SMS with the real gammu-smsd (dummy phone), a real broker and the status page
 * in headless Chromium: a LAPOR from a registered number reaches the centre as a CAP report and the page,
 * sounds nothing, is answered, and the guard's confirm raises the alarm with the siren; floods of
 * malformed, oversized, binary and unknown-number messages change nothing but counters.
 */
@Timeout(240)
class LaporIT {

    static final String RESIDENT = SmsSim.number(1);
    static final String STRANGER = SmsSim.number(999);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY_ID = "polsek-1";

    @TempDir
    Path tmp;
    Path state;

    @AfterEach
    void no_daemon_is_left() throws Exception {
        if (state != null) {
            SmsSim.stopDaemon(SmsSim.spool(state));
        }
    }

    Path profile(String broker, int http) throws Exception {
        Path profile = SmsSim.withSms(Profiles.write(tmp.resolve("etc"), broker), """
                sms:
                  modems: [{ id: modem-1, per_minute: 3000, window: 10 }]
                  residents: { life-safety: none, security: none }
                """);
        StatusHttp.serveOn(profile, http, false);
        Profiles.writeCentreKey(profile, KEY_ID, "centre-key-0123456789-abcdefghijkl");
        SmsSim.writeRegister(profile, """
                residents:
                  z1:
                    - { id: u001, number: "%s" }
                """.formatted(RESIDENT));
        return profile;
    }

    static JsonNode output(JsonNode status, String id) {
        for (JsonNode o : status.path("outputs")) {
            if (o.path("id").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError("no output " + id);
    }

    @Test
    void a_residents_lapor_reaches_the_centre_and_the_page_and_the_guards_confirm_sounds_the_alarm() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/desa-uji/pos-uji/alert")) {
            int http = MosquittoBroker.freePort();
            Path profile = profile(broker.uri(), http);
            state = tmp.resolve("state");
            Path spool = SmsSim.spool(state);
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0"))) {
                DummyPhone.receive(spool, RESIDENT, "Lapor z2 ada orang mencurigakan di gang 3", LocalDateTime.now());
                DummyPhone.receive(spool, STRANGER, "lapor ada api di pasar", LocalDateTime.now());
                await().atMost(Duration.ofSeconds(30)).until(() -> centre.events().stream()
                        .anyMatch(r -> r.alert().kind().equals("report")));
                JsonNode cap = JSON.readTree(centre.events().stream().filter(r -> r.alert().kind().equals("report"))
                        .findFirst().orElseThrow().payload());
                JsonNode info = cap.path("info").get(1);
                assertEquals("Security", info.path("category").get(0).asText());
                assertEquals("Expected", info.path("urgency").asText());
                assertEquals("Unknown", info.path("certainty").asText(), "a report, not an observation");
                assertTrue(info.path("description").asText().contains("\"ada orang mencurigakan di gang 3\""),
                        info.toString());
                assertEquals("z2", info.path("area").get(0).path("areaDesc").asText());
                String payload = cap.toString();
                assertFalse(payload.contains(RESIDENT.substring(3)), "no number in an MQTT payload");

                JsonNode status = SmsSim.status(tmp, state);
                assertEquals(1, status.path("reports").size());
                long n = status.path("reports").get(0).path("seq").asLong();
                assertEquals("u001", status.path("reports").get(0).path("reporter").asText());
                assertFalse(output(status, "siren-1").path("on").asBoolean(), "a report sounds nothing");
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.status(tmp, state).path("sms")
                        .path("held").size() == 1);
                assertEquals(PhoneNumber.mask(STRANGER), SmsSim.status(tmp, state).path("sms").path("held").get(0)
                        .path("from").asText());
                assertEquals(1, centre.events().stream().filter(r -> r.alert().kind().startsWith("report")).count(),
                        "the stranger's report is held, not published");
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.byNumber(spool).containsKey(RESIDENT));
                assertTrue(SmsSim.byNumber(spool).get(RESIDENT).get(0).startsWith("Laporan Anda diterima Pos uji (no. "
                        + n + ")."), "the reporter is answered");
                assertFalse(SmsSim.byNumber(spool).containsKey(STRANGER), "a stranger is never answered");

                String metrics = StatusHttp.get(http, "/metrics").body();
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kentongan_sms_refused_total{")
                        && l.contains("reason=\"unknown-number\"") && l.endsWith(" 1.0")), metrics);
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kentongan_sms_messages{")
                        && l.contains("state=\"sent\"")), "messages by fate");
                assertFalse(metrics.contains(RESIDENT.substring(3)), "no number in the metrics");
                // the dashboard's SMS panels ask for exactly the SMS meters a post with a modem has
                Set<String> sms = new TreeSet<>(Scrape.sampleNames(metrics));
                sms.removeIf(name -> !name.startsWith("kentongan_sms_"));
                Set<String> shown = new TreeSet<>(ObservabilityIT.dashboardMetrics());
                shown.removeIf(name -> !name.startsWith("kentongan_sms_"));
                assertEquals(sms, shown, "the Grafana dashboard's SMS panels and the post's SMS meters");
                Chromium.Page page = Chromium.load("http://127.0.0.1:" + http + "/", tmp.resolve("chromium"));
                assertTrue(page.dom().contains("ada orang mencurigakan di gang 3"), page.dom());
                assertTrue(page.dom().contains(PhoneNumber.mask(STRANGER)), "held, masked");
                assertFalse(page.dom().contains(STRANGER.substring(3)), "never a whole number on the page");

                GatewayProcess.Ran confirm = GatewayProcess.run(tmp, "report", "confirm", Long.toString(n),
                        "--state-dir", state.toString());
                assertEquals(0, confirm.exit(), confirm.output());
                assertTrue(confirm.output().contains("laporan " + n + " dibenarkan: alarm intrusion dibunyikan"),
                        "the guard's answer in Bahasa Indonesia: " + confirm.output());
                JsonNode after = SmsSim.status(tmp, state);
                assertTrue(output(after, "siren-1").path("pattern").asText().equals("titir"), "the confirmed alarm sounds");
                assertEquals(0, after.path("reports").size());
                await().atMost(Duration.ofSeconds(10)).until(() -> centre.events().stream()
                        .anyMatch(r -> r.alert().kind().equals("intrusion")));
                GatewayProcess.Ran again = GatewayProcess.run(tmp, "report", "dismiss", Long.toString(n),
                        "--state-dir", state.toString(), "--lang", "en");
                assertEquals(1, again.exit());
                assertTrue(again.output().contains("no open report " + n), again.output());

                // the centre's signed command does the same
                DummyPhone.receive(spool, RESIDENT, "lapor ada yang aneh", LocalDateTime.now());
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.status(tmp, state).path("reports").size() == 1);
                long m = SmsSim.status(tmp, state).path("reports").get(0).path("seq").asLong();
                GatewayProcess.Ran signed = GatewayProcess.run(tmp, "command", "report-dismiss", "--post",
                        "desa-uji/pos-uji", "--refs", Long.toString(m), "--key-id", KEY_ID, "--secrets",
                        profile.resolveSibling("secrets.yaml").toString(), "--broker", broker.uri());
                assertEquals(0, signed.exit(), signed.output());
                assertTrue(signed.output().contains("dismissed report " + m), signed.output());
                assertEquals(0, SmsSim.status(tmp, state).path("reports").size());
                assertEquals(143, gw.stop());
            }
        }
    }

    @Test
    void floods_of_malformed_oversized_binary_and_unknown_number_sms_change_nothing_but_counters() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = profile(broker.uri(), MosquittoBroker.freePort());
            state = tmp.resolve("state");
            Path spool = SmsSim.spool(state);
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0"))) {
                long lastSeq = SmsSim.status(tmp, state).path("lastSeq").asLong();
                Path inbox = spool.resolve("inbox");
                int flood = 200;
                for (int i = 0; i < flood; i++) { // straight into the daemon's inbox, as a broken daemon might write
                    Files.write(inbox.resolve("junk-" + i + ".txt"), new byte[] {1, 2, 3});
                    Files.write(inbox.resolve(String.format("IN20261201_090000_%02d_%s_00.txt", i % 100,
                            SmsSim.number(i))), new byte[4096]);
                    Files.write(inbox.resolve(String.format("IN20261201_090001_%02d_%s_00.bin", i % 100,
                            SmsSim.number(i))), new byte[] {(byte) 0xFF, 0, 7});
                    Files.write(inbox.resolve(String.format("IN20261201_090002_%02d_%s_00.txt", i % 100,
                            SmsSim.number(2000 + i))), "OK 1".getBytes(StandardCharsets.UTF_8));
                    Files.write(inbox.resolve(String.format("IN20261201_090003_%02d_%s_00.txt", i % 100,
                            SmsSim.number(3000 + i))), "LAPOR kebakaran!!".getBytes(StandardCharsets.UTF_8));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    try (var s = Files.list(inbox)) {
                        return s.findAny().isEmpty();
                    }
                });
                JsonNode after = SmsSim.status(tmp, state);
                JsonNode refused = after.path("sms").path("refused");
                assertEquals(flood, refused.path("malformed").asLong());
                assertEquals(flood, refused.path("oversized").asLong());
                assertEquals(flood, refused.path("binary").asLong());
                assertEquals(2 * flood, refused.path("unknown-number").asLong());
                assertEquals(lastSeq, after.path("lastSeq").asLong(), "no event: nothing journaled, nothing published");
                assertEquals(0, after.path("alerts").size());
                for (JsonNode o : after.path("outputs")) {
                    if (!o.path("role").asText().equals("uplink-led")) { // the uplink is up: its LED says so
                        assertFalse(o.path("on").asBoolean(), "nothing actuated: " + o);
                    }
                }
                assertEquals(0, SmsSim.sent(spool).size(), "nobody answered");
                assertEquals(Inboundish.MAX_HELD, after.path("sms").path("held").size());
                String log = gw.log();
                assertTrue(log.lines().count() < 200, "the log is not flooded: " + log.lines().count() + " lines");
                assertFalse(log.contains(SmsSim.number(3005).substring(3)), "no number in the log");
                assertEquals(143, gw.stop());
            }
        }
    }

    /** The held list's size, as the gateway keeps it. */
    static final class Inboundish {
        static final int MAX_HELD = 20;
    }
}
