package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kentongan centre} beside a real Mosquitto and a gateway process: an alarm the post publishes again
 * and again (nobody acknowledges it) is kept once; events published while the centre was stopped are asked
 * for with a signed replay after its restart and fill the gap; a broker restart is ridden out; and
 * {@code kentongan report --centre} counts the alarm once, in the table of its post.
 */
@Timeout(240)
class CentreIT {

    static final String KEY_ID = "polsek-journal";
    static final String KEY = "centre-journal-key-0123456789-abcdef";
    static final String POST = "desa-uji/pos-a";

    @TempDir
    Path tmp;

    @Test
    void the_centre_keeps_re_published_alerts_once_fills_gaps_by_replay_and_rides_out_restarts() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = Profiles.writePost(tmp.resolve("post"), broker.uri(), "pos-a"); // re-publishes every 1-2 s
            Profiles.writeCentreKey(profile, KEY_ID, KEY);
            Path secrets = Profiles.writeCentreKey(tmp.resolve("centre/secrets.yaml"), KEY_ID, KEY);
            Path db = tmp.resolve("centre/centre.db");
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"));
                 Subscriber wire = Subscriber.connect(broker.uri(), "wire-" + System.nanoTime(),
                         "kentongan/v1/+/+/alert")) {
                Path firstLog = tmp.resolve("centre-1.log");
                Process centre = centre(broker, db, secrets, firstLog);
                press(state, "panic-1");
                await().atMost(Duration.ofSeconds(20)).until(() -> wire.events().stream()
                        .filter(e -> e.alert().kind().equals("panic")).count() >= 3);
                String panic = wire.events().stream().filter(e -> e.alert().kind().equals("panic")).findFirst()
                        .orElseThrow().alert().identifier();
                await().atMost(Duration.ofSeconds(10)).until(() -> read(firstLog).contains(panic));
                stop(centre);
                assertTrue(read(firstLog).matches("(?s).*stopped; kept \\d+, duplicates [1-9]\\d*,.*"),
                        "the re-publishes were recognised: " + read(firstLog));

                // while the centre is down: a door opens (telemetry) and the guard silences the siren; neither is
                // published again by the post, and the broker keeps nothing for a centre that is gone
                press(state, "door-1");
                press(state, "silence");
                long whileDown = seq(wire, "siren-silenced");
                Path secondLog = tmp.resolve("centre-2.log");
                centre = centre(broker, db, secrets, secondLog);
                press(state, "door-1"); // the next event shows the centre the gap
                await().atMost(Duration.ofSeconds(30)).until(() -> read(secondLog).contains("asked   " + POST
                        + " to replay"));
                await().atMost(Duration.ofSeconds(30)).until(() -> contiguous(db) && highest(db) > whileDown);
                assertTrue(read(secondLog).contains("resending"), "the post answered the replay: " + read(secondLog));

                // the broker restarts: the centre reconnects by itself and keeps what comes next
                broker.stop();
                broker.start();
                long before = highest(db);
                awaitInLog(secondLog, "the centre reconnected after the broker's restart",
                        log -> log.split("connected to").length > 2);
                press(state, "door-1");
                await().atMost(Duration.ofSeconds(30)).until(() -> highest(db) > before && contiguous(db));
                stop(centre);
            }
            GatewayProcess.Ran report = GatewayProcess.run(tmp, "report", "--centre", db.toString(), "--from",
                    "2000-01-01", "--to", "2100-01-01", "--format", "json", "--out", tmp.resolve("centre.json")
                            .toString());
            assertEquals(0, report.exit(), report.output());
            JsonNode r = new ObjectMapper().readTree(tmp.resolve("centre.json").toFile());
            assertEquals(1, r.at("/alarms/count").asLong(), "one alarm, however often it was published");
            assertEquals(POST, r.at("/perPost/0/post").asText());
            assertEquals("silenced", r.at("/alerts/0/sirenEnd").asText(), "its silence came by replay");
        }
    }

    private Process centre(MosquittoBroker broker, Path db, Path secrets, Path log) throws Exception {
        Process p = GatewayProcess.command(log, "centre", "--broker", broker.uri(), "--db", db.toString(), "--key-id",
                KEY_ID, "--secrets", secrets.toString(), "--replay-after", "2", "--replay-every", "3");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("the centre exited: " + read(log));
            }
            return read(log).contains("centre: keeping");
        });
        return p;
    }

    private static void stop(Process centre) throws InterruptedException {
        centre.destroy();
        assertTrue(centre.waitFor(20, TimeUnit.SECONDS), "the centre stops on SIGTERM");
    }

    private void press(Path state, String input) throws Exception {
        GatewayProcess.Ran r = GatewayProcess.run(tmp, "press", input, "--hold-ms", "50", "--state-dir",
                state.toString());
        assertEquals(0, r.exit(), r.output());
    }

    private static long seq(Subscriber wire, String kind) {
        await().atMost(Duration.ofSeconds(10)).until(() -> wire.events().stream()
                .anyMatch(e -> e.alert().kind().equals(kind)));
        return wire.events().stream().filter(e -> e.alert().kind().equals(kind)).findFirst().orElseThrow().alert().seq();
    }

    /** Every sequence number of the post from the first the centre kept to the last, none missing. */
    private static boolean contiguous(Path db) throws Exception {
        long[] r = query(db, "SELECT MIN(seq), MAX(seq), COUNT(*) FROM received WHERE post = 'pos-a'");
        return r[2] > 0 && r[1] - r[0] + 1 == r[2];
    }

    private static long highest(Path db) throws Exception {
        return query(db, "SELECT COALESCE(MAX(seq), 0), 0, 0 FROM received WHERE post = 'pos-a'")[0];
    }

    private static long[] query(Path db, String sql) throws Exception {
        if (!Files.exists(db)) {
            return new long[3];
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** Waits up to 30 s for {@code log} to show {@code what}; a timeout fails with the log, which the temporary folder loses. */
    private static void awaitInLog(Path log, String what, java.util.function.Predicate<String> shows) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> shows.test(read(log)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not within 30 s: " + what + "; its log:\n" + read(log), e);
        }
    }

    private static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
