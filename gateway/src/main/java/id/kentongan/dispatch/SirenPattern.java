package id.kentongan.dispatch;

import java.time.Duration;
import java.util.Arrays;

/**
 * How an output sounds: alternating on and off steps, starting with on, repeated until the sounding
 * ends. Built-ins follow the design brief: steady, temporal-3 (ISO 8201), titir (the kentongan's rapid
 * beating, the danger call) and grouped beats (kentongan codes, which differ from region to region and
 * so come from the site profile). Immutable; any thread.
 *
 * @param name  the name the site profile uses
 * @param steps step lengths in nanoseconds: on, off, on, off, ...; even length, each step > 0;
 *              a steady pattern is the single step {@link Long#MAX_VALUE} (on)
 */
public record SirenPattern(String name, long[] steps) {

    public SirenPattern {
        if (steps.length == 0 || (steps.length > 1 && steps.length % 2 != 0)) {
            throw new IllegalArgumentException("pattern '" + name + "' needs pairs of on/off steps");
        }
        for (long s : steps) {
            if (s <= 0) {
                throw new IllegalArgumentException("pattern '" + name + "' has a step of " + s + " ns");
            }
        }
        steps = steps.clone();
    }

    public static SirenPattern steady(String name) {
        return new SirenPattern(name, new long[] {Long.MAX_VALUE});
    }

    /** ISO 8201 / NFPA 72 evacuation signal: 0.5 s on, 0.5 s off, three times, then 1.5 s off. */
    public static SirenPattern temporal3(String name) {
        long half = Duration.ofMillis(500).toNanos();
        return new SirenPattern(name, new long[] {half, half, half, half, half, 3 * half});
    }

    /** Rapid continuous beating: the kentongan's danger call. */
    public static SirenPattern titir(String name, Duration on, Duration off) {
        return new SirenPattern(name, new long[] {on.toNanos(), off.toNanos()});
    }

    /** {@code count} beats of {@code on}/{@code off}, then a pause: a kentongan code. */
    public static SirenPattern beats(String name, int count, Duration on, Duration off, Duration pause) {
        if (count < 1) {
            throw new IllegalArgumentException("pattern '" + name + "' needs at least one beat");
        }
        long[] s = new long[count * 2];
        for (int i = 0; i < count; i++) {
            s[2 * i] = on.toNanos();
            s[2 * i + 1] = off.toNanos();
        }
        s[s.length - 1] = off.toNanos() + pause.toNanos();
        return new SirenPattern(name, s);
    }

    public boolean isSteady() {
        return steps.length == 1;
    }

    /** Length of step {@code i} (wrapping), in nanoseconds. */
    long step(int i) {
        return steps[i % steps.length];
    }

    int stepCount() {
        return steps.length;
    }

    @Override
    public long[] steps() {
        return steps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SirenPattern p && p.name.equals(name) && Arrays.equals(p.steps, steps);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(steps);
    }

    @Override
    public String toString() {
        return "SirenPattern[" + name + " " + Arrays.toString(steps) + "]";
    }
}
