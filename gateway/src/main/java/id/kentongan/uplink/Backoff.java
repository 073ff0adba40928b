package id.kentongan.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect backoff with jitter: the n-th wait is drawn from [base/2, base] where base
 * doubles from {@code min} up to {@code max}. The jitter keeps many posts from reconnecting to a
 * recovered broker in lockstep. Single thread (the uplink's).
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The wait before the next attempt, in nanoseconds. */
    long next() {
        long base = minNanos;
        for (int i = 0; i < attempt && base < maxNanos; i++) {
            base *= 2;
        }
        base = Math.min(base, maxNanos);
        attempt++;
        long half = base / 2;
        return half + random.nextLong(base - half + 1);
    }

    void reset() {
        attempt = 0;
    }
}
