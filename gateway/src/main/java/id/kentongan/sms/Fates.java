package id.kentongan.sms;

import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of the messages handed over: each one the daemons finished (sent, or failed with the
 * reason from the daemon's log) is marked in the journal, and its file is archived only once that mark
 * is durable, so a crash between the two leaves the file where the next start finds it, never a
 * message handed twice. The archive is pruned after the profile's days.
 *
 * <p>Threads: the {@code kentongan-sms} thread only.
 */
final class Fates {

    private static final Logger log = LoggerFactory.getLogger(Fates.class);

    private final List<ModemLink> links;
    private final JournalWriter writer;
    private final InstantSource wall;
    /** Finished by a daemon and marked, the mark not yet durable: by handle. */
    private final Map<String, Spool.Fate> recording = new HashMap<>();
    private long repeats;

    Fates(List<ModemLink> links, JournalWriter writer, InstantSource wall) {
        this.links = links;
        this.writer = writer;
        this.wall = wall;
    }

    /** Reads each daemon's log and finished folders; marks what is new there. */
    void read() {
        for (ModemLink l : links) {
            try {
                l.daemonLog.read();
                for (Spool.Fate f : l.spool.finished()) {
                    if (recording.putIfAbsent(f.handle(), f) != null) {
                        continue; // marked already, waiting to be durable
                    }
                    String reason = null;
                    if (f.sent()) {
                        l.sent++;
                    } else {
                        l.failed++;
                        reason = l.daemonLog.reason(f.file().getFileName().toString());
                        if (reason == null) {
                            reason = "moved to the error folder by the daemon (no reason in its log)";
                        }
                        l.lastError = reason;
                    }
                    writer.markSms(f.handle(), f.sent() ? SmsRow.State.SENT : SmsRow.State.FAILED, wall.millis(),
                            l.modem.id(), reason);
                }
            } catch (IOException e) {
                l.lastError = "spool: " + e.getMessage();
            }
        }
    }

    /** Whether the daemon finished {@code handle} and its fate is not yet durable. */
    boolean finished(String handle) {
        return recording.containsKey(handle);
    }

    int finishedCount() {
        return recording.size();
    }

    /** A mark is durable: a finished message's file goes to the archive. */
    void durable(SmsRow.Marked m, LocalDate today) {
        if (m.state() != SmsRow.State.SENT && m.state() != SmsRow.State.FAILED) {
            return;
        }
        Spool.Fate f = recording.remove(m.handle());
        if (f == null) {
            return;
        }
        for (ModemLink l : links) {
            if (f.file().startsWith(l.spool.root())) {
                try {
                    if (l.spool.archive(f, today)) {
                        repeats++;
                        log.error("sms: the daemon of {} sent one message twice ({})", l.modem.id(), m.handle());
                    }
                } catch (IOException e) {
                    l.lastError = "archive: " + e.getMessage();
                }
            }
        }
    }

    /** Drops archived files older than {@code keepDays}. */
    void prune(LocalDate today, int keepDays) {
        for (ModemLink l : links) {
            try {
                l.spool.prune(today, keepDays);
            } catch (IOException e) {
                l.lastError = "archive: " + e.getMessage();
            }
        }
    }

    /** Messages a daemon sent a second time, found when archiving. */
    long repeats() {
        return repeats;
    }
}
