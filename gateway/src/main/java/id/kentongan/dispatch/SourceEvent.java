package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;

import java.util.concurrent.TimeUnit;

/**
 * An event a source (field node) sent, as the journal holds it: how a retry gets the same answer.
 * A repeat counts as a retry only for the same kind and within {@link #RETRY_WINDOW_MILLIS} of the
 * first: a node reflashed or replaced that starts its numbering again must not have its first real
 * panic answered with an old alert and no siren.
 *
 * <p>The window is timed on the monotonic clock for events of this run: a wall clock that jumps back a
 * day would otherwise stretch it over that day, and a reflashed node's first panic would be answered
 * with an old alert and no siren. Events read back from the journal have only their wall-clock stamp;
 * one that lies in the future (the clock went back across the restart) is no retry.
 *
 * @param atMillis when the gateway made the event (wall clock)
 * @param atNanos  when, on the monotonic clock of this run, or {@link #EARLIER_RUN}
 */
public record SourceEvent(long seq, String identifier, AlertKind kind, long atMillis, long atNanos) {

    /** Nodes retry within seconds or minutes; an hour is generous and still rules out a reflash. */
    public static final long RETRY_WINDOW_MILLIS = 3_600_000L;
    /** {@code atNanos} of an event made before this run of the gateway. */
    public static final long EARLIER_RUN = Long.MIN_VALUE;

    /** An event from the journal, made by an earlier run. */
    public SourceEvent(long seq, String identifier, AlertKind kind, long atMillis) {
        this(seq, identifier, kind, atMillis, EARLIER_RUN);
    }

    boolean answers(AlertKind k, long nowMillis, long nowNanos) {
        if (kind != k) {
            return false;
        }
        if (atNanos != EARLIER_RUN) {
            return nowNanos - atNanos < TimeUnit.MILLISECONDS.toNanos(RETRY_WINDOW_MILLIS);
        }
        long age = nowMillis - atMillis;
        return age >= 0 && age < RETRY_WINDOW_MILLIS;
    }
}
