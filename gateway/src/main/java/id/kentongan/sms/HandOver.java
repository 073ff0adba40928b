package id.kentongan.sms;

import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsOutbox;
import id.kentongan.journal.SmsRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The hand-over of the journal's waiting SMS to the modems' daemons: as many as each modem's outbox
 * has room for and its pace allows, in the outbox's order, round robin over the modems, each written
 * to the spool (named so the daemon sends the most important first) before it is marked handed. Holds
 * only a page of the outbox, and never more than {@link #MAX_UNRECORDED} messages handed whose mark is
 * not yet durable. At start, what a daemon's outbox already holds was handed before a crash: it is
 * marked so, and never written again.
 *
 * <p>Threads: the {@code kentongan-sms} thread only.
 */
final class HandOver {

    private static final Logger log = LoggerFactory.getLogger(HandOver.class);
    /** Handed over but not yet durable as such: past this many, hand-over waits for the journal. */
    static final int MAX_UNRECORDED = 256;

    private final List<ModemLink> links;
    private final SmsOutbox outbox;
    private final JournalWriter writer;
    private final Function<String, String> numbers;
    private final InstantSource wall;
    private final Set<String> unrecorded = new HashSet<>();
    private long errors;
    private int next; // round robin over the modems

    HandOver(List<ModemLink> links, SmsOutbox outbox, JournalWriter writer, Function<String, String> numbers,
             InstantSource wall) {
        this.links = links;
        this.outbox = outbox;
        this.writer = writer;
        this.numbers = numbers;
        this.wall = wall;
    }

    /** At start: messages in a daemon's outbox were handed over before a crash; say so, never write them again. */
    boolean recover() {
        try {
            for (ModemLink l : links) {
                l.spool.create();
                for (String h : l.spool.waiting()) {
                    unrecorded.add(h);
                    writer.markSms(h, SmsRow.State.HANDED, wall.millis(), l.modem.id(), null);
                }
            }
            return true;
        } catch (IOException e) {
            log.error("sms: cannot read a modem's spool at start ({}); nothing is handed over until it can be read",
                    e.getMessage());
            return false;
        }
    }

    /**
     * Hands over what the modems take now.
     *
     * @param finished messages the daemons have finished whose fate is not yet durable: not handed again, even
     *                 if their rows still say queued (the daemon sent them while the gateway was down)
     * @param finishedCount how many {@code finished} accepts
     */
    void handOver(long now, Predicate<String> finished, int finishedCount) {
        int[] room = new int[links.size()];
        int total = 0;
        for (int i = 0; i < links.size(); i++) {
            ModemLink l = links.get(i);
            try {
                room[i] = l.room(now);
                total += room[i];
            } catch (IOException e) {
                l.lastError = "spool: " + e.getMessage();
            }
        }
        total = Math.min(total, MAX_UNRECORDED - unrecorded.size());
        if (total <= 0) {
            return;
        }
        List<SmsRow.Waiting> page;
        try {
            page = outbox.next(total, h -> unrecorded.contains(h) || finished.test(h),
                    unrecorded.size() + finishedCount);
        } catch (SQLException e) {
            log.warn("sms: cannot read the outbox: {}", e.getMessage());
            return;
        }
        for (SmsRow.Waiting w : page) {
            int i = next++ % links.size();
            while (room[i] == 0) {
                i = next++ % links.size(); // some modem has room: the page is no longer than their sum
            }
            ModemLink l = links.get(i);
            String number = numbers.apply(w.recipient());
            if (number == null) {
                unrecorded.add(w.handle());
                writer.markSms(w.handle(), SmsRow.State.FAILED, wall.millis(), null,
                        "'" + w.recipient() + "' is not in the register (edited since the message was queued?)");
                continue;
            }
            try {
                l.spool.hand(letter(w), number, w.handle(), w.text());
            } catch (IOException e) {
                errors++;
                if (!e.getMessage().equals(l.lastError)) {
                    log.error("sms: cannot hand a message to {} ({}); it stays queued", l.modem.id(), e.getMessage());
                }
                l.lastError = "hand-over: " + e.getMessage();
                room[i] = 0;
                if (Arrays.stream(room).allMatch(r -> r == 0)) {
                    return;
                }
                continue;
            }
            room[i]--;
            l.pacer.take(now);
            l.handed++;
            l.waiting.add(w.handle());
            unrecorded.add(w.handle());
            writer.markSms(w.handle(), SmsRow.State.HANDED, wall.millis(), l.modem.id(), null);
        }
    }

    /** The daemon sends in file-name order: life-safety people first, other zones' residents of telemetry last. */
    static char letter(SmsRow.Waiting w) {
        return (char) ('A' + Math.min(25, w.priority().ordinal() * 3 + Math.min(2, w.rank())));
    }

    /** A mark of {@code handle} is durable: it no longer counts against {@link #MAX_UNRECORDED}. */
    void recorded(String handle) {
        unrecorded.remove(handle);
    }

    /** Messages that could not be written to a spool (they stayed queued). */
    long errors() {
        return errors;
    }
}
