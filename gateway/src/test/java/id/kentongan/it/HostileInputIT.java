package id.kentongan.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.post.Gateway;
import id.kentongan.field.FieldServer;
import id.kentongan.config.FieldSettings;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import id.kentongan.uplink.SignedCommand;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input, short form (#6): thousands of mutated CoAP events and MQTT commands against a
 * running gateway. Nothing crashes or hangs; nothing forged actuates; what is accepted is exactly what
 * is journaled. Seeded, so a failure can be replayed.
 */
@Timeout(value = 40, unit = java.util.concurrent.TimeUnit.MINUTES) // the long form's 40,000 cases
class HostileInputIT {

    static final String KEY = "centre-key-0123456789-abcdefghijkl";
    /** Per kind; {@code -Dkentongan.faults=long} runs the long form. */
    static final int CASES = "long".equals(System.getProperty("kentongan.faults")) ? 20_000 : 3_000;

    @TempDir
    Path tmp;

    static byte[] mutate(byte[] valid, SplittableRandom rnd) {
        byte[] b = valid.clone();
        int flips = 1 + rnd.nextInt(6);
        for (int k = 0; k < flips; k++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return rnd.nextInt(10) == 0 ? java.util.Arrays.copyOf(b, rnd.nextInt(b.length)) : b;
    }

    @Test
    void mutated_coap_events_and_mqtt_commands_never_crash_hang_or_actuate_unless_valid() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/result")) {
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), 0, 0);
            Files.writeString(profile.resolveSibling("secrets.yaml"), "centres:\n  polsek-1: \"" + KEY + "\"\n");
            Files.setPosixFilePermissions(profile.resolveSibling("secrets.yaml"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Gateway g = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
            Path db = tmp.resolve("state/journal.db");
            SplittableRandom rnd = new SplittableRandom(20261123);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> g.publisher().status().get().connected());

                // MQTT: a valid signed command, mutated; each must be refused, nothing may sound
                String topic = "kentongan/v1/desa-uji/pos-uji/cmd/alert";
                ObjectNode args = new ObjectMapper().createObjectNode();
                args.put("kind", "flood");
                byte[] signed = SignedCommand.sign(topic, args, "polsek-1", KEY.getBytes(StandardCharsets.US_ASCII),
                        Instant.now(), "the-one-nonce-0001");
                centre.publish(topic, signed); // the authentic one, once: a mutation that means the same is a replay
                await().atMost(Duration.ofSeconds(5)).until(() -> centre.texts("/result").size() == 1);
                assertTrue(centre.texts("/result").get(0).contains("\"accepted\""));
                await().atMost(Duration.ofSeconds(5)).until(() -> JournalFile.rows(db) == 1);
                centre.publish("kentongan/v1/desa-uji/pos-uji/cmd/all-clear", SignedCommand.sign(
                        "kentongan/v1/desa-uji/pos-uji/cmd/all-clear", new ObjectMapper().createObjectNode(), "polsek-1",
                        KEY.getBytes(StandardCharsets.US_ASCII), Instant.now().plusMillis(1), "the-one-nonce-0002"));
                await().atMost(Duration.ofSeconds(5)).until(() -> centre.texts("/result").size() == 2
                        && !g.outputOn("siren-1"));
                long before = JournalFile.rows(db);
                int forged = 0;
                for (int i = 0; i < CASES; i++) {
                    byte[] m = mutate(signed, rnd);
                    if (java.util.Arrays.equals(m, signed)) {
                        continue;
                    }
                    centre.publish(topic, m);
                    forged++;
                }
                await().atMost(Duration.ofSeconds(60L * Math.max(1, CASES / 3_000))).until(() -> centre.texts("/result").size() >= 2 + CASES * 9 / 10);
                assertTrue(centre.texts("/result").stream().skip(2).allMatch(t -> t.contains("\"rejected\"")),
                        "every mutated command refused");
                assertFalse(g.outputOn("siren-1"));
                assertEquals(before, JournalFile.rows(db), "no forged command raised anything");

                // CoAP: a valid event, mutated; what is answered 2.01 is exactly what is journaled
                CoapClient c = new CoapClient("coap://127.0.0.1:" + g.field().plainPort() + "/events");
                CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(FieldServer.configuration(
                        FieldSettings.DEFAULTS)).build();
                c.setEndpoint(ep);
                c.setTimeout(5_000L);
                Set<String> accepted = new HashSet<>();
                int answered = 0;
                long rowsBefore = JournalFile.rows(db);
                try {
                    for (int i = 0; i < CASES; i++) {
                        byte[] valid = ("{\"node\":\"sungai-1\",\"boot\":1,\"seq\":" + i + ",\"kind\":\"level\","
                                + "\"value\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                        CoapResponse r = c.post(mutate(valid, rnd), rnd.nextInt(4) == 0 ? 60 : 50);
                        if (r != null) {
                            answered++;
                            if (r.getCode() == ResponseCode.CREATED) {
                                accepted.add(new ObjectMapper().readTree(r.getPayload()).path("seq").asText());
                            } else {
                                assertTrue(r.getCode().codeClass == 4, "only 4.xx refusals: " + r.getCode());
                            }
                        }
                    }
                    assertEquals(CASES, answered, "every request answered: no hang");
                    // and the post still takes a valid event
                    CoapResponse ok = c.post("{\"node\":\"masjid-1\",\"boot\":9,\"seq\":1,\"kind\":\"panic\"}"
                            .getBytes(StandardCharsets.UTF_8), 50);
                    assertEquals(ResponseCode.CREATED, ok.getCode());
                    accepted.add(new ObjectMapper().readTree(ok.getPayload()).path("seq").asText());
                } finally {
                    c.shutdown();
                    ep.destroy();
                }
                assertEquals(accepted.size(), JournalFile.rows(db) - rowsBefore, "accepted == journaled");
                System.out.printf("hostile input, MQTT commands: %d mutated signed commands published, %d answered, "
                        + "all refused, 0 actuations, 0 journaled%n", forged, centre.texts("/result").size() - 2);
                System.out.printf("hostile input, CoAP events: %d mutated, %d answered, %d accepted and journaled, "
                        + "the rest 4.xx%n", CASES, answered, accepted.size() - 1);
            } finally {
                g.close();
            }
        }
        Threads.assertNoGatewayThreadsLeft();
    }
}
