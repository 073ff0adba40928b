package id.kentongan.observability;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What one input from outside refused, counted by reason, and logged without flooding the log: the
 * first refusal of a reason at once, later ones at most once per interval, each such line saying how
 * many came since the last. An attacker's ten thousand refused connections are ten thousand in the
 * counts ({@code kentongan status --json}, {@code /metrics}) and a line a minute in the log.
 *
 * <p>Thread-safe: any thread may call {@link #refuse}; the counts are read without a lock.
 *
 * @param <R> the reasons; their wire names are the enum names in lower case with hyphens
 */
public final class Refusals<R extends Enum<R>> {

    private final String input;
    private final R[] reasons;
    private final long intervalNanos;
    private final LongSupplier nanos;
    private final Consumer<String> warn;
    private final AtomicLongArray counts;
    // guarded by this
    private final long[] loggedAt;
    private final long[] countAtLog;
    private final boolean[] logged;

    /**
     * @param input    the input's name as the log line starts with it ("control socket")
     * @param interval at most one log line per reason per this long
     * @param warn     where the lines go (the log, at WARN)
     */
    public Refusals(String input, Class<R> reasons, Duration interval, LongSupplier nanos, Consumer<String> warn) {
        this.input = input;
        this.reasons = reasons.getEnumConstants();
        this.intervalNanos = interval.toNanos();
        this.nanos = nanos;
        this.warn = warn;
        this.counts = new AtomicLongArray(this.reasons.length);
        this.loggedAt = new long[this.reasons.length];
        this.countAtLog = new long[this.reasons.length];
        this.logged = new boolean[this.reasons.length];
    }

    /** Logs to {@code log} (the refusing part's) at WARN, at most once a minute per reason. */
    public static <R extends Enum<R>> Refusals<R> logged(String input, Class<R> reasons, Logger log) {
        return new Refusals<>(input, reasons, Duration.ofMinutes(1), System::nanoTime, log::warn);
    }

    /** Counts one refusal; {@code why} says it to a technician, for the log line if one is due. */
    public void refuse(R reason, String why) {
        int r = reason.ordinal();
        long n = counts.incrementAndGet(r);
        String line;
        synchronized (this) {
            long now = nanos.getAsLong();
            if (logged[r] && now - loggedAt[r] < intervalNanos) {
                return;
            }
            long unlogged = n - 1 - countAtLog[r];
            line = input + ": refused (" + wireName(reason) + "): " + why + (!logged[r]
                    ? "; further refusals of this kind are logged at most once every "
                    + Duration.ofNanos(intervalNanos).toSeconds() + " s, all are counted"
                    : unlogged > 0 ? "; and " + unlogged + " more since the last such line" : "");
            logged[r] = true;
            loggedAt[r] = now;
            countAtLog[r] = n;
        }
        warn.accept(line);
    }

    public long count(R reason) {
        return counts.get(reason.ordinal());
    }

    /** Every reason by its wire name, with its count, in declaration order. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (R r : reasons) {
            m.put(wireName(r), counts.get(r.ordinal()));
        }
        return m;
    }

    /** {@code TOO_LONG} -> {@code too-long}. */
    public static String wireName(Enum<?> reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
