package id.kentongan.clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;

/**
 * A test hook, hidden from the profile and the command line: the system property
 * {@value #PROPERTY} names a file whose content is {@code <offset millis> [synchronised|unsynchronised]}.
 * The gateway's wall clock is the system clock plus that offset, and the clock's synchronisation is the
 * word given, or the kernel's if none; rewriting the file makes a running gateway's clock jump, which a
 * test cannot do to the real clock without root. A missing file means offset 0; replace the file
 * whole (write another, then rename it over), so that half an offset is never read.
 *
 * <p>Threads: a daemon thread re-reads the file every {@value #POLL_MILLIS} ms; {@link #millis()} and
 * {@link #state()} read two volatile fields, so the dispatch loop never touches the disk for the time.
 */
public final class ClockHook implements InstantSource, ClockSync {

    public static final String PROPERTY = "kentongan.test.clock-file";
    static final long POLL_MILLIS = 20;
    private static final Logger log = LoggerFactory.getLogger(ClockHook.class);

    private final Path file;
    private final ClockSync kernel;
    /** One reading of the file, swapped whole so an offset and its word are always seen together. */
    private record Reading(long offsetMillis, State forced) {
    }

    private volatile Reading reading = new Reading(0, null);

    private ClockHook(Path file, ClockSync kernel) {
        this.file = file;
        this.kernel = kernel;
        read();
    }

    /** The hook if {@value #PROPERTY} is set, else {@code null}. */
    public static ClockHook fromProperty(ClockSync kernel) {
        String f = System.getProperty(PROPERTY);
        if (f == null || f.isBlank()) {
            return null;
        }
        ClockHook hook = new ClockHook(Path.of(f), kernel);
        Thread.ofPlatform().daemon().name("kentongan-clock-hook").start(() -> {
            while (true) {
                try {
                    Thread.sleep(POLL_MILLIS); // polls a file another process writes: nothing to await
                } catch (InterruptedException e) {
                    return;
                }
                hook.read();
            }
        });
        log.warn("clock: TEST HOOK {}={}: the wall clock is moved by that file's offset", PROPERTY, f);
        return hook;
    }

    private void read() {
        String[] words;
        try {
            words = Files.readString(file).trim().split("\\s+");
        } catch (IOException e) {
            return; // not written yet, or being replaced: keep the last reading
        }
        try {
            long offset = Long.parseLong(words[0]);
            State s = words.length < 2 ? null : State.valueOf(words[1].toUpperCase(Locale.ROOT));
            reading = new Reading(offset, s);
        } catch (IllegalArgumentException e) {
            // a half-written file: the next reading will do
        }
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + reading.offsetMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public State state() {
        State s = reading.forced();
        return s != null ? s : kernel.state();
    }
}
