package id.kentongan.it;

import id.kentongan.alert.CapJson;
import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as its own process, driven through the product's own commands, killed and restarted:
 * what was journaled before a SIGKILL is delivered after the restart.
 */
@Timeout(180)
class RestartIT {

    @TempDir
    Path tmp;

    static int kentongan(Path log, String... args) throws Exception {
        Process p = GatewayProcess.command(log, args);
        return p.waitFor();
    }

    @Test
    void backlog_journaled_before_a_sigkill_is_delivered_after_the_restart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker"))) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Path state = tmp.resolve("state");
            Path db = state.resolve("journal.db");
            Set<String> journaled;
            // the broker is not running: the presses can only be journaled
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw1.log"))) {
                for (String input : new String[] {"door-1", "tamper-1", "panic-1", "flood-1"}) {
                    assertEquals(0, kentongan(tmp.resolve("press.log"), "press", input, "--hold-ms", "10",
                            "--state-dir", state.toString()), () -> read(tmp.resolve("press.log")));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.owed(db) == 4);
                journaled = JournalFile.identifiers(db).keySet();
                gw.kill();
            }
            assertEquals("ok", JournalFile.integrity(db));

            broker.start();
            try (Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert",
                    "kentongan/v1/+/+/telemetry");
                 GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw2.log"))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> centre.distinctEvents().size() >= 4);
                Set<String> arrived = centre.distinctEvents().stream().map(r -> r.alert().identifier())
                        .collect(Collectors.toSet());
                assertEquals(journaled, arrived);
                assertEquals(java.util.List.of("panic", "flood", "tamper", "door"), centre.distinctEvents().stream()
                        .map(r -> r.alert().kind()).toList(), "life-safety first, then security, then telemetry");
                assertTrue(centre.distinctEvents().stream().map(Subscriber.Received::alert)
                        .allMatch(a -> a.boot() == 1), "identifiers kept from the first run");
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.owed(db) == 0);

                // the next event carries the new boot and continues the sequence
                assertEquals(0, kentongan(tmp.resolve("press2.log"), "press", "door-1", "--hold-ms", "10",
                        "--state-dir", state.toString()));
                await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().size() == 5);
                CapJson.Summary next = centre.distinctEvents().get(4).alert();
                assertEquals(2, next.boot());
                assertEquals(5, next.seq());
                assertEquals(143, gw.stop(), "SIGTERM ends the JVM with 128+15 after the shutdown hook");
                assertTrue(gw.log().contains("stopped cleanly"), gw.log());
            }
            assertTrue(Files.notExists(state.resolve("control.sock")), "a clean stop removes its socket");
        }
    }

    @Test
    void a_sigterm_while_the_parts_after_arming_start_stops_the_post_in_order() throws Exception {
        // field nodes: their server starts after arming, so the parts take a few hundred ms to start
        Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), "tcp://127.0.0.1:1", Ports.freeUdp(), 0);
        for (int attempt = 1; ; attempt++) { // the signal must land between the armed line and the control socket
            Path log = tmp.resolve("gw-" + attempt + ".log");
            Path state = tmp.resolve("state-" + attempt);
            Process p = GatewayProcess.command(log, "run", "--simulate", "--profile", profile.toString(),
                    "--state-dir", state.toString(), "--broker", "tcp://127.0.0.1:1");
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                        .until(() -> Files.readString(log).contains(" armed: post "));
                boolean starting = Files.notExists(state.resolve("control.sock"));
                p.destroy(); // SIGTERM: armed, the parts after it still starting
                assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the gateway did not stop");
                if (!starting) {
                    assertTrue(attempt < 5, "the start outran the signal five times: nothing was tested");
                    continue;
                }
                String out = Files.readString(log);
                assertEquals(143, p.exitValue(), "a stop asked for, not a failed start: " + out);
                assertTrue(out.contains("kentongan: running") && out.contains("stopped cleanly"),
                        "the start ended, then every part, the outputs among them, stopped in order: " + out);
                return;
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void an_event_acknowledged_to_a_field_node_survives_a_kill_right_after_the_ack() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker"))) {
            int coap = Ports.freeUdp();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), coap, 0);
            Path state = tmp.resolve("state");
            Path db = state.resolve("journal.db");
            String identifier;
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw1.log"));
                 NodeClient node = NodeClient.connect("127.0.0.1", coap,
                         "masjid-1", null)) {
                var reply = node.event(7, 42, "panic", null);
                gw.kill(); // the instant the node has its answer
                assertEquals("2.01", reply.code(), reply.body());
                identifier = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).path("id").asText();
            }
            assertEquals(java.util.List.of(identifier), java.util.List.copyOf(JournalFile.identifiers(db).keySet()));
            broker.start();
            try (Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert");
                 GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw2.log"))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> centre.distinctEvents().stream()
                        .anyMatch(r -> r.alert().identifier().equals(identifier)));
                // and the node's retry after the restart still gets the first answer, with no new alert
                try (var node = NodeClient.connect("127.0.0.1", coap, "masjid-1", null)) {
                    var again = node.event(7, 42, "panic", null);
                    assertTrue(again.body().contains(identifier), again.body());
                }
                assertEquals(1, JournalFile.rows(db));
                gw.stop();
            }
        }
    }

    @Test
    void status_command_shows_alerts_outputs_queue_and_uplink() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker"))) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                assertEquals(0, kentongan(tmp.resolve("p.log"), "press", "panic-1", "--state-dir", state.toString()));
                Path out = tmp.resolve("status.txt");
                await().atMost(Duration.ofSeconds(10)).until(() -> kentongan(out, "status", "--state-dir",
                        state.toString(), "--lang", "en") == 0 && read(out).contains("life-safety 1"));
                String text = read(out);
                assertTrue(text.contains("siren-1") && text.contains("titir for alert #1"), text);
                assertTrue(text.contains("Uplink   DOWN"), text);
                assertTrue(text.contains("panic    from panic-1"), text);
                Path bahasa = tmp.resolve("status-id.txt");
                assertEquals(0, kentongan(bahasa, "status", "--state-dir", state.toString()));
                String teks = read(bahasa);
                assertTrue(teks.contains("Pusat    KONEKSI KE PUSAT TERPUTUS"), "Bahasa Indonesia by default: " + teks);
                assertTrue(teks.contains("Peringatan aktif (1)") && teks.contains("panic    dari panic-1"), teks);

                Path json = tmp.resolve("status.json");
                assertEquals(0, kentongan(json, "status", "--json", "--state-dir", state.toString()));
                var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(read(json));
                assertEquals(1, tree.path("queue").path("owedByClass").path("life-safety").asInt());
                assertEquals("panic", tree.path("alerts").get(0).path("kind").asText());
                assertEquals(false, tree.path("uplink").path("connected").asBoolean());

                Path xml = tmp.resolve("alert.xml");
                assertEquals(0, kentongan(xml, "export-cap", "1", "--profile", profile.toString(), "--state-dir",
                        state.toString()), () -> read(xml));
                id.kentongan.alert.CapXml.validate(read(xml).strip());
                assertTrue(read(xml).contains("<event>panic</event>"), read(xml));
                assertTrue(read(xml).contains("<instruction>Ikuti arahan petugas pos Pos uji dan menjauhlah dari "
                        + "bahaya.</instruction>") && read(xml).contains("<expires>"), read(xml));
                gw.stop();
            }
        }
    }

    @Test
    void commands_against_no_running_gateway_say_so() throws Exception {
        Path out = tmp.resolve("out.txt");
        assertEquals(1, kentongan(out, "status", "--state-dir", tmp.resolve("nothing").toString()));
        assertTrue(read(out).contains("tidak ada gateway yang berjalan"), "in Bahasa Indonesia: " + read(out));
        assertEquals(1, kentongan(out, "status", "--state-dir", tmp.resolve("nothing").toString(), "--lang", "en"));
        assertTrue(read(out).contains("no gateway is running"), read(out));
    }

    @Test
    void a_bad_profile_is_refused_at_start_with_file_and_line_and_nothing_is_started() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Profiles.write(tmp.resolve("etc"), "tcp://127.0.0.1:1"))
                .replace("pin: 22,", "pin: 41,"));
        Path out = tmp.resolve("run.txt");
        Path state = tmp.resolve("state");
        assertEquals(2, kentongan(out, "run", "--simulate", "--profile", bad.toString(), "--state-dir",
                state.toString()));
        assertTrue(read(out).contains(bad + ":5: pin 41 is not a GPIO line"), read(out));
        assertTrue(Files.notExists(state), "nothing was created or driven");
    }

    @Test
    void watch_prints_each_alert_as_it_arrives() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Path state = tmp.resolve("state");
            Path watchLog = tmp.resolve("watch.txt");
            Process watch = GatewayProcess.command(watchLog, "watch", "--broker", broker.uri(), "--count", "2");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> read(watchLog).contains("subscribed"));
                assertEquals(0, kentongan(tmp.resolve("p.log"), "press", "flood-1", "--state-dir", state.toString()));
                assertEquals(0, kentongan(tmp.resolve("p.log"), "press", "silence", "--state-dir", state.toString()));
                await().atMost(Duration.ofSeconds(20)).until(() -> !watch.isAlive());
                String text = read(watchLog);
                assertEquals(0, watch.exitValue(), text);
                assertTrue(text.contains("desa-uji/pos-uji #1") && text.contains("flood")
                        && text.contains("Air naik: bahaya banjir / Water rising: flood danger"), text);
                assertTrue(text.contains("#2") && text.contains("siren-silenced"), text);
                gw.stop();
            } finally {
                watch.destroyForcibly();
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
