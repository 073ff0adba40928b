package id.kentongan.sms;

/**
 * How fast one modem is handed messages: a bucket of {@code perMinute} tokens a minute, full at the
 * start (the first messages of an alarm go at once), holding at most {@code burst}. Time is a
 * parameter. The {@code kentongan-sms} thread only.
 */
final class Pacer {

    private static final long MINUTE = 60_000_000_000L;
    private final int perMinute;
    private final int burst;
    /** Tokens, in units of 1/perMinute of a minute (nanos × perMinute), so nothing is lost to rounding. */
    private long credit;
    private long last;

    Pacer(int perMinute, int burst, long now) {
        this.perMinute = perMinute;
        this.burst = Math.max(1, burst);
        this.credit = this.burst * MINUTE;
        this.last = now;
    }

    private void refill(long now) {
        long elapsed = Math.max(0, now - last);
        last = now;
        credit = Math.min((long) burst * MINUTE, credit + Math.min(elapsed, MINUTE) * perMinute);
    }

    /** Whether a message may go now. */
    boolean ready(long now) {
        return available(now) > 0;
    }

    /** How many messages may go now. */
    int available(long now) {
        refill(now);
        return (int) (credit / MINUTE);
    }

    /** One message went. */
    void take(long now) {
        refill(now);
        credit -= MINUTE;
    }
}
