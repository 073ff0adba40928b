package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.SmsSim;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.sms.DummyPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The phone tree with the real gammu-smsd (dummy phone) and a real broker: a press pages the RT head;
 * an {@code OK} from a number the register does not have changes nothing; the RT head's {@code OK}
 * acknowledges the alarm: published as an acknowledged Update naming the role, the ack LED on, paging
 * stopped, the siren as it was.
 */
@Timeout(180)
class PhoneTreeIT {

    static final String RT_HEAD = SmsSim.number(900);
    static final String STRANGER = SmsSim.number(999);

    @TempDir
    Path tmp;
    Path state;

    @AfterEach
    void no_daemon_is_left() throws Exception {
        if (state != null) {
            SmsSim.stopDaemon(SmsSim.spool(state));
        }
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
    void the_rt_heads_ok_acknowledges_the_alarm_and_a_strangers_ok_changes_nothing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/desa-uji/pos-uji/alert")) {
            Path profile = SmsSim.withSms(Profiles.write(tmp.resolve("etc"), broker.uri()), """
                    sms:
                      modems: [{ id: modem-1, per_minute: 3000, window: 10 }]
                      residents: { life-safety: none }
                      phone_tree:
                        panic:
                          - { after: 0s, people: [ketua-rt] }
                          - { after: 10m, people: [bhabin] }
                    """);
            SmsSim.writeRegister(profile, """
                    people:
                      ketua-rt: { number: "%s", role: "Ketua RT 03" }
                      bhabin: { number: "%s", role: "Bhabinkamtibmas" }
                    """.formatted(RT_HEAD, SmsSim.number(901)));
            state = tmp.resolve("state");
            Path spool = SmsSim.spool(state);
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0"))) {
                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms", "50",
                        "--state-dir", state.toString()).waitFor());
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.byNumber(spool).containsKey(RT_HEAD));
                String page = SmsSim.byNumber(spool).get(RT_HEAD).get(0);
                assertTrue(page.startsWith("PANGGILAN: Tombol panik ditekan di Pos uji, zona z1, #1."), page);
                assertTrue(page.endsWith("Balas OK 1 bila Anda menangani."), page);
                JsonNode before = SmsSim.status(tmp, state);
                assertEquals(1, before.path("sms").path("paging").size());
                assertTrue(output(before, "siren-1").path("on").asBoolean() || output(before, "siren-1")
                        .path("pattern").asText().equals("titir"));

                DummyPhone.receive(spool, STRANGER, "OK 1", LocalDateTime.now());
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.status(tmp, state).path("sms")
                        .path("refused").path("unknown-number").asLong() == 1);
                JsonNode stranger = SmsSim.status(tmp, state);
                assertEquals("delivered", stranger.path("alerts").get(0).path("state").asText());
                assertFalse(output(stranger, "led-ack").path("on").asBoolean());
                assertEquals(1, stranger.path("sms").path("paging").size(), "still paging");

                DummyPhone.receive(spool, RT_HEAD, "ok 1", LocalDateTime.now());
                await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.status(tmp, state).path("alerts").get(0)
                        .path("state").asText().equals("acknowledged"));
                JsonNode after = SmsSim.status(tmp, state);
                assertTrue(output(after, "led-ack").path("on").asBoolean(), "the ack LED");
                assertEquals(0, after.path("sms").path("paging").size(), "paging stopped");
                assertEquals("titir", output(after, "siren-1").path("pattern").asText(),
                        "a reply neither sounds nor silences: the siren plays on until the guard silences it");
                await().atMost(Duration.ofSeconds(10)).until(() -> centre.events().stream()
                        .anyMatch(r -> r.alert().kind().equals("acknowledged")));
                Subscriber.Received ack = centre.events().stream().filter(r -> r.alert().kind().equals("acknowledged"))
                        .findFirst().orElseThrow();
                assertEquals("sms:Ketua RT 03", ack.alert().source());
                assertEquals("Update", ack.alert().msgType());
                String payload = new String(ack.payload(), java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(payload.contains(RT_HEAD.substring(3)), "no number in an MQTT payload");
                assertEquals(List.of(RT_HEAD), List.copyOf(SmsSim.byNumber(spool).keySet()), "level 2 never paged");
                assertEquals(143, gw.stop());
                assertFalse(gw.log().contains(RT_HEAD.substring(3)) || gw.log().contains(STRANGER.substring(3)),
                        "no number in the log");
            }
        }
    }

    @Test
    void with_the_uplink_lost_a_life_safety_alarm_also_goes_to_the_duty_phone_and_says_so() throws Exception {
        int dead = MosquittoBroker.freePort(); // nothing listens: the uplink never comes up
        Path profile = Profiles.write(tmp.resolve("etc"), "tcp://127.0.0.1:" + dead);
        java.nio.file.Files.writeString(profile, java.nio.file.Files.readString(profile)
                .replace("  backoff: { min: 100ms, max: 500ms }", "  backoff: { min: 100ms, max: 500ms }\n  lost_after: 2s"));
        SmsSim.withSms(profile, """
                sms:
                  modems: [{ id: modem-1, per_minute: 3000, window: 10 }]
                  residents: { life-safety: none }
                  duty: [piket]
                """);
        String duty = SmsSim.number(950);
        SmsSim.writeRegister(profile, """
                people:
                  piket: { number: "%s", role: "Piket Polsek", lang: en }
                """.formatted(duty));
        state = tmp.resolve("state");
        Path spool = SmsSim.spool(state);
        try (GatewayProcess gw = GatewayProcess.start(profile, state, "tcp://127.0.0.1:" + dead, tmp.resolve("gw.log"),
                Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0"))) {
            // the uplink-lost supervision event, journaled after lost_after, is the post's first event
            await().atMost(Duration.ofSeconds(20)).until(() -> SmsSim.status(tmp, state).path("lastSeq").asLong() >= 1);
            assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms", "50",
                    "--state-dir", state.toString()).waitFor());
            await().atMost(Duration.ofSeconds(30)).until(() -> SmsSim.byNumber(spool).containsKey(duty));
            String text = SmsSim.byNumber(spool).get(duty).get(0);
            assertTrue(text.startsWith("KENTONGAN desa-uji/pos-uji: Panic button pressed, zone z1, #"), text);
            assertTrue(text.endsWith("The post's uplink is lost: sent by SMS."), text);
            assertEquals(143, gw.stop());
        }
    }
}
