package id.kentongan.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.post.Gateway;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import id.kentongan.uplink.SignedCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command centre's side against a real Mosquitto: signed commands, acknowledgement, village-wide alerts. */
@Timeout(120)
class CommandIT {

    static final String KEY_ID = "polsek-1";
    static final String KEY = "centre-key-0123456789-abcdefghijkl";
    static final String VILLAGE = "kentongan/v1/desa-uji";

    @TempDir
    Path tmp;
    MosquittoBroker broker;
    Subscriber centre;
    final List<Gateway> gateways = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.on(tmp.resolve("broker")).start();
        centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(), VILLAGE + "/+/alert",
                VILLAGE + "/+/result", VILLAGE + "/+/status");
    }

    @AfterEach
    void stop() throws Exception {
        for (Gateway g : gateways) {
            g.close();
        }
        centre.close();
        broker.close();
        Threads.assertNoGatewayThreadsLeft();
    }

    Gateway gateway(String post) throws Exception {
        return gateway(post, "");
    }

    /** A post whose profile ends in its centre section, with {@code centreLines} added to it. */
    Gateway gateway(String post, String centreLines) throws Exception {
        Path profile = Profiles.writePost(tmp.resolve(post), broker.uri(), post);
        Files.writeString(profile, Files.readString(profile) + centreLines);
        Profiles.writeCentreKey(profile, KEY_ID, KEY);
        String status = VILLAGE + "/" + post + "/status";
        long online = onlines(status);
        Gateway g = Gateway.start(new Gateway.Options(profile, tmp.resolve(post + "-state"), true, null, "127.0.0.1",
                0));
        gateways.add(g);
        // as a centre does: it commands a post once it reads the post's "online" (the post subscribes first;
        // commands sent as soon as it said it was connected, before its SUBACK, were once missed)
        await().atMost(Duration.ofSeconds(10)).until(() -> onlines(status) > online);
        return g;
    }

    /** How many "online" statuses the centre has read on {@code topic}. */
    long onlines(String topic) {
        return centre.received().stream().filter(r -> r.topic().equals(topic))
                .filter(r -> new String(r.payload(), StandardCharsets.UTF_8).contains("\"state\":\"online\"")).count();
    }

    /** Signs and publishes; @return the nonce, by which its answers are found. */
    String send(String target, String verb, ObjectNode args, String key, Instant at) throws Exception {
        String nonce = SignedCommand.newNonce(new SecureRandom());
        String topic = VILLAGE + "/" + target + "/cmd/" + verb;
        centre.publish(topic, SignedCommand.sign(topic, args, KEY_ID, key.getBytes(StandardCharsets.US_ASCII), at,
                nonce));
        return nonce;
    }

    List<String> answers(String nonce) {
        return centre.texts("/result").stream().filter(t -> t.contains(nonce)).toList();
    }

    static ObjectNode args() {
        return new ObjectMapper().createObjectNode();
    }

    @Test
    void a_signed_ack_lights_the_led_and_stops_the_republishing() throws Exception {
        Gateway g = gateway("pos-a");
        g.simulate("panic-1", true);
        g.simulate("panic-1", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.events().size() >= 2); // re-published after 1 s
        String id = centre.events().get(0).alert().identifier();
        assertTrue(centre.events().stream().allMatch(r -> r.alert().identifier().equals(id)));
        assertFalse(g.outputOn("led-ack"), "a PUBACK is not an acknowledgement");

        ObjectNode a = args();
        a.putArray("refs").add(id);
        String nonce = send("pos-a", "ack", a, KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> !answers(nonce).isEmpty());
        assertTrue(answers(nonce).get(0).contains("\"result\":\"accepted\""), answers(nonce).toString());
        await().atMost(Duration.ofSeconds(2)).until(() -> g.outputOn("led-ack"));
        int copies = centre.events().size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> centre.events().size() == copies);
    }

    @Test
    void forged_replayed_stale_and_malformed_commands_are_rejected_with_reasons_and_change_nothing() throws Exception {
        Gateway g = gateway("pos-a");
        ObjectNode flood = args();
        flood.put("kind", "flood");
        flood.put("pattern", "temporal-3");

        String forged = send("pos-a", "alert", flood, "not-the-centres-key-00000000000000", Instant.now());
        String stale = send("pos-a", "alert", flood, KEY, Instant.now().minusSeconds(600));
        String good = send("pos-a", "silence", args(), KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> answers(good).size() == 1);
        String topic = VILLAGE + "/pos-a/cmd/silence";
        byte[] replay = SignedCommand.sign(topic, args(), KEY_ID, KEY.getBytes(StandardCharsets.US_ASCII),
                Instant.now(), "fixed-nonce-1234");
        centre.publish(topic, replay);
        centre.publish(topic, replay);
        centre.publish(VILLAGE + "/pos-a/cmd/alert", "{\"kind\":\"flood\"}".getBytes(StandardCharsets.UTF_8));
        centre.publish(VILLAGE + "/pos-a/cmd/alert", "not json at all".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(5)).until(() -> centre.texts("/result").size() >= 7);
        assertTrue(answers(forged).get(0).contains("bad-signature"), answers(forged).toString());
        assertTrue(answers(stale).get(0).contains("stale"), answers(stale).toString());
        List<String> replays = answers("fixed-nonce-1234");
        assertEquals(2, replays.size());
        // the refusal can be answered before the loop's acceptance of the first copy: order is not the point
        assertEquals(1, replays.stream().filter(r -> r.contains("\"accepted\"")).count(), replays.toString());
        assertEquals(1, replays.stream().filter(r -> r.contains("replayed")).count(), replays.toString());
        String all = String.join("\n", centre.texts("/result"));
        assertTrue(all.contains("unsigned") && all.contains("malformed"), all);

        assertFalse(g.outputOn("siren-1"), "nothing sounded");
        assertEquals(0, JournalFile.rows(tmp.resolve("pos-a-state/journal.db")), "nothing was raised");
        var refused = g.publisher().status().get().commandsRefused();
        assertEquals(1L, refused.get("bad-signature"));
        assertEquals(1L, refused.get("stale"));
        assertEquals(1L, refused.get("replayed"));
        assertEquals(1L, refused.get("unsigned"));
        assertEquals(1L, refused.get("malformed"));
    }

    @Test
    void a_retained_command_waiting_on_the_broker_is_refused_when_the_post_connects() throws Exception {
        ObjectNode flood = args();
        flood.put("kind", "flood");
        String topic = VILLAGE + "/pos-a/cmd/alert";
        centre.publishRetained(topic, SignedCommand.sign(topic, flood, KEY_ID, KEY.getBytes(StandardCharsets.US_ASCII),
                Instant.now(), "retained-nonce-1"));
        try {
            Gateway g = gateway("pos-a");
            await().atMost(Duration.ofSeconds(5)).until(() -> String.join("\n", centre.texts("/result"))
                    .contains("retained commands are refused"));
            assertFalse(g.outputOn("siren-1"));
        } finally {
            centre.publishRetained(topic, new byte[0]); // take it off the broker
        }
    }

    @Test
    void a_relayed_cap_xml_alert_is_sounded_and_an_invalid_one_refused_with_its_reason() throws Exception {
        Gateway g = gateway("pos-a");
        String bmkg = new String(getClass().getResourceAsStream("/bmkg-flood.xml").readAllBytes(),
                StandardCharsets.UTF_8);
        ObjectNode bad = args();
        bad.put("xml", bmkg.replace("<severity>Extreme</severity>", "<severity>Huge</severity>"));
        String refused = send("all", "cap", bad, KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> !answers(refused).isEmpty());
        assertTrue(answers(refused).get(0).contains("not a valid CAP 1.2 alert"), answers(refused).toString());
        assertFalse(g.outputOn("siren-1"));

        ObjectNode good = args();
        good.put("xml", bmkg);
        String relayed = send("all", "cap", good, KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> g.outputOn("siren-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !answers(relayed).isEmpty());
        assertTrue(answers(relayed).get(0).contains("sounding titir") && answers(relayed).get(0)
                .contains("BMKG-2026-1123-0001"), answers(relayed).toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().kind().equals("flood") && r.alert().source().contains("relaying")));
    }

    /**
     * Two posts of one village, each with the village's areas in its profile: a relayed CAP warning for Dusun
     * Hulu sounds the post whose zone lies there, and the other answers that it is not for its zones and
     * stays quiet; one for the other post's geocode does the reverse.
     */
    @Test
    void a_relayed_cap_alert_sounds_only_the_posts_whose_zones_its_area_names() throws Exception {
        Gateway hulu = gateway("pos-a", """
                  cap_areas:
                    - { area: "Dusun Hulu", zones: [z1] }
                    - { area: "Dusun Hilir", zones: [] }
                    - { geocode: BPS, value: "3201012005", zones: [] }
                """);
        Gateway hilir = gateway("pos-b", """
                  cap_areas:
                    - { area: "Dusun Hulu", zones: [] }
                    - { area: "Dusun Hilir", zones: [z2] }
                    - { geocode: BPS, value: "3201012005", zones: [z2] }
                """);
        String bmkg = new String(getClass().getResourceAsStream("/bmkg-flood.xml").readAllBytes(),
                StandardCharsets.UTF_8);
        ObjectNode forHulu = args();
        forHulu.put("xml", bmkg.replace("<areaDesc>Sukamaju</areaDesc>", "<areaDesc>Dusun Hulu</areaDesc>"));
        String first = send("all", "cap", forHulu, KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> answers(first).size() == 2);
        // the siren plays its pattern: seen on at its next beat (the answer may come in an off beat)
        await("Dusun Hulu's post sounds").atMost(Duration.ofSeconds(5)).until(() -> hulu.outputOn("siren-1"));
        assertFalse(hilir.outputOn("siren-1"), "the other post stays quiet");
        assertTrue(answers(first).stream().anyMatch(t -> t.contains("\"post\":\"pos-b\"")
                && t.contains("not for this post's zones") && t.contains("Dusun Hulu")), answers(first).toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().post().equals("pos-a") && r.alert().kind().equals("flood")));
        assertTrue(centre.distinctEvents().stream().noneMatch(r -> r.alert().post().equals("pos-b")));

        ObjectNode byCode = args();
        byCode.put("xml", bmkg.replace("BMKG-2026-1123-0001", "BMKG-2026-1123-0002").replace(
                "<area><areaDesc>Sukamaju</areaDesc></area>", "<area><areaDesc>Kelurahan 2005</areaDesc>"
                        + "<geocode><valueName>BPS</valueName><value>3201012005</value></geocode></area>"));
        String second = send("all", "cap", byCode, KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> hilir.outputOn("siren-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> answers(second).size() == 2);
        assertTrue(answers(second).stream().anyMatch(t -> t.contains("\"post\":\"pos-a\"")
                && t.contains("not for this post's zones")), answers(second).toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().post().equals("pos-b") && r.alert().kind().equals("flood")));
    }

    @Test
    void a_village_wide_alert_sounds_two_posts_and_all_clear_stops_them() throws Exception {
        Gateway a = gateway("pos-a");
        Gateway b = gateway("pos-b");
        ObjectNode flood = args();
        flood.put("kind", "flood");
        flood.put("pattern", "temporal-3");
        String raised = send("all", "alert", flood, KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.outputOn("siren-1") && b.outputOn("siren-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> answers(raised).size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> centre.distinctEvents().size() == 2);
        assertTrue(centre.distinctEvents().stream().allMatch(r -> r.alert().kind().equals("flood")
                && r.alert().source().equals("centre:polsek-1")));

        String cleared = send("all", "all-clear", args(), KEY, Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> answers(cleared).size() == 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> !a.outputOn("siren-1") && !b.outputOn("siren-1")
                && !a.outputOn("strobe-1") && !b.outputOn("strobe-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> centre.distinctEvents().stream()
                .filter(r -> r.alert().kind().equals("all-clear") && r.alert().msgType().equals("Cancel")).count() == 2);
    }
}
