package id.kentongan.sms;

import id.kentongan.config.Modem;
import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsOutbox;
import id.kentongan.journal.SmsRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * <p>Its parts, each on the {@code kentongan-sms} thread: the {@link HandOver}, the {@link Fates} and
 * what was {@link Received}; the turn and the status are here.
 *
 * <p>Threads: {@link #start}/{@link #stop} from the owner; the {@link JournalWriter.Listener} methods
 * from the journal thread (they only queue and wake); {@link #status} from any thread.
 */
public final class SmsGateway implements JournalWriter.Listener {

    private static final Logger log = LoggerFactory.getLogger(SmsGateway.class);
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
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
    private final InstantSource wall;
    private final ZoneId zone;
    private final LongSupplier nanos;
    private final int keepDays;

    // the kentongan-sms thread only
    private final HandOver handOver;
    private final Fates fates;
    private final Received received;
    private boolean recovered;
    private long lastPrune = Long.MIN_VALUE;

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
        this.wall = wall;
        this.handOver = new HandOver(links, outbox, writer, numbers, wall);
        this.fates = new Fates(links, writer, wall);
        this.received = new Received(replies);
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
        LocalDate today = LocalDate.ofInstant(wall.instant(), zone);
        for (List<SmsRow.Marked> marks; (marks = marked.poll()) != null; ) {
            for (SmsRow.Marked m : marks) { // durable now: a handed message is recorded, a finished one archived
                handOver.recorded(m.handle());
                fates.durable(m, today);
            }
        }
        for (ModemLink l : links) {
            if (l.process != null) {
                l.process.check();
            }
        }
        if (!recovered) {
            recovered = handOver.recover();
        }
        fates.read();
        if (recovered) {
            handOver.handOver(now, fates::finished, fates.finishedCount());
        }
        for (ModemLink l : links) {
            received.read(l);
        }
        if (now - lastPrune >= PRUNE_NANOS || lastPrune == Long.MIN_VALUE) {
            lastPrune = now;
            fates.prune(LocalDate.ofInstant(wall.instant(), zone), keepDays);
        }
        status = snapshot(now);
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
        return new Status(views, handed, sent, failed, received.received(), received.refused(), handOver.errors(),
                fates.repeats());
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
