package id.kentongan.sms;

import id.kentongan.config.Modem;
import id.kentongan.config.PhoneNumber;
import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsOutbox;
import id.kentongan.journal.SmsRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Hands the journal's SMS to the modems and records what became of them, on its own {@code
 * kentongan-sms} thread. Each turn: the daemons' fates (sent, failed with the daemon's reason) are
 * marked in the journal; then, for every modem with room in its daemon's outbox and its pace allowing,
 * the next waiting message, in the outbox's order, gets its number from the register and goes to that
 * modem's spool and is marked handed; then what the daemons received is read and passed on. Nothing is
 * held but a page of the outbox: 10,000 waiting messages stay in the journal.
 *
 * <p>Crash safety: a message is written to the spool before it is marked handed, and a message the
 * daemon finished is archived only once its fate is durable. So after a crash a message is in exactly
 * one of: still queued (no file: handed now), in the daemon's outbox (marked handed at start, never
 * written again), in {@code sent/} or {@code error/} (its fate marked, never handed again, whatever its
 * row still says). SmsFaultsIT found the last case: the daemon goes on sending while the gateway is down.
 *
 * <p>Threads: {@link #start}/{@link #stop} from the owner; the {@link JournalWriter.Listener} methods
 * from the journal thread (they only queue and wake); {@link #status} from any thread.
 */
public final class SmsGateway implements JournalWriter.Listener {

    private static final Logger log = LoggerFactory.getLogger(SmsGateway.class);
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Handed over but not yet durable as such: past this many, hand-over waits for the journal. */
    static final int MAX_UNRECORDED = 256;
    private static final long PRUNE_NANOS = TimeUnit.HOURS.toNanos(1);

    /** Who reads what the daemons received. Called on the {@code kentongan-sms} thread; must not block. */
    public interface Replies {
        /** @param sender as the daemon wrote it (a number, or an operator's name) */
        void received(String modem, String sender, String text);

        Replies NONE = (modem, sender, text) -> { };
    }

    /**
     * The SMS part's state for status.
     *
     * @param refused received messages not taken, by reason
     */
    public record Status(List<ModemLink.View> modems, long handed, long sent, long failed, long received,
                         Map<String, Long> refused, long handOverErrors, long repeatsArchived) {
    }

    private final List<ModemLink> links;
    private final SmsOutbox outbox;
    private final JournalWriter writer;
    private final Function<String, String> numbers;
    private final Replies replies;
    private final InstantSource wall;
    private final ZoneId zone;
    private final LongSupplier nanos;
    private final int keepDays;

    // the kentongan-sms thread only
    private final Set<String> unrecorded = new HashSet<>();
    private final Map<String, Spool.Fate> recording = new HashMap<>();
    private final Map<String, Long> refused = new HashMap<>();
    private boolean recovered;
    private long received;
    private long handOverErrors;
    private long repeats;
    private long lastPrune = Long.MIN_VALUE;
    private int next; // round robin over the modems

    // any thread
    private final ConcurrentLinkedQueue<List<SmsRow.Marked>> marked = new ConcurrentLinkedQueue<>();
    private volatile Status status;
    private volatile boolean running;
    private Thread thread;

    public SmsGateway(List<Modem> modems, Map<String, SmsdProcess> simulated, SmsOutbox outbox, JournalWriter writer,
                      Function<String, String> numbers, Replies replies, InstantSource wall, ZoneId zone,
                      LongSupplier nanos, int keepDays) {
        this.links = modems.stream().map(m -> new ModemLink(m, simulated.get(m.id()), nanos)).toList();
        this.outbox = outbox;
        this.writer = writer;
        this.numbers = numbers;
        this.replies = replies;
        this.wall = wall;
        this.zone = zone;
        this.nanos = nanos;
        this.keepDays = keepDays;
        this.status = snapshot(nanos.getAsLong());
    }

    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("kentongan-sms").start(this::run);
    }

    /** Stops after the turn in progress; messages not yet handed over stay queued in the journal. */
    public synchronized void stop() throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        thread.join();
        thread = null;
    }

    private void run() {
        while (running) {
            try {
                turn(nanos.getAsLong());
            } catch (RuntimeException e) { // never let one bad turn end the SMS part
                log.error("sms: a turn failed; the next one tries again", e);
            }
            LockSupport.parkNanos(TURN_NANOS);
        }
    }

    /** One turn; the thread calls it every quarter second or when woken, a test calls it by hand. */
    public void turn(long now) {
        for (List<SmsRow.Marked> m; (m = marked.poll()) != null; ) {
            durable(m);
        }
        for (ModemLink l : links) {
            if (l.process != null) {
                l.process.check();
            }
        }
        if (!recovered) {
            recovered = recover(now);
        }
        fates(now);
        if (recovered) {
            handOver(now);
        }
        for (ModemLink l : links) {
            receive(l);
        }
        if (now - lastPrune >= PRUNE_NANOS || lastPrune == Long.MIN_VALUE) {
            lastPrune = now;
            prune();
        }
        status = snapshot(now);
    }

    /** At start: messages in a daemon's outbox were handed over before a crash; say so, never write them again. */
    private boolean recover(long now) {
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

    private void fates(long now) {
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

    private void handOver(long now) {
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
            // a message the daemon has finished is not handed again, even before its fate is durable: after a
            // crash its row may still say queued (the daemon sent it while the gateway was down)
            page = outbox.next(total, h -> unrecorded.contains(h) || recording.containsKey(h),
                    unrecorded.size() + recording.size());
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
                handOverErrors++;
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

    private void receive(ModemLink l) {
        List<InboxReader.Message> got;
        try {
            got = l.inbox.read();
        } catch (IOException e) {
            l.lastError = "inbox: " + e.getMessage();
            return;
        }
        for (InboxReader.Message m : got) {
            switch (m) {
                case InboxReader.Taken t -> {
                    received++;
                    try {
                        replies.received(l.modem.id(), t.sender(), t.text());
                    } catch (RuntimeException e) {
                        log.error("sms: a received message could not be handled: {}", e.toString());
                    }
                }
                case InboxReader.Refused r -> {
                    String reason = r.reason().name().toLowerCase(java.util.Locale.ROOT);
                    long n = refused.merge(reason, 1L, Long::sum);
                    if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th...: a flood cannot fill the log
                        log.warn("sms: a message from {} refused ({}): {}; {} so far",
                                PhoneNumber.looksLikeNumber(r.sender()) ? PhoneNumber.mask(r.sender()) : "a sender",
                                reason, r.detail(), n);
                    }
                }
            }
            for (Path p : m.files()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    l.lastError = "inbox: " + e.getMessage();
                }
            }
        }
    }

    /** Marks now durable: a handed message is recorded; a finished one's file goes to the archive. */
    private void durable(List<SmsRow.Marked> marks) {
        LocalDate today = LocalDate.ofInstant(wall.instant(), zone);
        for (SmsRow.Marked m : marks) {
            String h = m.handle();
            unrecorded.remove(h);
            Spool.Fate f = m.state() == SmsRow.State.SENT || m.state() == SmsRow.State.FAILED ? recording.remove(h)
                    : null;
            if (f != null) {
                for (ModemLink l : links) {
                    if (f.file().startsWith(l.spool.root())) {
                        try {
                            if (l.spool.archive(f, today)) {
                                repeats++;
                                log.error("sms: the daemon of {} sent one message twice ({})", l.modem.id(), h);
                            }
                        } catch (IOException e) {
                            l.lastError = "archive: " + e.getMessage();
                        }
                    }
                }
            }
        }
    }

    private void prune() {
        LocalDate today = LocalDate.ofInstant(wall.instant(), zone);
        for (ModemLink l : links) {
            try {
                l.spool.prune(today, keepDays);
            } catch (IOException e) {
                l.lastError = "archive: " + e.getMessage();
            }
        }
    }

    private Status snapshot(long now) {
        long handed = 0;
        long sent = 0;
        long failed = 0;
        List<ModemLink.View> views = new ArrayList<>();
        for (ModemLink l : links) {
            views.add(l.view(now));
            handed += l.handed;
            sent += l.sent;
            failed += l.failed;
        }
        return new Status(views, handed, sent, failed, received, Map.copyOf(refused), handOverErrors, repeats);
    }

    /** Any thread: the state at the end of the last turn. */
    public Status status() {
        return status;
    }

    /** Any thread: how many messages are in each state in the journal. */
    public Map<SmsRow.State, Long> counts() {
        try {
            return outbox.counts();
        } catch (SQLException e) {
            return Collections.unmodifiableMap(new EnumMap<>(SmsRow.State.class));
        }
    }

    @Override
    public void committed(long highestSeq, List<id.kentongan.alert.Event> events) {
    }

    @Override
    public void delivered(long[] seqs) {
    }

    @Override
    public void smsQueued(int rows) {
        wake();
    }

    @Override
    public void smsMarked(List<SmsRow.Marked> marks) {
        marked.add(marks);
        wake();
    }

    private void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
