package id.kentongan.config;

import java.nio.file.Path;

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
 */
public record Modem(String id, Path spool, Path log, int perMinute, int window) {

    public Modem {
        if (perMinute < 1 || perMinute > 6000) {
            throw new IllegalArgumentException("per_minute " + perMinute + " must be 1..6000");
        }
        if (window < 1 || window > 100) {
            throw new IllegalArgumentException("window " + window + " must be 1..100");
        }
    }

    /** The same modem with its spool and log somewhere else (the simulation's, in the state directory). */
    public Modem at(Path spool, Path log) {
        return new Modem(id, spool, log, perMinute, window);
    }
}
