package id.kentongan.sms;

import id.kentongan.config.Modem;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the gateway knows of one modem while it runs: its spool, inbox reader, the daemon's log, the
 * pace it is handed messages at, and (in simulation) the daemon the gateway runs for it. The {@code
 * kentongan-sms} thread only; {@link #view} makes an immutable copy for anyone.
 */
final class ModemLink {

    final Modem modem;
    final Spool spool;
    final InboxReader inbox;
    final DaemonLog daemonLog;
    final Pacer pacer;
    final SmsdProcess process;

    /** Handles of the gateway's files in the daemon's outbox at the last look. */
    Set<String> waiting = new HashSet<>();
    /** Since when the outbox has held messages without one leaving (nano clock), or -1. */
    long stuckSince = -1;
    long handed;
    long sent;
    long failed;
    String lastError = "";

    ModemLink(Modem modem, SmsdProcess process, LongSupplier nanos) {
        this.modem = modem;
        this.spool = new Spool(modem.spool());
        this.inbox = new InboxReader(spool.inbox(), nanos);
        this.daemonLog = new DaemonLog(modem.log());
        this.pacer = new Pacer(modem.perMinute(), modem.window(), nanos.getAsLong());
        this.process = process;
    }

    /** Looks at the daemon's outbox; @return how many messages may be handed to this modem now. */
    int room(long now) throws IOException {
        Set<String> current = spool.waiting();
        if (current.isEmpty()) {
            stuckSince = -1;
        } else if (stuckSince < 0 || !current.containsAll(waiting)) {
            stuckSince = now; // one left since the last look: the daemon is moving
        }
        waiting = current;
        return Math.max(0, Math.min(modem.window() - waiting.size(), pacer.available(now)));
    }

    /**
     * A modem's state for status.
     *
     * @param waiting       messages in its daemon's outbox now
     * @param stuckMillis   how long the oldest of them has waited without any leaving (0: moving)
     * @param stuck         whether that is longer than the modem's {@code stuck_after}
     * @param daemonPid     the simulation's daemon, -1 on a post (systemd runs it there)
     */
    record View(String id, String spool, int waiting, long stuckMillis, boolean stuck, long handed, long sent,
                long failed, long daemonPid, String lastError) {
    }

    View view(long now) {
        long stuckMillis = stuckSince < 0 ? 0 : (now - stuckSince) / 1_000_000;
        return new View(modem.id(), modem.spool().toString(), waiting.size(), stuckMillis,
                stuckMillis >= modem.stuckAfter().toMillis(), handed, sent, failed,
                process == null ? -1 : process.pid(), lastError);
    }
}
