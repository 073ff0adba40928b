package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.SmsSim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in the middle of a fan-out, against the packaged gateway and the real gammu-smsd (dummy phone):
 * the gateway SIGKILLed again and again while it hands 500 messages to the daemon, and the daemon stopped
 * (short form: 15 s, with the modem's {@code stuck_after} at 10 s; long form: a minute, with the default
 * minute). Counted in the daemon's own folders and log: every resident gets exactly one message.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class SmsFaultsIT {

    /** Short form in the suite; {@code -Dkentongan.faults=long} kills ten times. */
    static final boolean LONG = "long".equals(System.getProperty("kentongan.faults"));
    static final int KILLS = LONG ? 10 : 3;
    /** How long the daemon is stopped, and after how long the post says it is stuck. */
    static final Duration STOPPED = LONG ? Duration.ofMinutes(1) : Duration.ofSeconds(15);
    static final String STUCK_AFTER = LONG ? "" : ", stuck_after: 10s";
    static final int RESIDENTS = 500;
    static final Map<String, String> FAST_DAEMON = Map.of("KENTONGAN_SMSD_LOOPSLEEP", "0");

    @TempDir
    Path tmp;
    Path state;

    @AfterEach
    void no_daemon_is_left() throws Exception {
        if (state != null) {
            SmsSim.stopDaemon(SmsSim.spool(state));
        }
    }

    private Path profile(String brokerUri, int residents, String modem) throws Exception {
        Path profile = SmsSim.withSms(Profiles.write(tmp.resolve("etc"), brokerUri), """
                sms:
                  modems: [%s]
                  residents: { life-safety: own-zone }
                """.formatted(modem));
        StringBuilder b = new StringBuilder("residents:\n  z1:\n");
        for (int i = 0; i < residents; i++) {
            b.append(String.format("    - { id: r%04d, number: \"%s\" }%n", i, SmsSim.number(i)));
        }
        SmsSim.writeRegister(profile, b.toString());
        return profile;
    }

    /** Each of the first {@code n} fictional numbers got exactly one message, and the daemon sent no other. */
    private static void everyoneOnce(Path spool, int n) throws Exception {
        Map<String, List<String>> got = SmsSim.byNumber(spool);
        assertEquals(n, got.size(), "residents reached");
        List<String> repeated = got.entrySet().stream().filter(e -> e.getValue().size() != 1).map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of(), repeated, "residents messaged more than once");
        assertEquals(n, SmsSim.transmitted(spool), "messages the daemon transmitted");
    }

    @Test
    void sigkills_in_the_middle_of_a_500_recipient_fan_out_lose_and_repeat_no_message() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261201);
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = profile(broker.uri(), RESIDENTS, "{ id: modem-1, per_minute: 6000, window: 20 }");
            state = tmp.resolve("state");
            Path spool = SmsSim.spool(state);
            GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw-0.log"), FAST_DAEMON);
            try {
                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms", "50",
                        "--state-dir", state.toString()).waitFor());
                for (int kill = 1; kill <= KILLS; kill++) {
                    long before = SmsSim.sent(spool).size();
                    long target = Math.min(RESIDENTS - 40, before + 10 + rnd.nextInt((RESIDENTS - 60) / KILLS));
                    // the kill lands in the fan-out: once messages are going, at a random count
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                            .until(() -> SmsSim.sent(spool).size() >= target);
                    gw.kill();
                    System.out.printf("SmsFaultsIT: kill %d at %d of %d sent%n", kill, SmsSim.sent(spool).size(),
                            RESIDENTS);
                    gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw-" + kill + ".log"),
                            FAST_DAEMON);
                }
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> SmsSim.sent(spool).size() >= RESIDENTS);
                Path st = state;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> GatewayProcess.run(tmp, "status", "--state-dir",
                        st.toString(), "--lang", "en").output().contains("SMS      queued 0, handed 0, sent " + RESIDENTS + ","));
                everyoneOnce(spool, RESIDENTS);
                System.out.printf("SmsFaultsIT: %d kills, %d residents, %d messages sent, 0 lost, 0 repeated%n",
                        KILLS, RESIDENTS, SmsSim.sent(spool).size());
            } finally {
                gw.stop();
            }
        }
    }

    @Test
    void the_daemon_stopped_loses_nothing_and_the_post_says_it_is_stuck() throws Exception {
        int residents = 40;
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = profile(broker.uri(), residents, "{ id: modem-1, per_minute: 6000, window: 5" + STUCK_AFTER + " }");
            state = tmp.resolve("state");
            Path spool = SmsSim.spool(state);
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    FAST_DAEMON)) {
                Path st = state;
                await().atMost(Duration.ofSeconds(10)).until(() -> SmsSim.daemon(spool).isPresent());
                SmsSim.signal(spool, "STOP");
                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms", "50",
                        "--state-dir", state.toString()).waitFor());
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(() -> GatewayProcess.run(tmp, "status", "--state-dir",
                        st.toString(), "--lang", "en").output().contains("5 waiting in the daemon's outbox"));
                long stoppedAt = System.nanoTime();
                assertFalse(GatewayProcess.run(tmp, "status", "--lang", "en", "--state-dir", st.toString()).output()
                        .contains("STUCK"), "not stuck before stuck_after");
                // the daemon stopped: the post hands over no more than its window, and says so once nothing has
                // left for stuck_after
                await().atLeast(STOPPED.minusSeconds(1)).atMost(STOPPED.plusSeconds(30)).pollDelay(STOPPED.minusSeconds(1))
                        .until(() -> GatewayProcess.run(tmp, "status", "--lang", "en", "--state-dir", st.toString())
                                .output().contains("STUCK"));
                assertTrue(System.nanoTime() - stoppedAt >= STOPPED.minusSeconds(1).toNanos());
                assertEquals(0, SmsSim.sent(spool).size(), "nothing sent while the daemon is stopped");
                String status = GatewayProcess.run(tmp, "status", "--state-dir", st.toString(), "--lang", "en").output();
                assertTrue(status.contains("queued " + (residents - 5) + ", handed 5, sent 0"), status);
                SmsSim.signal(spool, "CONT");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> SmsSim.sent(spool).size() >= residents);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> GatewayProcess.run(tmp, "status", "--state-dir",
                        st.toString(), "--lang", "en").output().contains("SMS      queued 0, handed 0, sent " + residents + ","));
                everyoneOnce(spool, residents);
                assertEquals(143, gw.stop());
            }
        }
    }
}
