package id.kentongan.dispatch;

/**
 * One output playing one pattern for one alert, until its end time. Owned by the dispatch loop thread.
 * Step times accumulate from the start, so a late wake-up does not make the pattern drift.
 */
final class Sounding {

    final SirenPattern pattern;
    final OpenAlert alert;
    final long endNanos;
    private int step;
    private long nextToggleNanos;

    Sounding(SirenPattern pattern, OpenAlert alert, long startNanos, long endNanos) {
        this.pattern = pattern;
        this.alert = alert;
        this.endNanos = endNanos;
        this.nextToggleNanos = pattern.isSteady() ? Long.MAX_VALUE : startNanos + pattern.step(0);
    }

    /** Advances through every step due by {@code now}; @return whether the output should be on. */
    boolean advance(long now) {
        while (now >= nextToggleNanos) {
            step++;
            nextToggleNanos += pattern.step(step);
        }
        return (step % 2) == 0;
    }

    long nextDeadline() {
        return Math.min(nextToggleNanos, endNanos);
    }
}
