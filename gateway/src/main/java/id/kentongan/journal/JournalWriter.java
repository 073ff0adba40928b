package id.kentongan.journal;

import id.kentongan.alert.Event;
import id.kentongan.dispatch.JournalSink;
import id.kentongan.journal.WriteQueue.Append;
import id.kentongan.journal.WriteQueue.Mark;
import id.kentongan.journal.WriteQueue.SmsMark;
import id.kentongan.journal.WriteQueue.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The journal's single writer, on its own {@code kentongan-journal} thread: group commit. It takes
 * everything that arrived since its last commit (new events from the dispatch loop, delivery marks from
 * the uplink) and commits it in one transaction, so one fsync covers a whole burst; delivery marks
 * alone need none of their own ({@link #marksOnly}), and wait a moment for more ({@link WriteQueue}).
 *
 * <p>Threads: {@link #append} from the dispatch loop and {@link #markDelivered} from the uplink, never
 * blocking (the queue is unbounded: an event is never refused); {@link #start}/{@link #stop} from the
 * owner. {@link Listener} calls come from the journal thread, after the commit returned.
 */
public final class JournalWriter implements JournalSink {

    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

    /** Told, on the journal thread, what has become durable. Must not block. */
    public interface Listener {
        /** Every event up to and including {@code highestSeq} that was appended is now durable. */
        void committed(long highestSeq, List<Event> events);

        /**
         * These delivery marks are committed: a scan no longer finds their rows. Durable with the next
         * fsync; a power cut before it replays them once more (see {@link JournalWriter#marksOnly}). A
         * mark alone may wait up to 100 ms for others to share its commit ({@link WriteQueue}).
         */
        void delivered(long[] seqs);

        /** {@code rows} new SMS are durable in the outbox, waiting to be handed over. */
        default void smsQueued(int rows) {
        }

        /** These SMS marks are durable. */
        default void smsMarked(List<SmsRow.Marked> marks) {
        }

        /** Tells every one of {@code listeners}, in order. */
        static Listener all(Listener... listeners) {
            return new Listener() {
                @Override
                public void committed(long highestSeq, List<Event> events) {
                    for (Listener l : listeners) {
                        l.committed(highestSeq, events);
                    }
                }

                @Override
                public void delivered(long[] seqs) {
                    for (Listener l : listeners) {
                        l.delivered(seqs);
                    }
                }

                @Override
                public void smsQueued(int rows) {
                    for (Listener l : listeners) {
                        l.smsQueued(rows);
                    }
                }

                @Override
                public void smsMarked(List<SmsRow.Marked> marks) {
                    for (Listener l : listeners) {
                        l.smsMarked(marks);
                    }
                }
            };
        }
    }

    private final Journal journal;
    private final Listener listener;
    /** Decides the SMS each event causes, inside its transaction; set before start. */
    private volatile SmsPlanner planner = SmsPlanner.NONE;
    private final SmsPlanning smsPlanning = new SmsPlanning();
    private volatile boolean running;
    private final WriteQueue queue;
    private volatile long commits;
    private volatile long failures;
    /** The failure count when the current run of failures began (journal thread). */
    private long failingSince;
    private Thread thread;

    /** Told on the journal thread when commits start failing ({@code false}) and work again ({@code true}). */
    private volatile Consumer<Boolean> health = ok -> { };
    private volatile boolean failing;
    private volatile LongConsumer commitTimer = nanos -> { };
    /** When the last commit returned (or the writer was made): how long a waiting batch has waited. */
    private volatile long lastCommitNanos = System.nanoTime();

    /**
     * Owner thread, before {@link #start}: who hears that the journal cannot write (a full or read-only
     * disk) and when it can again. Alerts still go out live meanwhile; this is for the supervision alert.
     */
    public void reportHealthTo(Consumer<Boolean> health) {
        this.health = health;
    }

    /** Owner thread, before {@link #start}: told on the journal thread how long each commit took, in nanos. */
    public void timeCommitsWith(LongConsumer timer) {
        this.commitTimer = timer;
    }

    /** Any thread: whether the last commit failed (a full or read-only disk); cleared by the next that works. */
    public boolean failing() {
        return failing;
    }

    private volatile long attemptStartedNanos; // journal thread writes; 0 between commits
    private final Statements statements = new Statements(); // journal thread

    public JournalWriter(Journal journal, Listener listener) {
        this(journal, listener, WriteQueue.MARKS_WAIT_NANOS);
    }

    /** Tests: with marks alone waiting up to {@code marksWaitNanos} for company. */
    JournalWriter(Journal journal, Listener listener, long marksWaitNanos) {
        this.queue = new WriteQueue(() -> running, marksWaitNanos);
        this.journal = journal;
        this.listener = listener;
        this.failing = journal.held() != null; // the owner raised journal-failing; the first commit recovers it
    }

    @Override
    public void append(Event event) {
        queue.add(new Append(event));
    }

    /** Uplink thread: the broker PUBACKed {@code seq}. */
    public void markDelivered(long seq, long atMillis) {
        queue.add(new Mark(seq, atMillis));
    }

    /** Owner thread, before {@link #start}: who decides the SMS each event causes. */
    public void planSmsWith(SmsPlanner planner) {
        this.planner = planner;
    }

    /**
     * SMS thread: what became of a message (handed to the daemon, sent, failed with its reason). Never
     * blocks; the mark is durable when {@link Listener#smsMarked} names its handle.
     */
    public void markSms(String handle, SmsRow.State state, long atMillis, String modem, String reason) {
        queue.add(new SmsMark(handle, state, atMillis, modem, reason));
    }

    /** Events whose SMS could not be planned (each logged); their events are journaled all the same. */
    public long planFailures() {
        return smsPlanning.failures();
    }

    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("kentongan-journal").start(this::run);
    }

    /** Commits everything already handed in, then stops. */
    public synchronized void stop() throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        thread.join();
        thread = null;
    }

    public int queued() {
        return queue.size();
    }

    /**
     * Any thread: milliseconds since the last commit while something waits to be committed, else 0. A
     * writer stuck in an fsync (a dying SD card) shows here before anything fails.
     */
    public long stalledMillis() {
        // marks alone gathering wait by design, at most 100 ms: after a quiet spell that is no stuck disk
        return queue.isEmpty() || queue.gathering() ? 0
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCommitNanos);
    }

    /**
     * Any thread: how long the commit now running has been running, else 0. A writer blocked in an
     * fsync that does not return (a dying SD card) grows this; a writer whose commits fail at once (a
     * full or read-only disk) does not: it is failing, which the post reports and lives with, not stuck.
     */
    public long stuckNanos() {
        long started = attemptStartedNanos;
        return started == 0 ? 0 : Math.max(1, System.nanoTime() - started);
    }

    public long commits() {
        return commits;
    }

    private void run() {
        List<Work> batch = new ArrayList<>();
        // a batch whose commit failed is still held here: stop() must not leave before its last attempt
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                queue.take(batch);
            } catch (InterruptedException e) {
                continue; // stop() interrupts; the loop condition decides
            }
            if (batch.isEmpty()) {
                continue;
            }
            boolean committed;
            attemptStartedNanos = System.nanoTime();
            try {
                committed = commit(batch);
            } catch (RuntimeException e) { // a driver's surprise must not end the journal's only writer
                log.error("journal: commit failed unexpectedly, will retry", e);
                committed = false;
            } finally {
                attemptStartedNanos = 0;
            }
            if (committed) {
                batch.clear();
            } else if (!running) {
                log.error("journal: {} items could not be committed before shutdown; undelivered events "
                        + "stay owed only if they were committed earlier", batch.size());
                return;
            } else {
                pause();
            }
        }
    }

    private boolean commit(List<Work> batch) {
        long began = System.nanoTime();
        Connection c;
        try {
            c = journal.writeConnection();
        } catch (SQLException e) {
            return failed(batch.size(), e, null); // a held journal whose disk still will not write
        }
        try {
            journal.flushCommits(c, !marksOnly(batch));
        } catch (SQLException e) {
            return failed(batch.size(), e, c);
        }
        List<Event> events = new ArrayList<>();
        long[] marks = new long[batch.size()];
        int markCount = 0;
        List<SmsRow.Marked> smsMarks = new ArrayList<>();
        int smsQueued;
        try {
            PreparedStatement insert = statements.on(c, EventRows.INSERT);
            PreparedStatement deliver = statements.on(c, EventRows.MARK_DELIVERED);
            PreparedStatement smsMark = statements.on(c, SmsRows.MARK);
            for (Work w : batch) {
                switch (w) {
                    case Append(Event e) -> {
                        EventRows.bind(insert, e);
                        insert.addBatch();
                        events.add(e);
                    }
                    case Mark m -> {
                        deliver.setLong(1, m.atMillis());
                        deliver.setLong(2, m.seq());
                        deliver.addBatch();
                        marks[markCount++] = m.seq();
                    }
                    case SmsMark m -> {
                        SmsRows.bindMark(smsMark, m.handle(), m.state(), m.atMillis(), m.modem(), m.reason());
                        smsMark.addBatch();
                        smsMarks.add(new SmsRow.Marked(m.handle(), m.state()));
                    }
                }
            }
            if (!events.isEmpty()) {
                insert.executeBatch();
            }
            smsQueued = smsPlanning.plan(c, statements, events, planner); // after the events: the planner reads them back
            if (markCount > 0) {
                deliver.executeBatch();
            }
            if (!smsMarks.isEmpty()) {
                smsMark.executeBatch();
            }
            c.commit();
            lastCommitNanos = System.nanoTime();
            commitTimer.accept(lastCommitNanos - began);
        } catch (SQLException e) {
            return failed(batch.size(), e, c);
        }
        commits++;
        failingSince = 0;
        if (failing) {
            failing = false;
            health.accept(true);
        }
        for (Event e : events) {
            if (e.priority().isAlert()) {
                log.info("event {} {} {} from {} ({} {}) journaled", e.seq(), e.priority().wireName(),
                        e.kind().wireName(), e.source(), e.msgType(), e.identifier());
            } else if (log.isDebugEnabled()) {
                log.debug("event {} telemetry {} from {} journaled", e.seq(), e.kind().wireName(), e.source());
            }
        }
        try {
            if (!events.isEmpty()) {
                listener.committed(events.get(events.size() - 1).seq(), events);
            }
            if (markCount > 0) {
                listener.delivered(Arrays.copyOf(marks, markCount));
            }
            if (smsQueued > 0) {
                listener.smsQueued(smsQueued);
            }
            if (!smsMarks.isEmpty()) {
                listener.smsMarked(smsMarks);
            }
        } catch (RuntimeException e) {
            // a listener's trouble must never stop the journal: the batch is durable, go on
            log.error("journal: a durability listener failed: {}", e.toString());
        }
        return true;
    }

    /**
     * A batch of delivery marks alone is committed without an fsync of its own ({@code synchronous=NORMAL});
     * anything else with one ({@code FULL}). A mark only saves a resend: the next commit's fsync covers
     * it (the WAL is one file, flushed whole), and a power cut before that loses it, so its event goes to
     * the broker once more, under the same identifier, which subscribers deduplicate anyway. An event, an
     * SMS row or an SMS's fate is never committed so. Each PUBACK had cost an fsync of its own while
     * events came singly: half the flash writes of a post's SD card, and the drain's commits after an
     * outage.
     */
    private static boolean marksOnly(List<Work> batch) {
        return WriteQueue.marksOnly(batch);
    }

    private boolean failed(int items, SQLException e, Connection c) {
        failures++;
        boolean first = !failing || failingSince == 0;
        if (!failing) {
            failing = true;
            health.accept(false);
        }
        if (first) {
            failingSince = failures;
        }
        // the first failure, then once a minute while it lasts: a log per retry would fill the full disk more
        if (first || (failures - failingSince) % 60 == 0) {
            log.error("journal: commit of {} items failed ({} failures so far), will retry: {}", items, failures,
                    e.getMessage());
        }
        if (c != null) {
            // SQLite may have rolled the transaction back itself (SQLITE_FULL, SQLITE_IOERR), which leaves
            // the driver's connection outside any transaction: the retry would then commit row by row and
            // fail at its commit forever. A fresh connection for the retry starts clean.
            journal.discardWriteConnection();
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(1000); // a failing disk: retry at a calm pace rather than spin
        } catch (InterruptedException e) {
            // stop() interrupts the wait; the run loop makes one last attempt and leaves
        }
    }
}
