package id.kentongan.observability;

import id.kentongan.dispatch.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch loop's watchdog: passes the loop's kicks on to the service manager at half its
 * watchdog timeout, but only while the journal can write. A stuck loop stops kicking by itself; a
 * journal that cannot write (a full or read-only disk, a wedged SQLite file) stops the pings here. In
 * both cases systemd kills and restarts the gateway once the timeout passes.
 *
 * <p>Threads: {@link #kick} from the dispatch loop only; {@link #journalWritable} from the journal's
 * thread (its health report). The two meet in one volatile flag.
 */
public final class LoopWatchdog implements Watchdog {

    private static final Logger log = LoggerFactory.getLogger(LoopWatchdog.class);

    private final ServiceManager manager;
    private final long everyNanos;
    private volatile boolean journalWritable = true;
    // loop thread only
    private boolean started;
    private long nextPing;

    /** Pings {@code manager} at half its watchdog timeout, which must be set. */
    public LoopWatchdog(ServiceManager manager) {
        if (manager.watchdogNanos() <= 0) {
            throw new IllegalArgumentException("the service manager has no watchdog");
        }
        this.manager = manager;
        this.everyNanos = Math.max(1, manager.watchdogNanos() / 2);
    }

    @Override
    public long kick(long now) {
        if (!started || now - nextPing >= 0) {
            started = true;
            nextPing = now + everyNanos;
            if (journalWritable) {
                manager.alive();
            }
        }
        return nextPing;
    }

    /** Journal thread: the journal's commits fail ({@code false}) or work again ({@code true}). */
    public void journalWritable(boolean ok) {
        journalWritable = ok;
        if (ok) {
            log.info("watchdog: the journal writes again; pinging systemd's watchdog again");
        } else {
            log.warn("watchdog: the journal cannot write; no more pings to systemd's watchdog, which restarts the "
                    + "gateway if this lasts {} ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(
                    manager.watchdogNanos()));
        }
    }
}
