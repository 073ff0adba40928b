package id.kentongan.dispatch;

/**
 * The uplink as the post supervises it: connected or not, and, once it has been down for its grace
 * period, one uplink-lost alert per outage (the centre reads it when the link is back). Part of the
 * dispatch loop: called on the loop thread only, with its deadline reported through
 * {@link #nextDeadline()}.
 */
final class UplinkWatch {

    private final long lostAfterNanos;
    private boolean up;
    private long downSince;
    private boolean lostTold;

    /** @param start nano time from which an uplink never connected is given its grace */
    UplinkWatch(long start, long lostAfterNanos) {
        this.lostAfterNanos = lostAfterNanos;
        this.downSince = start;
    }

    /** The uplink connected or lost its broker at {@code now}. @return whether that is a change */
    boolean changed(boolean connected, long now) {
        if (connected == up) {
            return false;
        }
        up = connected;
        lostTold = false;
        downSince = now;
        return true;
    }

    /** @return {@code true} once per outage, at the first look after its grace is over: time to say so */
    boolean lost(long now) {
        if (up || lostTold || now - downSince < lostAfterNanos) {
            return false;
        }
        lostTold = true;
        return true;
    }

    boolean up() {
        return up;
    }

    /** When the outage's grace ends, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        return up || lostTold ? Long.MAX_VALUE : downSince + lostAfterNanos;
    }
}
