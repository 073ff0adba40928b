package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.NotifySocket;
import id.kentongan.fixtures.Profiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway under systemd's notification protocol, as {@code Type=notify} with {@code WatchdogSec=}
 * runs it: the test binds the notify socket systemd would, and reads what the real process sends.
 */
@Timeout(120)
class SystemdNotifyIT {

    /**
     * The watchdog timeout given to the gateway; it must ping at half of it. Short, so the test is
     * quick, yet far above the scheduling jitter of a loaded 2-core machine (a post uses 10 s).
     */
    static final long WATCHDOG_MS = 2000;

    @TempDir
    Path tmp;

    @Test
    void ready_once_armed_watchdog_while_the_loop_turns_even_with_a_failing_journal_stopping_on_sigterm()
            throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             NotifySocket systemd = NotifySocket.bind(tmp.resolve("notify.sock"))) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Path state = tmp.resolve("state");
            Map<String, String> env = Map.of("NOTIFY_SOCKET", systemd.path().toString(),
                    "WATCHDOG_USEC", Long.toString(TimeUnit.MILLISECONDS.toMicros(WATCHDOG_MS)));
            try (GatewayProcess gateway = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    env)) {
                await("READY=1").atMost(Duration.ofSeconds(10)).until(() -> !systemd.with("READY=1").isEmpty());
                NotifySocket.Message ready = systemd.with("READY=1").get(0);
                assertTrue(ready.text().contains("STATUS=armed: post desa-uji/pos-uji"), ready.text());
                assertTrue(gateway.log().contains("armed: post desa-uji/pos-uji"), gateway.log());
                assertEquals(0, kentongan("status", "--state-dir", state.toString()),
                        "the control socket answers once READY is sent");

                // healthy: a ping at least every half timeout, so systemd never fires
                long healthyFrom = System.nanoTime();
                await("never a watchdog timeout").during(Duration.ofMillis(2 * WATCHDOG_MS))
                        .atMost(Duration.ofMillis(3 * WATCHDOG_MS))
                        .until(() -> millisSinceLastPing(systemd) < WATCHDOG_MS);
                List<Long> healthy = pingsSince(systemd, healthyFrom);
                assertTrue(healthy.size() >= 3, "pings in two timeouts, at half a timeout each: " + healthy.size());
                assertTrue(maxGapMillis(healthy) < WATCHDOG_MS, "the longest gap between pings, ms: "
                        + maxGapMillis(healthy));

                // the journal cannot write (a full disk as SQLite sees it): the post stays up and says so;
                // pings go on, for a restart would only come back to the same full disk without sirens
                Path db = state.resolve("journal.db");
                sql(db, "CREATE TRIGGER disk_full BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END");
                assertEquals(0, kentongan("press", "panic-1", "--hold-ms", "10", "--state-dir", state.toString()));
                await("journal failing").atMost(Duration.ofSeconds(10))
                        .until(() -> gateway.log().contains("journal: commit of"));
                long failingFrom = System.nanoTime();
                await("pings go on while the journal fails at once").during(Duration.ofMillis(2 * WATCHDOG_MS))
                        .atMost(Duration.ofMillis(3 * WATCHDOG_MS))
                        .until(() -> millisSinceLastPing(systemd) < WATCHDOG_MS);
                assertTrue(maxGapMillis(pingsSince(systemd, failingFrom)) < WATCHDOG_MS,
                        "no watchdog timeout while the journal fails");
                sql(db, "DROP TRIGGER disk_full");

                assertEquals(143, gateway.stop(), "a clean stop on SIGTERM");
                List<NotifySocket.Message> stopping = systemd.with("STOPPING=1");
                assertEquals(1, stopping.size(), "STOPPING=1 once: " + systemd.messages());
                assertEquals(1, systemd.with("READY=1").size(), "READY=1 once");
            }
        }
    }

    static List<Long> pingsSince(NotifySocket systemd, long from) {
        return systemd.with("WATCHDOG=1").stream().map(NotifySocket.Message::nanos).filter(n -> n >= from).toList();
    }

    static long millisSinceLastPing(NotifySocket systemd) {
        List<NotifySocket.Message> pings = systemd.with("WATCHDOG=1");
        return pings.isEmpty() ? Long.MAX_VALUE
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pings.get(pings.size() - 1).nanos());
    }

    static long maxGapMillis(List<Long> nanos) {
        long max = 0;
        for (int i = 1; i < nanos.size(); i++) {
            max = Math.max(max, nanos.get(i) - nanos.get(i - 1));
        }
        return TimeUnit.NANOSECONDS.toMillis(max);
    }

    int kentongan(String... args) throws Exception {
        return GatewayProcess.run(tmp, args).exit();
    }

    static void sql(Path db, String statement) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }
}
