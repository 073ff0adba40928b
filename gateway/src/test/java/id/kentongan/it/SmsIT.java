package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.SmsSim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residents by SMS through the real gammu-smsd with Gammu's dummy phone, the packaged gateway running
 * its own daemon as in simulation: a press reaches every resident of its zone, once each, in their
 * language, and nobody else; no number is ever in the gateway's log.
 */
@Timeout(180)
class SmsIT {

    static final int Z1 = 30;
    static final int Z2 = 5;

    @TempDir
    Path tmp;
    Path state;

    @AfterEach
    void no_daemon_is_left() throws Exception {
        if (state != null) {
            SmsSim.stopDaemon(SmsSim.spool(state));
        }
    }

    static String register() {
        StringBuilder b = new StringBuilder("residents:\n  z1:\n");
        for (int i = 0; i < Z1; i++) {
            b.append(String.format("    - { id: z1-%03d, number: \"%s\"%s }%n", i, SmsSim.number(i),
                    i % 3 == 0 ? ", lang: en" : ""));
        }
        b.append("  z2:\n");
        for (int i = Z1; i < Z1 + Z2; i++) {
            b.append(String.format("    - { id: z2-%03d, number: \"%s\" }%n", i, SmsSim.number(i)));
        }
        return b.toString();
    }

    @Test
    void a_press_reaches_every_resident_of_its_zone_once_each_in_their_language() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = SmsSim.withSms(Profiles.write(tmp.resolve("etc"), broker.uri()), """
                    sms:
                      modems: [{ id: modem-1, per_minute: 3000, window: 10 }]
                      residents: { life-safety: own-zone }
                    """);
            SmsSim.writeRegister(profile, register());
            state = tmp.resolve("state");
            Path spool = SmsSim.spool(state);
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0"))) {
                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms", "50",
                        "--state-dir", state.toString()).waitFor());
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> SmsSim.sent(spool).size() >= Z1);
                Map<String, List<String>> got = SmsSim.byNumber(spool);
                List<String> z1 = IntStream.range(0, Z1).mapToObj(SmsSim::number).toList();
                assertEquals(z1, List.copyOf(got.keySet()), "every resident of z1, nobody of z2");
                for (int i = 0; i < Z1; i++) {
                    List<String> texts = got.get(SmsSim.number(i));
                    assertEquals(1, texts.size(), "once: " + texts);
                    String want = i % 3 == 0 ? "Panic button pressed (z1). Follow" : "Tombol panik ditekan (z1). Ikuti";
                    assertTrue(texts.get(0).startsWith(want), texts.get(0));
                }
                // nothing queued, nothing with the daemon: no further message can go to anyone
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> GatewayProcess.run(tmp, "status", "--state-dir",
                        state.toString(), "--lang", "en").output().contains("SMS      queued 0, handed 0, sent " + Z1 + ","));
                assertEquals(Z1, SmsSim.sent(spool).size());
                assertEquals(Z1, SmsSim.transmitted(spool), "the daemon transmitted each once");
                assertEquals(143, gw.stop());
                String log = gw.log();
                for (int i = 0; i < Z1 + Z2; i++) {
                    assertFalse(log.contains(SmsSim.number(i).substring(3)), "a number in the log");
                }
            }
            assertFalse(SmsSim.daemon(spool).isPresent(), "the gateway stopped its daemon");
        }
    }
}
