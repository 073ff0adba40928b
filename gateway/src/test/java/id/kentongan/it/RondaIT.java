package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.fixtures.Chromium;
import id.kentongan.fixtures.Control;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Scrape;
import id.kentongan.fixtures.SmsSim;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.VirtualReader;
import id.kentongan.sms.DummyPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static id.kentongan.fixtures.Scrape.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The night watch (#14) on the packaged jar in simulation, with a real broker and the real gammu-smsd
 * (dummy phone): a guard signs on by SMS {@code RONDA}, a checkpoint node reports a card tapped with
 * {@code kentongan node send}, an unknown card is refused, and {@code kentongan ronda} shows it all; and a
 * guard signs on by a card at the post's reader (a real pcscd with a virtual reader).
 */
@Timeout(240)
class RondaIT {

    static final String GUARD = SmsSim.number(7);
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @TempDir
    Path tmp;
    Path state;

    @AfterEach
    void no_daemon_is_left() throws Exception {
        if (state != null) {
            SmsSim.stopDaemon(SmsSim.spool(state));
        }
    }

    int kentongan(String... args) throws Exception {
        GatewayProcess.Ran r = GatewayProcess.run(tmp, args);
        if (r.exit() != 0) {
            System.err.println("kentongan " + String.join(" ", args) + ":\n" + r.output());
        }
        return r.exit();
    }

    /**
     * The card reader at the post (a real pcscd with vsmartcard's virtual reader): the gateway finds the
     * reader the profile names, a guard's card signs them on (and visits the post's checkpoint), a stranger's
     * card and an unreadable one are refused and counted, and {@code kentongan ronda}, the status, the
     * metrics and the dashboard show it.
     */
    @Test
    void a_guard_signs_on_by_tapping_a_card_at_the_post_s_reader() throws Exception {
        try (VirtualReader reader = VirtualReader.start(tmp.resolve("pcsc"));
             MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/desa-uji/pos-uji/telemetry")) {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Jakarta")).truncatedTo(ChronoUnit.MINUTES);
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            int http = MosquittoBroker.freePort();
            StatusHttp.serveOn(profile, http, false);
            SmsSim.withSms(profile, """
                    ronda:
                      shifts:
                        - { id: uji, start: "%s", end: "%s" }
                      roster: { mon: [budi], tue: [budi], wed: [budi], thu: [budi], fri: [budi], sat: [budi], sun: [budi] }
                      checkpoints:
                        - { id: pos, post: true, place: "Pos kamling", every: 45m }
                      reader: "Virtual PCD"
                    """.formatted(HH_MM.format(now.minusMinutes(2)), HH_MM.format(now.plusHours(3))));
            SmsSim.writeRegister(profile, """
                    guards:
                      budi: { card: "04A1B2C3" }
                    """);
            state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                Control control = new Control(state);
                await().atMost(Duration.ofSeconds(30)).until(() -> control.status().path("cardReader").path("state")
                        .asText().equals("ready"));
                assertTrue(control.status().path("cardReader").path("reader").asText().startsWith("Virtual PCD"));
                assertTrue(control.status().path("ronda").path("on").isEmpty(), "nobody on before the tap");

                try (VirtualReader.Card budi = reader.present("04a1b2c3", 0x9000)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> control.status().path("ronda").path("on").size() == 1);
                }
                JsonNode ronda = control.status().path("ronda");
                assertEquals("budi", ronda.path("on").get(0).path("guard").asText());
                assertEquals("budi", ronda.path("checkpoints").get(0).path("lastGuard").asText(), "the post visited");
                assertEquals(1, ronda.path("checkpoints").get(0).path("visits").asLong());

                try (VirtualReader.Card stranger = reader.present("DEADBEEF", 0x9000)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> control.status().path("ronda")
                            .path("refusedCards").asLong() == 1);
                }
                try (VirtualReader.Card broken = reader.present("04a1b2c3", 0x6A81)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> control.status().path("cardReader")
                            .path("refused").path("apdu-status").asLong() == 1);
                }
                assertEquals(1, control.status().path("ronda").path("on").size(), "a card not read signs nobody off");

                GatewayProcess.Ran shown = GatewayProcess.run(tmp, "ronda", "--state-dir", state.toString());
                assertEquals(0, shown.exit(), shown.output());
                assertTrue(shown.output().contains("Bertugas: budi sejak"), shown.output());
                assertTrue(shown.output().contains("Pos kamling") && shown.output().contains("oleh budi"), shown.output());
                assertTrue(shown.output().contains("Pembaca kartu: siap (Virtual PCD")
                        && shown.output().contains("kartu tak terbaca: 1 apdu-status"), shown.output());

                // the status page in the same words (ronda.*), Bahasa Indonesia by default, English on its switch
                Chromium.Page page = Chromium.load("http://127.0.0.1:" + http + "/", tmp.resolve("chromium"));
                assertTrue(page.shown().contains("Bertugas: budi sejak"), page.dom());
                assertTrue(page.shown().contains("Pembaca kartu: siap (Virtual PCD"), page.dom());
                assertTrue(page.shown().contains("kartu tak terbaca: 1 apdu-status"), page.dom());
                assertTrue(page.shown().contains("Tempat") && page.shown().contains("terakhir"), page.dom());
                Chromium.Page english = Chromium.load("http://127.0.0.1:" + http + "/?lang=en", tmp.resolve("chromium"));
                assertTrue(english.shown().contains("On watch: budi since"), english.dom());
                assertTrue(english.shown().contains("Card reader: ready (Virtual PCD"), english.dom());
                assertTrue(english.shown().contains("Night watch (ronda)"), english.dom());

                String m = StatusHttp.get(http, "/metrics").body();
                assertEquals(1, value(m, "kentongan_card_reader_ready"));
                assertEquals(1, value(m, "kentongan_card_refused_total", "reason=\"apdu-status\""));
                assertEquals(0, value(m, "kentongan_card_refused_total", "reason=\"uid-length\""));
                assertEquals(1, value(m, "kentongan_ronda_guards_on"));
                assertEquals(1, value(m, "kentongan_ronda_refused_total", "reason=\"unknown-card\""));
                // the dashboard's watch and card reader panels ask for exactly the meters such a post has
                Set<String> watch = new TreeSet<>(Scrape.sampleNames(m));
                watch.removeIf(n -> !n.startsWith("kentongan_ronda_") && !n.startsWith("kentongan_card_"));
                Set<String> shownOnDashboard = new TreeSet<>(ObservabilityIT.dashboardMetrics());
                shownOnDashboard.removeIf(n -> !n.startsWith("kentongan_ronda_") && !n.startsWith("kentongan_card_"));
                assertEquals(watch, shownOnDashboard, "the Grafana dashboard's watch panels and the post's meters");

                await().atMost(Duration.ofSeconds(30)).until(() -> centre.events().stream()
                        .anyMatch(r -> r.alert().kind().equals("sign-on")));
                assertTrue(centre.events().stream().noneMatch(r -> new String(r.payload()).contains("04A1B2C3")),
                        "no card's UID leaves the post");
            }
            assertTrue(Files.readString(tmp.resolve("gw.log")).contains("card reader Virtual PCD"),
                    "the reader found is logged once");
        }
    }

    @Test
    void a_guard_signs_on_by_sms_walks_a_checkpoint_and_kentongan_ronda_shows_it() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/desa-uji/pos-uji/telemetry")) {
            // a shift under way now, at the post (Asia/Jakarta by default)
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Jakarta")).truncatedTo(ChronoUnit.MINUTES);
            String start = HH_MM.format(now.minusMinutes(2));
            String end = HH_MM.format(now.plusHours(3));
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            SmsSim.withSms(profile, """
                    field:
                      bind: 127.0.0.1
                      plain_port: %d
                      dtls_port: %d
                      nodes:
                        - { id: cp-sungai, zone: z2, heartbeat: 1h, events: [checkpoint] }
                    sms:
                      modems: [{ id: modem-1, per_minute: 3000, window: 10 }]
                    ronda:
                      shifts:
                        - { id: uji, start: "%s", end: "%s" }
                      roster: { mon: [budi], tue: [budi], wed: [budi], thu: [budi], fri: [budi], sat: [budi], sun: [budi] }
                      checkpoints:
                        - { node: cp-sungai, place: "Tepi sungai", every: 45m }
                    """.formatted(Ports.freeUdp(), Ports.freeUdp(), start, end));
            SmsSim.writeRegister(profile, """
                    guards:
                      budi: { card: "04A1B2C3", number: "%s" }
                    """.formatted(GUARD));
            state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0"))) {
                DummyPhone.receive(SmsSim.spool(state), GUARD, "Ronda", LocalDateTime.now());
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.status(tmp, state).path("ronda")
                        .path("on").size() == 1);
                assertEquals(0, kentongan("node", "send", "cp-sungai", "checkpoint", "--card", "04A1B2C3",
                        "--profile", profile.toString()));
                // again: a guard visits a checkpoint many times a night, each a journaled event of its own
                assertEquals(0, kentongan("node", "send", "cp-sungai", "checkpoint", "--card", "04A1B2C3",
                        "--profile", profile.toString()));
                GatewayProcess.Ran stranger = GatewayProcess.run(tmp, "node", "send", "cp-sungai", "checkpoint",
                        "--card", "DEADBEEF", "--profile", profile.toString());
                assertEquals(1, stranger.exit());
                assertTrue(stranger.output().contains("4.03") && stranger.output().contains("unknown card"),
                        stranger.output());
                GatewayProcess.Ran hostile = GatewayProcess.run(tmp, "node", "send", "cp-sungai", "checkpoint",
                        "--card", "04a1\"b2c3", "--profile", profile.toString());
                assertTrue(hostile.output().contains("4.00"), hostile.output());

                JsonNode ronda = SmsSim.status(tmp, state).path("ronda");
                assertEquals("budi", ronda.path("on").get(0).path("guard").asText());
                assertEquals("budi", ronda.path("checkpoints").get(0).path("lastGuard").asText());
                assertEquals(2, ronda.path("checkpoints").get(0).path("visits").asLong());
                assertEquals(1, ronda.path("refusedCards").asLong());

                GatewayProcess.Ran shown = GatewayProcess.run(tmp, "ronda", "--state-dir", state.toString());
                assertEquals(0, shown.exit(), shown.output());
                String out = shown.output();
                assertTrue(out.contains("Jadwal malam") && out.contains(": budi"), out);
                assertTrue(out.contains("Bertugas: budi sejak"), out);
                assertTrue(out.contains("Tepi sungai") && out.contains("oleh budi"), out);
                assertTrue(out.contains("Ditolak: 1 kartu tak dikenal"), out);
                GatewayProcess.Ran english = GatewayProcess.run(tmp, "ronda", "--lang", "en", "--state-dir",
                        state.toString());
                assertTrue(english.output().contains("On watch: budi since"), english.output());

                await().atMost(Duration.ofSeconds(30)).until(() -> centre.events().stream()
                        .anyMatch(r -> r.alert().kind().equals("checkpoint")));
                assertTrue(centre.events().stream().anyMatch(r -> r.alert().kind().equals("sign-on")),
                        "the sign-on reaches the centre as telemetry");
                assertTrue(centre.events().stream().noneMatch(r -> new String(r.payload()).contains("04A1B2C3")),
                        "no card's UID leaves the post");
            }
        }
    }
}
