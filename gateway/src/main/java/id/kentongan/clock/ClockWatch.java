package id.kentongan.clock;

import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Whether the wall clock can be trusted for an event's {@code sent}, judged on the dispatch loop each
 * turn. A jump is wall-clock progress that differs from monotonic progress by more than
 * {@link #JUMP_MILLIS} between two looks (NTP's slewing is at most 0.5 ms per second; a step, or a
 * clock set by hand, is seen at once). The kernel's synchronisation flag is asked at most once a
 * second, and at once after a jump.
 *
 * <p>Trusted means: the kernel says synchronised, and no jump has been seen since it last became so.
 * The usual Pi case, fake-hwclock's old time then NTP's step, is a jump together with the kernel
 * becoming synchronised: trusted from then on. A jump the kernel does not account for (a clock set by
 * hand while synchronised) leaves the clock untrusted until the kernel reports synchronised again
 * after having said it was not. Where the flag cannot be read ({@link ClockSync.State#UNKNOWN}) the
 * clock is trusted until the first jump, and not after it for the rest of the run.
 *
 * <p>Threads: the dispatch loop's only (or a test stepping it by hand).
 */
public final class ClockWatch {

    /** A jump larger than this either way is reported; smaller differences are scheduling noise. */
    public static final long JUMP_MILLIS = 2_000;
    private static final long ASK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What a look found that the post must say. */
    public sealed interface Change {
        /** The wall clock moved {@code millis} more (or, negative, less) than monotonic time did. */
        record Jumped(long millis) implements Change {
        }

        /** The kernel reports the clock synchronised after it was not (or was not known to be). */
        record Synchronised() implements Change {
        }
    }

    private final InstantSource wall;
    private final LongSupplier nanos;
    private final ClockSync sync;
    private long lastWallMillis;
    private long lastNanos;
    private long askedAt;
    private ClockSync.State state;
    private boolean jumpedSince;
    private long jumps;

    /** @param nanos the monotonic clock, read right beside the wall clock so that a pause between is no jump */
    public ClockWatch(InstantSource wall, LongSupplier nanos, ClockSync sync) {
        this.wall = wall;
        this.nanos = nanos;
        this.sync = sync;
        this.lastWallMillis = wall.millis();
        this.lastNanos = nanos.getAsLong();
        this.askedAt = lastNanos;
        this.state = sync.state();
    }

    /**
     * Compares the clocks since the last look and asks the kernel when due.
     *
     * @return what changed, in the order it should be told (a jump before the synchronisation it came
     *         with), or an empty list
     */
    public List<Change> look() {
        long w = wall.millis();
        long nowNanos = nanos.getAsLong();
        long drift = (w - lastWallMillis) - TimeUnit.NANOSECONDS.toMillis(nowNanos - lastNanos);
        lastWallMillis = w;
        lastNanos = nowNanos;
        boolean jumped = Math.abs(drift) > JUMP_MILLIS;
        if (!jumped && nowNanos - askedAt < ASK_NANOS) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>(2);
        if (jumped) {
            jumps++;
            jumpedSince = true;
            changes.add(new Change.Jumped(drift));
        }
        askedAt = nowNanos;
        ClockSync.State was = state;
        state = sync.state();
        if (state == ClockSync.State.SYNCHRONISED && was != ClockSync.State.SYNCHRONISED) {
            jumpedSince = false;
            changes.add(new Change.Synchronised());
        }
        return changes;
    }

    /** Whether an event made now may be stamped without the unsynchronised flag. */
    public boolean trusted() {
        return !jumpedSince && state != ClockSync.State.UNSYNCHRONISED;
    }

    /** The kernel's word at the last look. */
    public ClockSync.State state() {
        return state;
    }

    /** Jumps seen in this run. */
    public long jumps() {
        return jumps;
    }
}
