package id.kentongan.clock;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's own word on the clock: {@code adjtimex(2)} with no modes set (a read, allowed without
 * privileges), loaded with JNA as {@code observability.Systemd} loads libsystemd. The clock counts as
 * synchronised when the kernel's maximum error is below 16 s, the same test systemd makes for
 * {@code timedatectl}'s "System clock synchronized" (the kernel sets that error to 16 s and raises
 * {@code STA_UNSYNC} when no time source has disciplined the clock, as on a Pi without an RTC that
 * booted from fake-hwclock's saved time). Where libc or the call is not there, {@link State#UNKNOWN}.
 *
 * <p>Threads: any; the call keeps no state, each caller gets its own buffer.
 */
public final class KernelClock implements ClockSync {

    private static final Logger log = LoggerFactory.getLogger(KernelClock.class);
    /** NTP_PHASE_LIMIT in microseconds: the kernel's "no idea" for maxerror. */
    private static final long UNSYNCHRONISED_MAXERROR_MICROS = 16_000_000L;
    /** struct timex: int modes, then longs offset, freq, maxerror (a long's size apart, aligned). */
    private static final long MAXERROR_OFFSET = 3L * Native.LONG_SIZE;
    /** Larger than struct timex on any Linux (208 bytes on 64-bit). */
    private static final int TIMEX_BYTES = 512;

    interface LibC extends Library {
        int adjtimex(Memory timex);
    }

    private final LibC libc;

    private KernelClock(LibC libc) {
        this.libc = libc;
    }

    /** The kernel's clock flag, or a {@link State#UNKNOWN} source (with one log line) where it cannot be read. */
    public static ClockSync open() {
        try {
            KernelClock k = new KernelClock(Native.load("c", LibC.class));
            if (k.state() != State.UNKNOWN) {
                return k;
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("clock: the kernel's synchronisation flag cannot be read ({}): only jumps are detected", e.toString());
            return () -> State.UNKNOWN;
        }
        log.warn("clock: adjtimex failed: the kernel's synchronisation flag cannot be read; only jumps are detected");
        return () -> State.UNKNOWN;
    }

    @Override
    public State state() {
        try (Memory timex = new Memory(TIMEX_BYTES)) {
            timex.clear(); // modes = 0: read only
            if (libc.adjtimex(timex) < 0) {
                return State.UNKNOWN;
            }
            long maxError = Native.LONG_SIZE == 8 ? timex.getLong(MAXERROR_OFFSET) : timex.getInt(MAXERROR_OFFSET);
            return maxError < UNSYNCHRONISED_MAXERROR_MICROS ? State.SYNCHRONISED : State.UNSYNCHRONISED;
        }
    }
}
