package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The post's power as a UPS HAT tells it (#16), the loop stepped by hand: the mains lost and back is one
 * power-lost and one power-restored that refers to it, a flicker shorter than the settle time is nothing,
 * a low battery is told once, a critical one stops the post once, and a post that boots on its battery
 * says so.
 */
class PowerLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1]
            inputs:
              - { id: silence, pin: 25, role: silence }
              - { id: mains, pin: 21, role: mains, active: high, settle: 2s }
              - { id: batt-low, pin: 16, role: battery-low, active: high, settle: 0s }
              - { id: batt-crit, pin: 12, role: battery-critical, active: high, settle: 0s }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            """;
    static final int MAINS = 1;
    static final int LOW = 2;
    static final int CRITICAL = 3;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<Event> journaled = new ArrayList<>();
    final boolean[] lines = new boolean[4];
    Inbox inbox;
    DispatchLoop loop;
    int shutDowns;
    long now = 5_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(64);
        lines[MAINS] = true;
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (i, on) -> { }, journaled::add, e -> { },
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.readLinesWith(i -> lines[i]);
        loop.shutDownWith(() -> shutDowns++);
        loop.runPending(now);
    }

    void line(int input, boolean level) {
        lines[input] = level;
        inbox.offer(new Input.Edge(input, level, now));
        loop.runPending(now);
    }

    void advance(long ms) {
        for (long t = 0; t < ms; t += 100) {
            now += Math.min(100, ms - t) * MS;
            loop.runPending(now);
        }
    }

    List<AlertKind> kinds() {
        return journaled.stream().map(Event::kind).toList();
    }

    String mains() throws Exception {
        CompletableFuture<LoopStatus> reply = new CompletableFuture<>();
        inbox.offer(new Input.StatusQuery(reply));
        loop.runPending(now);
        return reply.get().supervision().power().mains();
    }

    @Test
    void mains_lost_and_back_is_one_power_lost_and_one_power_restored_that_refers_to_it() throws Exception {
        advance(3000);
        assertEquals(List.of(), kinds(), "the mains present at start is nothing to tell");
        assertEquals("present", mains());
        line(MAINS, false);
        advance(1900);
        assertEquals(List.of(), kinds(), "not before the settle time");
        advance(200);
        assertEquals(List.of(AlertKind.POWER_LOST), kinds());
        assertEquals("lost", mains());
        line(MAINS, true);
        advance(2100);
        assertEquals(List.of(AlertKind.POWER_LOST, AlertKind.POWER_RESTORED), kinds());
        Event lost = journaled.get(0);
        Event back = journaled.get(1);
        assertEquals("mains", lost.source());
        assertTrue(back.references().contains(lost.identifier()), "restored refers to the outage it ends");
        assertEquals(Event.MsgType.Update, back.msgType());
    }

    @Test
    void a_flicker_shorter_than_the_settle_time_is_nothing() {
        advance(3000);
        for (int i = 0; i < 10; i++) { // a brown-out: the mains drops for half a second, ten times
            line(MAINS, false);
            advance(500);
            line(MAINS, true);
            advance(500);
        }
        advance(3000);
        assertEquals(List.of(), kinds());
    }

    @Test
    void a_post_that_boots_on_its_battery_says_so() {
        lines[MAINS] = false; // no edge: the line was low before the gateway started
        advance(2500);
        assertEquals(List.of(AlertKind.POWER_LOST), kinds());
    }

    @Test
    void a_low_battery_is_told_once_and_a_critical_one_stops_the_post_once() {
        advance(3000);
        line(MAINS, false);
        advance(2100);
        line(LOW, true);
        advance(100);
        line(LOW, false);
        advance(100);
        line(LOW, true);
        advance(100);
        assertEquals(List.of(AlertKind.POWER_LOST, AlertKind.BATTERY_LOW, AlertKind.BATTERY_LOW), kinds(),
                "each episode once: it went away and came back");
        assertEquals(0, shutDowns);
        line(CRITICAL, true);
        advance(100);
        line(CRITICAL, false);
        advance(100);
        line(CRITICAL, true);
        advance(100);
        assertEquals(1, shutDowns, "the post is stopped once, cleanly, by its owner");
    }
}
