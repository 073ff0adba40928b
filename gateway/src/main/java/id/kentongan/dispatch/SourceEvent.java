package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;

/**
 * An event a source (field node) sent, as the journal holds it: how a retry gets the same answer.
 * A repeat counts as a retry only for the same kind and within {@link #RETRY_WINDOW_MILLIS} of the
 * first: a node reflashed or replaced that starts its numbering again must not have its first real
 * panic answered with an old alert and no siren.
 *
 * @param atMillis when the gateway made the event (wall clock)
 */
public record SourceEvent(long seq, String identifier, AlertKind kind, long atMillis) {

    /** Nodes retry within seconds or minutes; an hour is generous and still rules out a reflash. */
    public static final long RETRY_WINDOW_MILLIS = 3_600_000L;

    boolean answers(AlertKind k, long nowMillis) {
        return kind == k && nowMillis - atMillis < RETRY_WINDOW_MILLIS;
    }
}
