package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.CapJson;
import id.kentongan.clock.ClockHook;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #6, clock jumps: a gateway process whose wall clock is moved while it runs (through the test
 * hook {@link ClockHook}, no root needed), watched by a real MQTT subscriber as the centre. It boots a
 * day behind and unsynchronised (fake-hwclock), NTP steps it a day forward, then it is set back a day
 * by hand: the centre sees every event once, in sequence, flagged where the clock was not trusted, and
 * one supervision event per jump and for the synchronisation.
 */
@Timeout(180)
class ClockJumpIT {

    static final long DAY_MS = 86_400_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path clockFile;

    /** Replaced whole, so the gateway never reads half an offset. */
    void setClock(String content) throws Exception {
        Path next = tmp.resolve("clock.new");
        Files.writeString(next, content + "\n");
        Files.move(next, clockFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void press(Path state, String input) throws Exception {
        Path log = tmp.resolve("press.log");
        assertEquals(0, GatewayProcess.command(log, "press", input, "--hold-ms", "10", "--state-dir",
                state.toString()).waitFor(), () -> read(log));
    }

    static List<CapJson.Summary> events(Subscriber centre) {
        return centre.distinctEvents().stream().map(Subscriber.Received::alert).toList();
    }

    static CapJson.Summary lastOf(Subscriber centre, String kind) {
        List<CapJson.Summary> all = events(centre).stream().filter(s -> s.kind().equals(kind)).toList();
        return all.get(all.size() - 1);
    }

    static long count(Subscriber centre, String kind) {
        return events(centre).stream().filter(s -> s.kind().equals(kind)).count();
    }

    /** The jump's size in seconds, from the CAP parameter kentongan:value. */
    static double jumpSeconds(Subscriber centre, int nth) throws Exception {
        Subscriber.Received r = centre.distinctEvents().stream()
                .filter(x -> x.alert().kind().equals("clock-jumped")).toList().get(nth);
        for (JsonNode p : JSON.readTree(r.payload()).path("info").get(0).path("parameter")) {
            if (p.path("valueName").asText().equals("kentongan:value")) {
                return p.path("value").asDouble();
            }
        }
        throw new AssertionError("no kentongan:value in " + new String(r.payload()));
    }

    /** How far an event's CAP sent lies from this machine's real clock. */
    static long offsetMillis(CapJson.Summary s) {
        return OffsetDateTime.parse(s.sent()).toInstant().toEpochMilli() - System.currentTimeMillis();
    }

    @Test
    void the_centre_sees_flags_where_the_clock_was_not_trusted_one_event_per_jump_and_the_order_kept()
            throws Exception {
        clockFile = tmp.resolve("clock");
        setClock(-DAY_MS + " unsynchronised"); // booted on fake-hwclock's saved time, a day behind
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert",
                     "kentongan/v1/+/+/telemetry")) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("JAVA_TOOL_OPTIONS", "-D" + ClockHook.PROPERTY + "=" + clockFile))) {
                press(state, "door-1");
                await().atMost(Duration.ofSeconds(20)).until(() -> count(centre, "door") == 1);
                CapJson.Summary before = lastOf(centre, "door");
                assertTrue(before.unsynchronised(), "made on fake-hwclock's time: flagged");
                assertTrue(Math.abs(offsetMillis(before) + DAY_MS) < 60_000, before.sent());

                setClock("0 synchronised"); // NTP steps the clock a day forward and the kernel says synchronised
                await().atMost(Duration.ofSeconds(20)).until(() -> count(centre, "clock-synchronised") == 1);
                assertEquals(1, count(centre, "clock-jumped"));
                assertEquals(DAY_MS / 1000.0, jumpSeconds(centre, 0), 5.0, "the jump's size, in seconds");
                press(state, "door-1");
                await().atMost(Duration.ofSeconds(20)).until(() -> count(centre, "door") == 2);
                CapJson.Summary synced = lastOf(centre, "door");
                assertFalse(synced.unsynchronised(), "after NTP: a trusted time");
                assertTrue(Math.abs(offsetMillis(synced)) < 60_000, synced.sent());

                setClock(-DAY_MS + " synchronised"); // set back a day by hand: a jump the kernel did not account for
                await().atMost(Duration.ofSeconds(20)).until(() -> count(centre, "clock-jumped") == 2);
                assertEquals(-DAY_MS / 1000.0, jumpSeconds(centre, 1), 5.0);
                press(state, "door-1");
                await().atMost(Duration.ofSeconds(20)).until(() -> count(centre, "door") == 3);
                CapJson.Summary after = lastOf(centre, "door");
                assertTrue(after.unsynchronised(), "after an unexplained jump: flagged");
                assertTrue(after.seq() > synced.seq(), "a later sequence number ...");
                assertTrue(offsetMillis(after) < offsetMillis(synced) - DAY_MS + 60_000, "... a day earlier sent");

                Path status = tmp.resolve("status.txt");
                assertEquals(0, GatewayProcess.command(status, "status", "--state-dir", state.toString(), "--lang", "en").waitFor());
                assertTrue(read(status).contains("Clock    NOT TRUSTED (kernel: synchronised)"), read(status));
                assertTrue(read(status).contains("jumps since start: 2"), read(status));

                List<CapJson.Summary> seen = events(centre);
                assertEquals(1, count(centre, "clock-synchronised"), "told once");
                assertEquals(2, count(centre, "clock-jumped"), "once per jump");
                List<Long> seqs = seen.stream().map(CapJson.Summary::seq).sorted().toList();
                assertEquals(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs,
                        "every event arrived once, none lost: " + seen);
                for (String priority : List.of("supervision", "telemetry")) {
                    List<Long> inArrival = seen.stream().filter(s -> s.priority().equals(priority))
                            .map(CapJson.Summary::seq).toList();
                    assertEquals(inArrival.stream().sorted().toList(), inArrival,
                            priority + " arrived in sequence order, whatever the clock said");
                }
                gw.stop();
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
