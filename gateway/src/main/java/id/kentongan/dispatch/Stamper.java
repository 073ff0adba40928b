package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.clock.ClockWatch;

import java.time.InstantSource;
import java.util.List;

/**
 * Makes each new event of the post: the next sequence number, the CAP identifier made from it, the
 * wall clock's time, and the flag that says that time was not known to be right. Part of the dispatch
 * loop: called on the loop thread only.
 *
 * <p>The sequence, not the time, is the order of record: a Pi has no clock of its own until NTP syncs,
 * and the wall clock may jump a day either way, so it only stamps. Whether it is trusted is the
 * {@link ClockWatch}'s word, looked at first in each turn, so that the inputs of that turn are stamped
 * as it decided; without one the clock is taken as right.
 */
final class Stamper {

    private final Post post;
    private final long boot;
    private final InstantSource wall;
    private long lastSeq;
    /** {@code null} until {@link #watch}: then the clock is taken as right and never watched. */
    private ClockWatch clock;

    /** @param lastSeq the highest sequence number the journal holds; the next event gets {@code lastSeq + 1} */
    Stamper(Post post, long boot, long lastSeq, InstantSource wall) {
        this.post = post;
        this.boot = boot;
        this.lastSeq = lastSeq;
        this.wall = wall;
    }

    void watch(ClockWatch clock) {
        this.clock = clock;
    }

    /** What the clock did since the last look, in the order to be told; an empty list while unwatched. */
    List<ClockWatch.Change> look() {
        return clock == null ? List.of() : clock.look();
    }

    /** A new alert (or telemetry) from an input, a field node or a centre. */
    Event alert(AlertKind kind, Priority priority, String source, String zone, Event.CapStatus status,
                String sourceRef, Double value) {
        return next(kind, priority, source, zone, status, Event.MsgType.Alert, null, sourceRef, value);
    }

    /** An event of the post's own making in its kind's class: a notice, or one that follows up {@code references}. */
    Event own(AlertKind kind, String source, String zone, Event.MsgType type, String references) {
        return next(kind, kind.defaultPriority(), source, zone, Event.CapStatus.Actual, type, references, null, null);
    }

    /** A supervision event about the post's own clock; {@code value} is a jump's size in seconds. */
    Event clock(AlertKind kind, Double value) {
        return next(kind, kind.defaultPriority(), "clock", post.zone(), Event.CapStatus.Actual, Event.MsgType.Alert,
                null, null, value);
    }

    private Event next(AlertKind kind, Priority priority, String source, String zone, Event.CapStatus status,
                       Event.MsgType type, String references, String sourceRef, Double value) {
        long seq = ++lastSeq;
        return new Event(seq, boot, Event.identifier(post, boot, seq), kind, priority, source, zone, wall.millis(),
                status, type, references, sourceRef, value, !trusted());
    }

    /** Whether an event made now carries no unsynchronised flag. */
    boolean trusted() {
        return clock == null || clock.trusted();
    }

    long lastSeq() {
        return lastSeq;
    }

    LoopStatus.ClockView view() {
        return clock == null ? new LoopStatus.ClockView("unknown", true, 0)
                : new LoopStatus.ClockView(LoopStatus.wire(clock.state()), clock.trusted(), clock.jumps());
    }
}
