package id.kentongan.it;

import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.Control;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static id.kentongan.fixtures.Scrape.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Noisy inputs (#6): the gateway as its own process with simulated GPIO driven through its control
 * socket, a real Mosquitto and a centre subscriber. A panic button and a door contact chattering
 * (hundreds of edges a second, in bursts), a panic button stuck pressed past its siren's limit, a field
 * node repeating its alarm over CoAP, and a node flapping around its silence threshold. Counts the
 * events journaled and received by the centre, and the siren's on-time from {@code /metrics}, and prints
 * them.
 */
@Timeout(240)
class NoisyInputsIT {

    static final int BURSTS = 3;
    static final int EDGES_PER_BURST = 200;
    static final int FLAPS = 4;

    @TempDir
    Path tmp;

    @Test
    void chatter_a_stuck_button_and_a_flapping_node_give_one_alert_each_and_the_siren_keeps_its_limit()
            throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert",
                     "kentongan/v1/+/+/telemetry")) {
            int coap = Ports.freeUdp();
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), coap, 0);
            String text = Files.readString(profile);
            String limited = text
                    .replace("{ input: panic-1, kind: panic, pattern: titir, outputs: [siren-1, strobe-1] }",
                            "{ input: panic-1, kind: panic, pattern: titir, outputs: [siren-1, strobe-1], "
                                    + "max_sounding: 3s }")
                    .replace("debounce: 0ms, rearm: 0ms }", "debounce: 0ms }") // the door's default rearm, 1 s
                    .replace("{ id: sungai-1, zone: z2, heartbeat: 1h,",
                            "{ id: sungai-1, zone: z2, heartbeat: 1s, silent_after: 2s,");
            assertTrue(limited.contains("max_sounding: 3s") && limited.contains("silent_after: 2s")
                    && !limited.contains("rearm"), limited);
            Files.writeString(profile, limited);
            StatusHttp.serveOn(profile, http, false);
            Path state = tmp.resolve("state");
            Path db = state.resolve("journal.db");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                Control post = new Control(state);
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() == 200);

                // 1. a panic button chattering: each burst is one bouncing press, silenced before the next
                long panicEdges = 0;
                for (int burst = 0; burst < BURSTS; burst++) {
                    for (int i = 0; i < EDGES_PER_BURST / 2; i++) {
                        post.set("panic-1", true);
                        post.set("panic-1", false);
                        panicEdges += 2;
                    }
                    int b = burst + 1;
                    await("burst " + b + " sounds").atMost(Duration.ofSeconds(5))
                            .until(() -> JournalFile.count(db, "panic", "panic-1") >= b);
                    post.set("silence", true);
                    post.set("silence", false);
                    await("silenced").atMost(Duration.ofSeconds(5)).until(() -> !post.sounding("siren-1"));
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> JournalFile.count(db, "siren-silenced", "silence") == b);
                }
                long panicAlerts = JournalFile.count(db, "panic", "panic-1");
                assertEquals(BURSTS, panicAlerts, "one panic alert per press, not one per edge");

                // 2. a door contact (it sounds nothing) chattering, at rest 1.5 s between openings
                long doorEdges = 0;
                for (int burst = 0; burst < BURSTS; burst++) {
                    for (int i = 0; i < EDGES_PER_BURST / 2; i++) {
                        post.set("door-1", true);
                        post.set("door-1", false);
                        doorEdges += 2;
                    }
                    Thread.sleep(1_500); // the door stays shut: the rest itself is the input (rearm 1 s), no wait
                }
                long doorEvents = JournalFile.count(db, "door", "door-1");
                assertEquals(BURSTS, doorEvents, "one door event per opening, not one per edge");

                // 3. a panic button stuck pressed: the siren stops at its 3 s limit and stays off
                String metrics = StatusHttp.get(http, "/metrics").body();
                double onBefore = value(metrics, "kentongan_siren_on_seconds_total", "output=\"siren-1\"");
                long pressed = System.nanoTime();
                post.set("panic-1", true);
                await().atMost(Duration.ofSeconds(2)).until(() -> post.sounding("siren-1"));
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !post.sounding("siren-1"));
                double soundedSeconds = (System.nanoTime() - pressed) / 1e9;
                await().atMost(Duration.ofSeconds(5)).until(() -> JournalFile.count(db, "siren-timeout", "panic-1") == 1);
                double onAtLimit = value(StatusHttp.get(http, "/metrics").body(), "kentongan_siren_on_seconds_total",
                        "output=\"siren-1\"") - onBefore;
                // still held, well past the limit: off all along, not only at the end
                await("stays off while the button stays stuck").during(Duration.ofSeconds(4))
                        .atMost(Duration.ofSeconds(5)).until(() -> !post.sounding("siren-1"));
                double onHeld = value(StatusHttp.get(http, "/metrics").body(), "kentongan_siren_on_seconds_total",
                        "output=\"siren-1\"") - onBefore;
                post.set("panic-1", false);
                assertTrue(soundedSeconds >= 3.0 && soundedSeconds < 5.0, "stopped at its 3 s limit: " + soundedSeconds);
                assertTrue(onAtLimit > 0.5 && onAtLimit <= 3.0, "titir beats within the limit: " + onAtLimit);
                assertEquals(onAtLimit, onHeld, 1e-9, "not one more beat while held");
                assertEquals(BURSTS + 1, JournalFile.count(db, "panic", "panic-1"), "the stuck press: one alert");
                assertEquals(1, JournalFile.count(db, "siren-timeout", "panic-1"), "and one timeout");

                try (NodeClient sungai = NodeClient.connect("127.0.0.1", coap, "sungai-1", null);
                     NodeClient masjid = NodeClient.connect("127.0.0.1", coap, "masjid-1", null)) {
                    // 4. a node flapping: never heard, so silent 2 s after start; then it speaks a moment
                    // and is gone again past its silence threshold, over and over; then it settles
                    await().atMost(Duration.ofSeconds(10)).until(() -> post.nodeState("sungai-1").equals("silent"));
                    for (int flap = 0; flap < FLAPS; flap++) {
                        assertEquals("2.04", sungai.heartbeat(false, false).code());
                        assertEquals("returning", post.nodeState("sungai-1"));
                        Thread.sleep(500); // the node's heartbeat cadence: the input, not a wait for something
                        assertEquals("2.04", sungai.heartbeat(false, false).code());
                        // gone: silent again once the gap passes silent_after (2 s); the flap
                        await().atMost(Duration.ofSeconds(6)).until(() -> post.nodeState("sungai-1").equals("silent"));
                    }
                    long silentWhileFlapping = JournalFile.count(db, "node-silent", "sungai-1");
                    long returnedWhileFlapping = JournalFile.count(db, "node-returned", "sungai-1");
                    // heartbeats twice a second until it is back
                    await("back within 10 s of steady heartbeats").atMost(Duration.ofSeconds(10))
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                assertEquals("2.04", sungai.heartbeat(false, false).code());
                                return post.nodeState("sungai-1").equals("ok");
                            });
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> JournalFile.count(db, "node-returned", "sungai-1") == 1);
                    assertEquals(1, silentWhileFlapping, FLAPS + " flaps: one node-silent");
                    assertEquals(0, returnedWhileFlapping, "no node-returned while it flaps");
                    assertEquals(1, JournalFile.count(db, "node-silent", "sungai-1"));

                    // 5. events chattering over CoAP: 100 panics from one node, 100 floods from another
                    Set<String> panicAnswers = new HashSet<>();
                    Set<String> floodAnswers = new HashSet<>();
                    for (int i = 0; i < 100; i++) {
                        NodeClient.Reply p = masjid.event(1, i, "panic", null);
                        NodeClient.Reply f = sungai.event(1, i, "flood", null);
                        assertTrue(p.ok() && f.ok(), p + " " + f);
                        panicAnswers.add(p.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                        floodAnswers.add(f.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                    }
                    assertEquals(1, JournalFile.count(db, "panic", "masjid-1"), "100 panics from a node: one alert");
                    assertEquals(1, panicAnswers.size(), "each answered with it");
                    assertEquals(1, JournalFile.count(db, "flood", "sungai-1"), "100 floods from a node: one alert");
                    assertEquals(1, floodAnswers.size(), "each answered with it");
                    assertEquals(1, JournalFile.count(db, "node-returned", "sungai-1"), "and it stayed back");
                }

                // the centre got exactly what the journal holds
                await().atMost(Duration.ofSeconds(20)).until(() -> JournalFile.owed(db) == 0);
                long centrePanics = centre.distinctEvents().stream().filter(r -> r.alert().kind().equals("panic")).count();
                long centreDoors = centre.distinctEvents().stream().filter(r -> r.alert().kind().equals("door")).count();
                long centreSilent = centre.distinctEvents().stream().filter(r -> r.alert().kind().equals("node-silent")).count();
                long centreReturned = centre.distinctEvents().stream()
                        .filter(r -> r.alert().kind().equals("node-returned")).count();
                System.out.printf("noisy inputs: panic button %d edges in %d bursts -> %d alerts; door contact %d edges "
                                + "-> %d events; stuck button held %.1f s -> siren stopped after %.2f s (limit 3 s), "
                                + "on-time %.2f s, %.2f s more while held; CoAP 100 panics -> %d alert, 100 floods "
                                + "-> %d alert; node flapping %d times -> %d node-silent, %d node-returned; centre "
                                + "received %d panic, %d door, %d node-silent, %d node-returned%n",
                        panicEdges, BURSTS, panicAlerts, doorEdges, doorEvents, soundedSeconds + 4, soundedSeconds,
                        onAtLimit, onHeld - onAtLimit, JournalFile.count(db, "panic", "masjid-1"),
                        JournalFile.count(db, "flood", "sungai-1"), FLAPS,
                        JournalFile.count(db, "node-silent", "sungai-1"),
                        JournalFile.count(db, "node-returned", "sungai-1"), centrePanics, centreDoors, centreSilent,
                        centreReturned);
                assertEquals(BURSTS + 2, centrePanics, "3 chattered, 1 stuck, 1 from the node");
                assertEquals(BURSTS, centreDoors);
                assertEquals(1, centreSilent);
                assertEquals(1, centreReturned);
                assertEquals(143, gw.stop(), "a clean stop on SIGTERM");
            }
        }
    }
}
