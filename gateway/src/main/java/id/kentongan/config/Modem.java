package id.kentongan.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One GSM modem and its gammu-smsd, from the profile's {@code sms.modems}. Immutable; any thread.
 *
 * @param spool     the daemon's files-backend folder ({@code inbox/}, {@code outbox/}, {@code sent/},
 *                  {@code error/} below it); in simulation the gateway's own, in the state directory
 * @param log       the daemon's log file, read for the reason a message failed, or {@code null}
 * @param perMinute how many messages the gateway hands this modem in a minute at most (a modem sends
 *                  roughly 10 to 20)
 * @param window    how many may wait in the daemon's outbox at once: the fewer, the sooner a new
 *                  life-safety message overtakes residents' messages already handed over
 * @param stuckAfter how long messages may wait in the daemon's outbox with none leaving before the post
 *                  says the daemon or the modem is stuck (status, the page)
 */
public record Modem(String id, Path spool, Path log, int perMinute, int window, Duration stuckAfter) {

    /** A minute with nothing leaving: a modem sends one message in 3 to 6 seconds. */
    public static final Duration STUCK_AFTER = Duration.ofMinutes(1);

    public Modem(String id, Path spool, Path log, int perMinute, int window) {
        this(id, spool, log, perMinute, window, STUCK_AFTER);
    }

    public Modem {
        if (perMinute < 1 || perMinute > 6000) {
            throw new IllegalArgumentException("per_minute " + perMinute + " must be 1..6000");
        }
        if (window < 1 || window > 100) {
            throw new IllegalArgumentException("window " + window + " must be 1..100");
        }
        if (stuckAfter.compareTo(Duration.ofSeconds(5)) < 0 || stuckAfter.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("stuck_after " + stuckAfter.toSeconds() + " s must be 5 s..1 h");
        }
    }

    /** The same modem with its spool and log somewhere else (the simulation's, in the state directory). */
    public Modem at(Path spool, Path log) {
        return new Modem(id, spool, log, perMinute, window, stuckAfter);
    }
}
