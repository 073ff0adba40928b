package id.kentongan.observability;

import id.kentongan.dispatch.Outputs;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The post's outputs, passed through, with the time each siren and strobe has been energised added
 * up: what wears a siren and drains a battery, and what tells a technician that a siren sounded at
 * all. Only after the line is written does it read the clock, so the siren waits for nothing here.
 *
 * <p>Threads: {@link #set} on the dispatch loop thread only (as {@link Outputs} says); {@link #onSeconds}
 * from any thread. The loop publishes under a sequence count, as a seqlock does: no locks, no
 * allocation, and a reader that overlaps a change reads again, so the sum never runs backwards.
 */
final class SirenClock implements Outputs {

    private final Outputs wired;
    private final boolean[] timed;
    private final LongSupplier nanos;
    /** Nano time the output went on, or -1 while off. */
    private final AtomicLongArray onSince;
    private final AtomicLongArray totalNanos;
    /** Odd while the loop is changing the arrays. */
    private final AtomicLong version = new AtomicLong();

    /** @param timed per output index: whether its on-time is counted (sirens and strobes) */
    SirenClock(Outputs wired, boolean[] timed, LongSupplier nanos) {
        this.wired = wired;
        this.timed = timed.clone();
        this.nanos = nanos;
        this.onSince = new AtomicLongArray(timed.length);
        this.totalNanos = new AtomicLongArray(timed.length);
        for (int i = 0; i < timed.length; i++) {
            onSince.set(i, -1);
        }
    }

    @Override
    public void set(int index, boolean on) {
        wired.set(index, on); // first the line; a refused write throws and counts nothing
        if (!timed[index]) {
            return;
        }
        long since = onSince.get(index);
        if (on == since >= 0) {
            return;
        }
        long now = nanos.getAsLong();
        version.incrementAndGet();
        if (on) {
            onSince.set(index, now);
        } else {
            totalNanos.set(index, totalNanos.get(index) + (now - since));
            onSince.set(index, -1);
        }
        version.incrementAndGet();
    }

    /** Any thread: seconds output {@code index} has been on since start, the current beat included. */
    double onSeconds(int index) {
        while (true) {
            long v = version.get();
            long since = onSince.get(index);
            long total = totalNanos.get(index);
            long now = nanos.getAsLong(); // before the re-check: the beat was still on at this instant
            if ((v & 1) != 0 || version.get() != v) {
                Thread.onSpinWait(); // the loop is changing them: read again
                continue;
            }
            long running = since >= 0 ? Math.max(0, now - since) : 0;
            return (total + running) / 1e9;
        }
    }
}
