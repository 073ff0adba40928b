package id.kentongan.report;

/**
 * One event as a report reads it, from a post's journal or a centre's. The kind stays a string: a
 * journal written by a newer gateway (residents' reports, the watch's rounds) holds kinds this one
 * has no enum for, and a report counts them all the same. Immutable; any thread.
 *
 * @param post        {@code village/post}
 * @param priority    the priority class's ordinal: 0 life-safety, 1 security, 2 supervision, 3 telemetry
 * @param status      CAP status: Actual, Exercise, Test, ...
 * @param msgType     CAP msgType: Alert, Update, Cancel, ...
 * @param refs        CAP references ({@code sender,identifier,sent} triples), or {@code null}
 * @param deliveredMs when the broker took it (the post's PUBACK) or the centre first received it;
 *                    {@link #NONE} if never
 * @param unsynced    stamped while the post's clock was not trusted: shown, kept out of time statistics
 * @param value       a reading or a size that came with it (a clock jump's seconds), or {@code null}
 */
record Row(String post, long seq, long boot, String identifier, String kind, int priority, String source,
           String zone, long sentMs, String status, String msgType, String refs, long deliveredMs,
           boolean unsynced, Double value) {

    static final long NONE = Long.MIN_VALUE;

    static final int LIFE_SAFETY = 0;
    static final int SECURITY = 1;
    static final int SUPERVISION = 2;

    boolean isAlert() {
        return "Alert".equals(msgType);
    }

    boolean isFollowUp() {
        return "Update".equals(msgType) || "Cancel".equals(msgType);
    }

    boolean isActual() {
        return "Actual".equals(status);
    }

    /** Life-safety or security: what sounds, and what a centre acknowledges. */
    boolean isAlarm() {
        return priority == LIFE_SAFETY || priority == SECURITY;
    }
}
