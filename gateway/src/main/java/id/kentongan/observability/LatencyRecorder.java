package id.kentongan.observability;

import id.kentongan.dispatch.EdgeMeter;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Latencies recorded by one thread on its own hot path (the dispatch loop's edges, the journal's
 * commits) into a wait-free, allocation-free HdrHistogram recorder, and moved into a Micrometer timer
 * only when someone scrapes. So the recording thread never touches Micrometer (whose timers take locks
 * when their windows rotate), and the scrape pays for the copy.
 *
 * <p>Threads: {@link #record} (and the {@link EdgeMeter} and {@link LongConsumer} faces) from one
 * writer thread only; {@link #drainInto} from any other thread (synchronized among readers).
 */
final class LatencyRecorder implements EdgeMeter, LongConsumer {

    /** Above a minute is not a latency but a stall; it is counted as a minute (and the health says so). */
    static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    // two significant digits: 1% resolution, some 27 kB per histogram on a Pi
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_NANOS, 2);
    private Histogram interval;

    /** Writer thread. */
    void record(long nanos) {
        recorder.recordValue(nanos < 0 ? 0 : Math.min(nanos, HIGHEST_NANOS));
    }

    @Override
    public void handled(long edgeNanos, long handledNanos) {
        record(handledNanos - edgeNanos);
    }

    @Override
    public void accept(long nanos) {
        record(nanos);
    }

    /** Reader: moves everything recorded since the last drain into {@code timer}. */
    synchronized void drainInto(Timer timer) {
        interval = recorder.getIntervalHistogram(interval);
        for (HistogramIterationValue v : interval.recordedValues()) {
            long value = interval.medianEquivalentValue(v.getValueIteratedTo());
            for (long i = v.getCountAtValueIteratedTo(); i > 0; i--) {
                timer.record(value, TimeUnit.NANOSECONDS);
            }
        }
    }
}
