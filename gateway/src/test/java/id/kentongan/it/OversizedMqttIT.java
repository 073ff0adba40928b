package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.post.Gateway;
import id.kentongan.fixtures.Control;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import id.kentongan.uplink.SignedCommand;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Oversized MQTT input against the packaged gateway with the service's 48 MB heap, on a real Mosquitto
 * WITHOUT a packet limit (the attack on a misconfigured broker): 60 MB on the post's command topic, the
 * same retained on the village's command topic (and again at a reconnect), a 6 MB forged command with a
 * real key id, a 6 MB validly signed {@code cap} command, and their 200 KB forms that pass the packet
 * limit and meet the command limits. The gateway stays up, each is refused and counted, and a press
 * during and after the attack sounds the siren and reaches the centre. {@code -Dkentongan.faults=long}
 * repeats the attack for minutes, with the heap and RSS sampled and printed.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class OversizedMqttIT {

    static final String KEY_ID = "polsek-1";
    static final String KEY = "centre-key-0123456789-abcdefghijkl";
    static final String POST = "kentongan/v1/desa-uji/pos-uji";
    static final String VILLAGE = "kentongan/v1/desa-uji/all";
    static final boolean LONG = "long".equals(System.getProperty("kentongan.faults"));
    static final Duration LONG_FOR = Duration.ofMinutes(4);

    @TempDir
    Path tmp;

    Control post;
    Subscriber centre;
    int http;

    @Test
    void oversized_commands_on_a_broker_without_a_limit_are_counted_and_the_post_keeps_sounding() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/desa-uji/+/alert",
                    "kentongan/v1/desa-uji/+/result");
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Profiles.writeCentreKey(profile, KEY_ID, KEY);
            http = MosquittoBroker.freePort();
            StatusHttp.serveOn(profile, http, false);
            Path state = tmp.resolve("state");
            MqttClient attacker = new MqttClient(broker.uri(), "attacker", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(30);
            attacker.connect(o);
            try (GatewayProcess gw = GatewayProcess.startAsService(profile, state, broker.uri(),
                    tmp.resolve("gw.log"))) {
                post = new Control(state);
                await().atMost(Duration.ofSeconds(20)).until(() -> post.status().path("uplink").path("connected")
                        .asBoolean());
                List<double[]> samples = new ArrayList<>();

                CompletableFuture<Void> attack = CompletableFuture.runAsync(() -> attack(attacker));
                long during = pressAndHear("panic-1", "panic"); // while the attack is on its way
                attack.get(2, TimeUnit.MINUTES);
                await().atMost(Duration.ofSeconds(30)).until(() -> oversized("payloadDropped") == 4
                        && refused("oversized") == 6);
                samples.add(sample(gw));

                broker.stop(); // a reconnect: the retained 60 MB comes again
                broker.start();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                    attacker.connect(o);
                    return true;
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> oversized("payloadDropped") == 5
                        && post.status().path("uplink").path("connected").asBoolean());
                long after = pressAndHear("flood-1", "flood");

                int rounds = 0;
                long deadline = System.nanoTime() + LONG_FOR.toNanos();
                while (LONG && System.nanoTime() < deadline) {
                    rounds++;
                    attack(attacker);
                    pressAndHear(rounds % 2 == 0 ? "panic-1" : "flood-1", rounds % 2 == 0 ? "panic" : "flood");
                    samples.add(sample(gw));
                }
                int r = rounds;
                await().atMost(Duration.ofSeconds(60)).until(() -> oversized("payloadDropped") == 5 + 4L * r
                        && refused("oversized") == 7 + 6L * r);
                samples.add(sample(gw));

                assertTrue(gw.alive(), "the gateway is up");
                assertFalse(gw.log().contains("OutOfMemoryError"), "no OutOfMemoryError in the log");
                JsonNode uplink = post.status().path("uplink");
                assertEquals(0, uplink.path("oversizedPackets").path("connectionClosed").asLong());
                List<String> results = centre.texts("/result");
                assertEquals(4 + 1 + 4L * r, results.stream().filter(t -> t.contains("over the MQTT packet limit"))
                        .count(), "each dropped payload answered on the result topic");
                assertTrue(results.stream().anyMatch(t -> t.contains("a retained message of")), results.toString());
                assertTrue(results.stream().anyMatch(t -> t.contains("over the limit of 16,384 bytes for a command")));
                assertTrue(results.stream().anyMatch(t -> t.contains("not embedded resources")));
                String metrics = StatusHttp.get(http, "/metrics").body();
                assertTrue(metrics.contains("kentongan_uplink_oversized_total{action=\"payload-dropped\""), metrics);
                assertTrue(metrics.contains("kentongan_commands_refused_total{") && metrics.contains(
                        "reason=\"oversized\""));
                double firstRss = samples.get(0)[1];
                double maxRss = samples.stream().mapToDouble(m -> m[1]).max().orElseThrow();
                double maxHeap = samples.stream().mapToDouble(m -> m[0]).max().orElseThrow();
                assertTrue(maxRss < firstRss + 64, "RSS bounded: " + firstRss + " MB at first, " + maxRss + " at most");
                System.out.printf(Locale.ROOT, "oversized MQTT input (%s, broker without a limit): %d rounds of the "
                                + "attack (60 MB, 60 MB retained, 6 MB forged, 6 MB signed cap, their 200 KB forms) "
                                + "and 1 reconnect with the 60 MB retained waiting: %d payloads dropped unread, %d "
                                + "commands refused as oversized, %d connections closed; press -> siren %d ms during, "
                                + "%d ms after; gateway up; %d samples: heap at most %.1f MB, RSS %.0f MB at first, "
                                + "%.0f MB at most, %.0f MB at the end%n", LONG ? "long form" : "short form", 1 + r,
                        oversized("payloadDropped"), refused("oversized"), oversized("connectionClosed"), during,
                        after, samples.size(), maxHeap, firstRss, maxRss, samples.get(samples.size() - 1)[1]);
            } finally {
                attacker.publish(VILLAGE + "/cmd/x", new byte[0], 1, true); // the retained one off the broker
                attacker.disconnect();
                attacker.close();
                centre.close();
            }
        }
    }

    /**
     * The same limit under TLS (the decrypted stream is the one bounded): an oversized command over an
     * {@code ssl://} uplink is dropped unread and answered, and the signed command after it is obeyed.
     */
    @Test
    void an_oversized_command_over_tls_is_dropped_unread_and_the_next_one_obeyed() throws Exception {
        Path pki = tmp.resolve("pki");
        TlsIT.makeCa(pki, "good");
        try (MosquittoBroker broker = MosquittoBroker.withTls(tmp.resolve("broker"), pki.resolve("good-ca.pem"),
                pki.resolve("good-server.pem"), pki.resolve("good-server.key")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/desa-uji/+/result")) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.tlsUri());
            Files.writeString(profile, Files.readString(profile).replace("  window: 16\n", "  window: 16\n  tls: { ca: "
                    + pki.resolve("good-ca.pem") + " }\n"));
            Profiles.writeCentreKey(profile, KEY_ID, KEY);
            Gateway g = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> g.publisher().status().get().connected());
                centre.publish(POST + "/cmd/silence", new byte[1 << 20]);
                String topic = POST + "/cmd/silence";
                centre.publish(topic, SignedCommand.sign(topic, new ObjectMapper().createObjectNode(), KEY_ID,
                        KEY.getBytes(StandardCharsets.US_ASCII), Instant.now(), "after-the-big-one"));
                await().atMost(Duration.ofSeconds(10)).until(() -> centre.texts("/result").size() == 2);
                assertTrue(centre.texts("/result").get(0).contains("over the MQTT packet limit"));
                assertTrue(centre.texts("/result").get(1).contains("\"accepted\""), centre.texts("/result").toString());
                assertEquals(1L, g.publisher().status().get().oversizedPackets().get("payloadDropped"));
            } finally {
                g.close();
            }
        }
        Threads.assertNoGatewayThreadsLeft();
    }

    /** One round of the attack, by a client with no key. */
    void attack(MqttClient attacker) {
        try {
            byte[] sixty = new byte[60 << 20];
            Arrays.fill(sixty, (byte) 'A');
            attacker.publish(POST + "/cmd/silence", sixty, 1, false);
            attacker.publish(VILLAGE + "/cmd/x", sixty, 1, true);
            sixty = null;
            attacker.publish(POST + "/cmd/silence", forged(6 << 20), 1, false);
            attacker.publish(VILLAGE + "/cmd/cap", signedCap(6 << 20), 1, false);
            attacker.publish(POST + "/cmd/silence", forged(200 << 10), 1, false);
            attacker.publish(VILLAGE + "/cmd/cap", signedCap(200 << 10), 1, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command with a real key id and a signature of zeros, padded to about {@code size} bytes. */
    static byte[] forged(int size) {
        return ("{\"key_id\":\"" + KEY_ID + "\",\"ts\":\"" + Instant.now() + "\",\"nonce\":\"forged-"
                + System.nanoTime() + "\",\"args\":{\"pad\":\"" + "A".repeat(size) + "\"},\"sig\":\"" + "A".repeat(43)
                + "=\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code cap} command signed with the centre's real key, its XML about {@code size} bytes. */
    static byte[] signedCap(int size) {
        ObjectNode args = new ObjectMapper().createObjectNode();
        args.put("xml", "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><resource><derefUri>"
                + "A".repeat(size) + "</derefUri></resource></alert>");
        String topic = VILLAGE + "/cmd/cap";
        return SignedCommand.sign(topic, args, KEY_ID, KEY.getBytes(StandardCharsets.US_ASCII), Instant.now(),
                "cap-" + System.nanoTime());
    }

    /** Silences, presses {@code input}; @return ms to the siren, after which the centre hears {@code kind}. */
    long pressAndHear(String input, String kind) throws IOException {
        post.set("silence", true);
        post.set("silence", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !post.sounding("siren-1"));
        int mark = centre.distinctEvents().size();
        long pressed = System.nanoTime();
        post.set(input, true);
        post.set(input, false);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> post.sounding("siren-1"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed);
        await().atMost(Duration.ofSeconds(20)).until(() -> centre.distinctEvents().stream().skip(mark)
                .anyMatch(e -> e.alert().kind().equals(kind)));
        return ms;
    }

    long oversized(String what) throws IOException {
        return post.status().path("uplink").path("oversizedPackets").path(what).asLong();
    }

    long refused(String reason) throws IOException {
        return post.status().path("uplink").path("commandsRefused").path(reason).asLong();
    }

    /** The gateway's heap in use (from its /metrics) and its resident set (from /proc), in MB. */
    double[] sample(GatewayProcess gw) throws Exception {
        double heap = StatusHttp.get(http, "/metrics").body().lines()
                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        long rssKb = Files.readAllLines(Path.of("/proc/" + gw.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
        return new double[] {heap / (1 << 20), rssKb / 1024.0};
    }
}
