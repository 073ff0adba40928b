package id.kentongan.report;

import java.util.Arrays;

/**
 * How a set of durations is spread: how many, the median, the 90th percentile and the longest, each by
 * nearest rank (the smallest value at or below which at least half, or nine tenths, of the values lie:
 * always a value that happened, never an average of two). Immutable; any thread.
 */
record Spread(int n, long medianMs, long p90Ms, long maxMs) {

    static final Spread NONE = new Spread(0, 0, 0, 0);

    static Spread of(Longs values) {
        int n = values.size();
        if (n == 0) {
            return NONE;
        }
        long[] sorted = values.sortedCopy();
        return new Spread(n, sorted[rank(50, n)], sorted[rank(90, n)], sorted[n - 1]);
    }

    /** The index of the {@code percent}th percentile of {@code n} sorted values, by nearest rank. */
    static int rank(int percent, int n) {
        return (percent * n + 99) / 100 - 1;
    }

    boolean isEmpty() {
        return n == 0;
    }

    /** A growable array of longs: durations without a box each. Owned by one thread. */
    static final class Longs {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] sortedCopy() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
