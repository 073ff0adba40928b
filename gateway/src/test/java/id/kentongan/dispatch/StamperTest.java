package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import id.kentongan.clock.ClockSync;
import id.kentongan.clock.ClockWatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static id.kentongan.dispatch.TestAlerts.MS;
import static id.kentongan.dispatch.TestAlerts.POST;
import static id.kentongan.dispatch.TestAlerts.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stamping of new events on its own, with both clocks moved by hand. */
class StamperTest {

    static final long DAY_MS = 86_400_000L;

    long nanos = 1_000_000_000L;
    long wallOffset;
    ClockSync.State sync = ClockSync.State.SYNCHRONISED;
    final Stamper stamper = new Stamper(POST, 7, 41, () -> Instant.ofEpochMilli(T0 + nanos / MS + wallOffset));

    void watched() {
        stamper.watch(new ClockWatch(() -> Instant.ofEpochMilli(T0 + nanos / MS + wallOffset), () -> nanos,
                () -> sync));
    }

    @Test
    void each_event_takes_the_next_sequence_after_the_journals_last_and_an_identifier_made_from_it() {
        Event panic = stamper.alert(AlertKind.PANIC, Priority.LIFE_SAFETY, "panic-1", "z2", Event.CapStatus.Actual,
                null, null);
        Event ack = stamper.own(AlertKind.ACKNOWLEDGED, "centre:polsek-1", "z1", Event.MsgType.Update, "refs");
        assertEquals(List.of(42L, 43L), List.of(panic.seq(), ack.seq()));
        assertEquals("KTG-desa-pos-1-7-42", panic.identifier());
        assertEquals(7, panic.boot());
        assertEquals(43, stamper.lastSeq());
    }

    @Test
    void an_alert_carries_what_it_was_raised_with() {
        Event level = stamper.alert(AlertKind.LEVEL, Priority.TELEMETRY, "sungai-1", "z2", Event.CapStatus.Exercise,
                "3/1", 1.5);
        assertEquals(List.of("sungai-1", "z2", "3/1"), List.of(level.source(), level.zone(), level.sourceRef()));
        assertEquals(1.5, level.value());
        assertEquals(Event.CapStatus.Exercise, level.status());
        assertEquals(Event.MsgType.Alert, level.msgType());
        assertEquals(T0 + 1_000, level.sentMillis(), "sent from the wall clock");
    }

    @Test
    void the_posts_own_events_take_their_kinds_class_and_what_they_follow_up() {
        Event cancel = stamper.own(AlertKind.ALL_CLEAR, "centre:polsek-1", "z1", Event.MsgType.Cancel, "a,b,c");
        assertEquals(Priority.SUPERVISION, cancel.priority());
        assertEquals(Event.MsgType.Cancel, cancel.msgType());
        assertEquals("a,b,c", cancel.references());
        assertEquals(Event.CapStatus.Actual, cancel.status());
        assertNull(cancel.sourceRef());
    }

    @Test
    void an_unwatched_clock_is_taken_as_right_and_tells_nothing() {
        assertEquals(List.of(), stamper.look());
        assertTrue(stamper.trusted());
        assertFalse(stamper.own(AlertKind.UPLINK_LOST, "uplink", "z1", Event.MsgType.Alert, null).unsynchronised());
        assertEquals(new LoopStatus.ClockView("unknown", true, 0), stamper.view());
    }

    @Test
    void events_made_while_the_kernel_says_unsynchronised_are_flagged() {
        sync = ClockSync.State.UNSYNCHRONISED;
        watched();
        assertTrue(stamper.alert(AlertKind.PANIC, Priority.LIFE_SAFETY, "panic-1", "z1", Event.CapStatus.Actual, null,
                null).unsynchronised());
        assertEquals(new LoopStatus.ClockView("unsynchronised", false, 0), stamper.view());
    }

    @Test
    void a_jump_is_told_by_the_next_look_as_a_clock_event_and_flags_what_follows() {
        watched();
        nanos += 100 * MS;
        wallOffset = -DAY_MS;
        List<ClockWatch.Change> changes = stamper.look();
        assertEquals(List.of(new ClockWatch.Change.Jumped(-DAY_MS)), changes);
        Event told = stamper.clock(AlertKind.CLOCK_JUMPED, -DAY_MS / 1000.0);
        assertEquals(List.of("clock", "z1"), List.of(told.source(), told.zone()));
        assertEquals(Priority.SUPERVISION, told.priority());
        assertEquals(-86_400.0, told.value());
        assertTrue(told.unsynchronised(), "made after the jump");
        assertEquals(new LoopStatus.ClockView("synchronised", false, 1), stamper.view());
    }
}
