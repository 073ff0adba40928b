package id.kentongan.report;

/**
 * One alert's life, as the journal tells it: raised (and sounded: the siren is driven before the event is
 * stamped), delivered (the broker's PUBACK at a post, first receipt at a centre), acknowledged (by whom),
 * its siren ended (silenced by a guard or the centre, or stopped at its time limit) and cleared (the
 * all-clear), each step found through the CAP {@code references} of the follow-up that took it. The first
 * of each kind of follow-up counts: a repeated acknowledgement does not move the time the centre had it.
 *
 * <p>Identity is fixed at the raise; the steps are set once each, by the tally's thread, before the report
 * is made, and read only after.
 */
final class Timeline {

    /**
     * A step after the raise.
     *
     * @param trusted stamped while the post's clock was trusted
     * @param by      who took the step: the follow-up's source ({@code centre:<key id>}, a guard's input)
     */
    record Step(long ms, boolean trusted, String by) {
    }

    /** How the siren stopped. */
    enum SirenEnd { SILENCED, TIMED_OUT }

    final String post;
    final String identifier;
    final long seq;
    final String kind;
    final int priority;
    final String status;
    final String zone;
    final String source;
    final long raisedMs;
    final boolean raisedTrusted;
    final long deliveredMs;

    Step acknowledged;
    Step sirenEnded;
    SirenEnd sirenEnd;
    Step cleared;

    Timeline(Row r) {
        post = r.post();
        identifier = r.identifier();
        seq = r.seq();
        kind = r.kind();
        priority = r.priority();
        status = r.status();
        zone = r.zone();
        source = r.source();
        raisedMs = r.sentMs();
        raisedTrusted = !r.unsynced();
        deliveredMs = r.deliveredMs();
    }

    boolean isActual() {
        return "Actual".equals(status);
    }

    /** The siren's end is on record, so it sounded (an all-clear that stops a siren leaves no record of its own). */
    boolean sounded() {
        return sirenEnded != null;
    }

    Step delivered() {
        return deliveredMs == Row.NONE ? null : new Step(deliveredMs, raisedTrusted, null);
    }

    /** Every step stamped while the clock was trusted. */
    boolean trusted() {
        return raisedTrusted && (acknowledged == null || acknowledged.trusted) && (sirenEnded == null
                || sirenEnded.trusted) && (cleared == null || cleared.trusted);
    }

    /** Milliseconds from the raise to {@code step}, or -1 if there is no such step. */
    long after(Step step) {
        return step == null ? -1 : step.ms - raisedMs;
    }

    /** Whether the time from the raise to {@code step} may count in statistics: both ends trusted, in order. */
    boolean timed(Step step) {
        return step != null && step.trusted && raisedTrusted && step.ms >= raisedMs;
    }
}
