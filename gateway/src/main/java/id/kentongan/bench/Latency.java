package id.kentongan.bench;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/** Latencies in nanoseconds, kept in an HdrHistogram (3 significant digits). Single thread. */
final class Latency {

    private final Histogram h;

    Latency() {
        this(new Histogram(60_000_000_000L, 3));
    }

    private Latency(Histogram h) {
        this.h = h;
    }

    /** The histogram as one word of text (compressed, base64), for another process to read with {@link #decoded}. */
    String encoded() {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
    }

    static Latency decoded(String word) {
        try {
            return new Latency(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder()
                    .decode(word)), 0));
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    void record(long nanos) {
        h.recordValue(Math.max(0, Math.min(nanos, h.getHighestTrackableValue())));
    }

    double p(double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    long count() {
        return h.getTotalCount();
    }

    /** {@code p50 1.2 p99 3.4 p99.9 10.0 max 50.1 us (n=100000)}. */
    String summary() {
        return String.format("p50 %s p99 %s p99.9 %s max %s us (n=%d)", us(p(50)), us(p(99)), us(p(99.9)),
                us(h.getMaxValue() / 1000.0), count());
    }

    private static String us(double v) {
        return v >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
