package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import id.kentongan.clock.ClockSync;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wall clock jumping a day forward or back under a running loop, stepped by hand: the sequence
 * stays the order, timers (siren patterns, limits, republishing, escalation) do not move, events are
 * flagged while the clock is not trusted, and each jump and each synchronisation is told once.
 */
class ClockJumpLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17, debounce: 20ms }
              - { id: door-1, pin: 24, debounce: 20ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            rules:
              - { input: panic-1, kind: panic, pattern: temporal-3, outputs: [siren-1], max_sounding: 15s }
              - { input: door-1, kind: door }
            centre:
              republish: { first: 1s, max: 4s }
              escalate_after: 10s
            """;
    static final int PANIC = 0;
    static final int DOOR = 1;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long DAY_MS = 86_400_000L;
    static final long START = 1_000_000_000L;
    static final long T0 = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    final List<Event> journaled = new ArrayList<>();
    /** What a user would notice, by monotonic time: siren line changes, publishes and escalations by kind. */
    final List<String> trace = new ArrayList<>();
    long now = START;
    long offsetMillis;
    ClockSync.State sync = ClockSync.State.SYNCHRONISED;
    Inbox inbox;
    DispatchLoop loop;

    DispatchLoop newLoop() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        UplinkSink uplink = new UplinkSink() {
            @Override
            public void publish(Event e) {
                note("publish " + e.kind().wireName());
            }

            @Override
            public void escalate(Event e) {
                note("escalate " + e.kind().wireName());
            }
        };
        DispatchLoop l = new DispatchLoop(profile.toSite(), 1, 0, inbox, (o, on) -> note("siren " + on),
                journaled::add, uplink, () -> Instant.ofEpochMilli(T0 + (now - START) / MS + offsetMillis),
                () -> now);
        l.judgeClockWith(() -> sync);
        return l;
    }

    void start() throws Exception {
        loop = newLoop();
        inbox.offer(new Input.UplinkChanged(true));
        loop.runPending(now);
        trace.clear();
    }

    /** Clock events are left out: a run without a jump has none, and the rest must not differ. */
    void note(String what) {
        if (!what.contains("clock-")) {
            trace.add((now - START) / MS + " ms " + what);
        }
    }

    void press(int input) {
        inbox.offer(new Input.Edge(input, true, now));
        loop.runPending(now);
        advance(50);
        inbox.offer(new Input.Edge(input, false, now));
        loop.runPending(now);
    }

    void advance(long ms) {
        for (long i = 0; i < ms; i += 10) {
            now += 10 * MS;
            loop.runPending(now);
        }
    }

    List<Event> ofKind(AlertKind kind) {
        return journaled.stream().filter(e -> e.kind() == kind).toList();
    }

    Event last() {
        return journaled.get(journaled.size() - 1);
    }

    /** A panic, a jump of {@code jumpMillis} 3 s later, a door event, then 20 s of timers. */
    List<String> incidentAcrossAJump(long jumpMillis) throws Exception {
        start();
        press(PANIC);
        advance(3_000);
        offsetMillis += jumpMillis;
        advance(100);
        press(DOOR);
        advance(20_000);
        return List.copyOf(trace);
    }

    @ParameterizedTest(name = "jump {0} ms")
    @ValueSource(longs = {DAY_MS, -DAY_MS})
    void a_day_jump_moves_no_timer_keeps_the_sequence_and_flags_what_follows(long jump) throws Exception {
        List<String> steady = incidentAcrossAJump(0);
        assertTrue(steady.contains("15000 ms publish siren-timeout"), "the baseline reaches the siren limit: " + steady);
        assertTrue(steady.stream().anyMatch(s -> s.endsWith("escalate panic")), "and escalates: " + steady);
        assertTrue(ofKind(AlertKind.CLOCK_JUMPED).isEmpty(), "no jump, nothing told");
        journaled.clear();
        now = START;
        offsetMillis = 0;

        List<String> jumped = incidentAcrossAJump(jump);

        assertEquals(steady, jumped, "siren pattern, limit, republishing and escalation at the same instants");
        List<Event> told = ofKind(AlertKind.CLOCK_JUMPED);
        assertEquals(1, told.size(), "one supervision event per jump, however long the run goes on");
        assertEquals(jump / 1000.0, told.get(0).value(), "with the jump's size in seconds");
        assertEquals(Priority.SUPERVISION, told.get(0).priority());
        for (int i = 1; i < journaled.size(); i++) {
            assertEquals(journaled.get(i - 1).seq() + 1, journaled.get(i).seq(), "the sequence is the order");
        }
        Event panic = ofKind(AlertKind.PANIC).get(0);
        Event door = ofKind(AlertKind.DOOR).get(0);
        assertFalse(panic.unsynchronised(), "before the jump the clock was synchronised");
        assertTrue(door.unsynchronised(), "after a jump the kernel did not account for, times are flagged");
        assertTrue(ofKind(AlertKind.SIREN_TIMEOUT).get(0).unsynchronised());
        assertTrue(door.seq() > panic.seq());
        assertEquals(panic.sentMillis() + 3_150 + jump, door.sentMillis(), "sent follows the jumped clock");
    }

    @Test
    void fake_hwclock_then_ntp_flags_what_came_before_and_tells_the_jump_then_the_synchronisation() throws Exception {
        offsetMillis = -DAY_MS; // booted with the time saved at the last shutdown, a day behind
        sync = ClockSync.State.UNSYNCHRONISED;
        start();
        press(DOOR);
        assertTrue(last().unsynchronised(), "made before NTP: flagged");

        offsetMillis = 0; // NTP steps the clock and the kernel says synchronised
        sync = ClockSync.State.SYNCHRONISED;
        advance(100);
        List<Event> clockEvents = journaled.stream().filter(e -> e.source().equals("clock")).toList();
        assertEquals(List.of(AlertKind.CLOCK_JUMPED, AlertKind.CLOCK_SYNCHRONISED),
                clockEvents.stream().map(Event::kind).toList(), "the jump, then the synchronisation it came with");
        assertEquals(DAY_MS / 1000.0, clockEvents.get(0).value());
        assertFalse(clockEvents.get(1).unsynchronised());

        press(DOOR);
        assertFalse(last().unsynchronised(), "after NTP: a trusted time");
        advance(5_000);
        assertEquals(2, journaled.stream().filter(e -> e.source().equals("clock")).count(), "told once each");
    }

    @Test
    void a_jump_the_kernel_did_not_account_for_flags_times_until_the_kernel_synchronises_again() throws Exception {
        start();
        offsetMillis = -DAY_MS; // set back by hand while the kernel still says synchronised
        advance(100);
        press(PANIC);
        assertTrue(last().unsynchronised());
        CompletableFuture<LoopStatus> status = new CompletableFuture<>();
        inbox.offer(new Input.StatusQuery(status));
        loop.runPending(now);
        LoopStatus s = status.getNow(null);
        assertEquals(new LoopStatus.ClockView("synchronised", false, 1), s.clock(), "status: not trusted, 1 jump");
        assertTrue(s.alerts().get(0).unsynchronised(), "status marks the open alert's time");

        advance(3_000);
        sync = ClockSync.State.UNSYNCHRONISED; // NTP notices, the kernel drops its flag ...
        advance(1_100);
        sync = ClockSync.State.SYNCHRONISED; // ... and sets the time again
        advance(1_100);
        assertEquals(1, ofKind(AlertKind.CLOCK_SYNCHRONISED).size());
        press(DOOR);
        assertFalse(last().unsynchronised());
    }

    @Test
    void an_alert_restored_with_an_unknown_age_is_held_open_and_escalated_in_time_from_the_restart()
            throws Exception {
        loop = newLoop();
        long restart = T0;
        // journaled by the last run on fake-hwclock's time: two days "old" by today's clock
        Event flagged = new Event(1, 1, "KTG-desa-pos-1-1-1", AlertKind.PANIC, Priority.LIFE_SAFETY, "panic-1",
                "z1", restart - 2 * DAY_MS, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, null, true);
        // stamped by a synchronised clock two days ago: an incident long over
        Event stale = new Event(2, 1, "KTG-desa-pos-1-1-2", AlertKind.FIRE, Priority.LIFE_SAFETY, "panic-1",
                "z1", restart - 2 * DAY_MS, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        loop.restoreOpenAlerts(List.of(flagged, stale));
        inbox.offer(new Input.UplinkChanged(true));
        loop.runPending(now);

        advance(9_000);
        assertTrue(trace.contains("1000 ms publish panic"), "held open: published again: " + trace);
        assertFalse(trace.stream().anyMatch(t -> t.contains("fire")), "the two-day-old fire is not held open");
        assertFalse(trace.stream().anyMatch(t -> t.contains("escalate")), "not escalated at once for a false age");
        advance(1_100);
        assertTrue(trace.stream().anyMatch(t -> t.endsWith("escalate panic")), "escalated 10 s after the restart");
    }

    @Test
    void a_field_nodes_retry_window_runs_on_the_monotonic_clock_and_never_into_the_future() {
        long hour = TimeUnit.HOURS.toNanos(1);
        SourceEvent thisRun = new SourceEvent(5, "KTG-desa-pos-1-1-5", AlertKind.PANIC, T0, START);
        assertTrue(thisRun.answers(AlertKind.PANIC, T0 + DAY_MS, START + MS), "a retry a moment later, after a +1 day jump");
        assertFalse(thisRun.answers(AlertKind.PANIC, T0 - DAY_MS, START + 2 * hour),
                "two hours later, with the clock set back a day: a new event (a reflashed node), not a retry");
        SourceEvent earlierRun = new SourceEvent(5, "KTG-desa-pos-1-1-5", AlertKind.PANIC, T0);
        assertTrue(earlierRun.answers(AlertKind.PANIC, T0 + 60_000, START), "from the journal, a minute ago");
        assertFalse(earlierRun.answers(AlertKind.PANIC, T0 - DAY_MS, START),
                "from the journal, stamped a day ahead of the clock now: its age is unknown, so no retry");
    }
}
