package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.CapJson;
import id.kentongan.fixtures.Chromium;
import id.kentongan.fixtures.Control;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The post supervising itself (#16), against the packaged gateway in simulation and a real Mosquitto:
 * a siren whose feedback contact sticks closed gives one siren-fault naming it that the centre receives,
 * and one siren-restored when it opens; the mains lost and back is a power-lost and a power-restored;
 * {@code kentongan selftest} runs the circuit test and {@code selftest --history} lists it from the
 * journal; {@code kentongan status} shows it all.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SupervisionIT {

    static final String ROOT = "kentongan/v1/desa-uji/pos-uji";

    @TempDir
    Path tmp;

    Path profile(String brokerUri) throws Exception {
        Path p = Profiles.write(tmp.resolve("etc"), brokerUri);
        String text = Files.readString(p)
                .replace("  - { id: silence, pin: 25, role: silence, debounce: 0ms }\n",
                        "  - { id: silence, pin: 25, role: silence, debounce: 0ms }\n"
                                + "  - { id: siren-fb, pin: 20, role: feedback }\n"
                                + "  - { id: mains, pin: 21, role: mains, active: high, settle: 1s }\n")
                .replace("  - { id: siren-1, pin: 5, role: siren }\n",
                        "  - { id: siren-1, pin: 5, role: siren, feedback: siren-fb, settle: 300ms }\n");
        assertTrue(text.contains("feedback: siren-fb") && text.contains("role: mains"), "the profile was edited");
        Files.writeString(p, text + """
                selftest:
                  circuit: { every: "daily at 03:00", method: chirp, chirp: 500ms }
                """);
        return p;
    }

    List<String> kinds(Subscriber centre) {
        return centre.distinctEvents().stream().map(r -> r.alert().kind())
                .filter(k -> k.startsWith("siren-f") || k.startsWith("siren-r") || k.startsWith("power")
                        || k.startsWith("self-test")).toList();
    }

    @Test
    void a_stuck_feedback_and_a_lost_mains_reach_the_centre_and_the_self_test_is_on_record() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(), ROOT + "/alert",
                     ROOT + "/telemetry")) {
            Path state = tmp.resolve("state");
            Path profile = profile(broker.uri());
            int http = MosquittoBroker.freePort();
            StatusHttp.serveOn(profile, http, false);
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                Control control = new Control(state);
                await().atMost(Duration.ofSeconds(15)).until(() -> control.status().path("uplink")
                        .path("connected").asBoolean());
                await("a simulated post is wired sound: nothing past the start's checks")
                        .during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                        .until(() -> kinds(centre).isEmpty());

                control.set("siren-fb", true); // the relay's contact welds shut with the siren off
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre).contains("siren-fault"));
                CapJson.Summary fault = centre.distinctEvents().stream().map(Subscriber.Received::alert)
                        .filter(a -> a.kind().equals("siren-fault")).findFirst().orElseThrow();
                assertEquals("siren-1", fault.source(), "the fault names the siren");
                assertEquals("supervision", fault.priority());
                JsonNode siren = control.status().path("supervision").path("outputs").get(0);
                assertEquals("faulty", siren.path("state").asText());
                GatewayProcess.Ran status = GatewayProcess.run(tmp, "status", "--state-dir", state.toString());
                assertTrue(status.output().contains("RUSAK (tetap berbunyi saat dimatikan)"), status.output());
                GatewayProcess.Ran english = GatewayProcess.run(tmp, "status", "--lang", "en", "--state-dir",
                        state.toString());
                assertTrue(english.output().contains("FAULTY (sounds when off)"), english.output());

                control.set("siren-fb", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre).contains("siren-restored"));

                control.set("mains", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre).contains("power-lost"));
                control.set("mains", true);
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre).contains("power-restored"));
                assertEquals(List.of("siren-fault", "siren-restored", "power-lost", "power-restored"), kinds(centre),
                        "each once");

                GatewayProcess.Ran test = GatewayProcess.run(tmp, "selftest", "--state-dir", state.toString());
                assertEquals(0, test.exit(), test.output());
                assertTrue(test.output().contains("uji mandiri lulus"), "Bahasa Indonesia by default: " + test.output());
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre).contains("self-test-passed"));
                GatewayProcess.Ran history = GatewayProcess.run(tmp, "selftest", "--history", "--state-dir",
                        state.toString());
                assertEquals(0, history.exit(), history.output());
                assertTrue(history.output().lines().anyMatch(l -> l.contains("circuit") && l.contains("lulus")),
                        history.output());
                assertTrue(history.output().startsWith("#      waktu"), history.output());
                GatewayProcess.Ran historyEn = GatewayProcess.run(tmp, "selftest", "--history", "--lang", "en",
                        "--state-dir", state.toString());
                assertTrue(historyEn.output().lines().anyMatch(l -> l.contains("circuit") && l.contains("passed")),
                        historyEn.output());
                JsonNode record = control.status().path("selfTestRecord");
                assertEquals("passed", record.get(0).path("result").asText(), "the status (and page) show the record");
                assertEquals("now", record.get(0).path("slot").asText());

                // the status page's supervision section in the guard's language, English on its switch
                Chromium.Page page = Chromium.load("http://127.0.0.1:" + http + "/", tmp.resolve("chromium"));
                assertTrue(page.shown().contains("Pengawasan sirene dan daya"), page.dom());
                assertTrue(page.shown().contains("Listrik PLN ada"), page.dom());
                assertTrue(page.shown().contains("Catatan uji mandiri") && page.shown().contains("diminta")
                        && page.shown().contains("lulus"), page.dom());
                Chromium.Page pageEn = Chromium.load("http://127.0.0.1:" + http + "/?lang=en", tmp.resolve("chromium"));
                assertTrue(pageEn.shown().contains("Mains present") && pageEn.shown().contains("asked for")
                        && pageEn.shown().contains("passed"), pageEn.dom());
            }
        }
    }

    @Test
    void a_critical_battery_stops_the_post_in_order_and_the_centre_sees_it_offline() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(), ROOT + "/status")) {
            Path p = profile(broker.uri());
            Files.writeString(p, Files.readString(p).replace("  - { id: mains,",
                    "  - { id: batt-crit, pin: 12, role: battery-critical, active: high, settle: 1s }\n  - { id: mains,"));
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(p, state, broker.uri(), tmp.resolve("gw.log"))) {
                Control control = new Control(state);
                await().atMost(Duration.ofSeconds(15)).until(() -> centre.statusPayloads().stream()
                        .anyMatch(s -> s.contains("\"online\"")));
                control.set("batt-crit", true); // held a settle time (1 s): the reply comes before the stop
                assertEquals(3, gw.exitWithin(30), "stopped on its own, with the status the unit does not restart");
                assertTrue(gw.log().contains("the battery is critical"), gw.log());
                assertTrue(gw.log().contains("stopped cleanly"), "every part stopped in order: " + gw.log());
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    List<String> s = centre.statusPayloads();
                    return !s.isEmpty() && s.get(s.size() - 1).contains("\"offline\"");
                });
                assertTrue(Files.exists(state.resolve("journal.db")));
                assertTrue(!Files.exists(state.resolve("journal.db-wal")) || Files.size(state.resolve("journal.db-wal")) == 0,
                        "the journal closed: its log checkpointed");
            }
        }
    }
}
