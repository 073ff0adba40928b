package id.kentongan.observability;

import id.kentongan.dispatch.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The dispatch loop's watchdog: passes the loop's kicks on to the service manager at half its
 * watchdog timeout, but only while the journal is not stuck. A stuck loop stops kicking by itself; a
 * journal whose commit has been blocked for half the timeout (an fsync that does not return, a wedged
 * SQLite file) stops the pings here. In both cases systemd kills and restarts the gateway once the
 * timeout passes, which is the one thing that can help.
 *
 * <p>A journal whose commits <em>fail</em> (a full or read-only disk) does not stop the pings, though
 * the issue first asked for "journal writable": a restart cannot make room on a disk, the gateway
 * would come up to the same full disk, and every restart is seconds without sirens. Instead the post
 * stays up, sounds its sirens, sends alerts live, tells the centre (journal-failing) and recovers by
 * itself when space returns (issue #6).
 *
 * <p>Threads: {@link #kick} from the dispatch loop only; the journal's stuck time is read from the
 * writer's volatile field, so the loop takes no lock.
 */
public final class LoopWatchdog implements Watchdog {

    private static final Logger log = LoggerFactory.getLogger(LoopWatchdog.class);

    private final ServiceManager manager;
    private final LongSupplier journalStuckNanos;
    private final long everyNanos;
    // loop thread only
    private boolean started;
    private boolean withheld;
    private long nextPing;

    /**
     * Pings {@code manager} at half its watchdog timeout, which must be set.
     *
     * @param journalStuckNanos how long the journal's running commit has been running, 0 if none
     */
    public LoopWatchdog(ServiceManager manager, LongSupplier journalStuckNanos) {
        if (manager.watchdogNanos() <= 0) {
            throw new IllegalArgumentException("the service manager has no watchdog");
        }
        this.manager = manager;
        this.journalStuckNanos = journalStuckNanos;
        this.everyNanos = Math.max(1, manager.watchdogNanos() / 2);
    }

    @Override
    public long kick(long now) {
        if (!started || now - nextPing >= 0) {
            started = true;
            nextPing = now + everyNanos;
            long stuck = journalStuckNanos.getAsLong();
            if (stuck < everyNanos) {
                if (withheld) {
                    withheld = false;
                    log.info("watchdog: the journal's commit returned; pinging systemd's watchdog again");
                }
                manager.alive();
            } else if (!withheld) {
                withheld = true;
                log.warn("watchdog: the journal's commit has been blocked for {} ms; no more pings to systemd's "
                        + "watchdog, which restarts the gateway if this lasts {} ms",
                        TimeUnit.NANOSECONDS.toMillis(stuck), TimeUnit.NANOSECONDS.toMillis(manager.watchdogNanos()));
            }
        }
        return nextPing;
    }
}
