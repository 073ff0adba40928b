package id.kentongan.journal;

import id.kentongan.alert.Event;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the {@link JournalWriter} is handed, and how it is taken into batches: everything that waits at
 * once, except that delivery marks alone wait for more ({@link #gatherMarks}). Unbounded: an event is
 * never refused.
 *
 * <p>Threads: {@link #add} from any thread (the dispatch loop's events, the uplink's marks, the SMS
 * thread's fates), never blocking; {@link #take} from the {@code kentongan-journal} thread only.
 */
final class WriteQueue {

    /** Up to this many items go into one transaction. */
    static final int MAX_BATCH = 4096;
    /** Delivery marks alone are committed when this many wait ... */
    static final int MARKS_AT_ONCE = 256;
    /** ... or when the first of them has waited this long (the service's; tests may wait longer). */
    static final long MARKS_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What the writer is handed: an event to insert, a delivery mark to set, or an SMS's fate. */
    sealed interface Work permits Append, Mark, SmsMark {
    }

    record Append(Event event) implements Work {
    }

    record Mark(long seq, long atMillis) implements Work {
    }

    record SmsMark(String handle, SmsRow.State state, long atMillis, String modem, String reason) implements Work {
    }

    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final BooleanSupplier running;
    private final long marksWaitNanos;
    /** The journal thread, once it takes; parked while marks gather. */
    private volatile Thread taker;
    private volatile boolean gathering;
    private volatile int marksWanted = MARKS_AT_ONCE;

    /**
     * @param running        whether the writer runs: once it stops, marks no longer wait
     * @param marksWaitNanos how long marks alone wait for company, at most
     */
    WriteQueue(BooleanSupplier running, long marksWaitNanos) {
        this.running = running;
        this.marksWaitNanos = marksWaitNanos;
    }

    /** Any thread: hands {@code w} to the journal thread. */
    void add(Work w) {
        queue.add(w);
        if (gathering && (!(w instanceof Mark) || queue.size() >= marksWanted)) {
            LockSupport.unpark(taker); // an event or an SMS's fate must not wait for marks to gather
        }
    }

    /**
     * Journal thread: adds to {@code batch} (which may hold a failed attempt's items) what waits, waiting
     * up to a second for the first item, then as {@link #gatherMarks} says.
     *
     * @throws InterruptedException if the wait for a first item was interrupted ({@code stop()})
     */
    void take(List<Work> batch) throws InterruptedException {
        taker = Thread.currentThread();
        if (batch.isEmpty()) {
            Work first = queue.poll(1, TimeUnit.SECONDS);
            if (first == null) {
                return;
            }
            batch.add(first);
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
        gatherMarks(batch);
    }

    /**
     * A batch of delivery marks alone waits for more, up to {@link #MARKS_AT_ONCE} or
     * {@link #MARKS_WAIT_NANOS}, and goes at once with anything else that arrives meanwhile. Each commit
     * writes its changed pages to the WAL whole, and a drain after an outage made one commit of four or
     * five PUBACKs' marks (20,000 events: 4,158-5,451 commits, now 74-77; the journal thread's CPU per
     * drained event 12-16 us, now 3-5 us). A mark only saves a resend (see {@link JournalWriter}'s
     * flush), and the loop hears of an alert's delivery at the PUBACK, not here, so a mark may wait; the
     * uplink keeps every event acknowledged and not yet marked out of its scans meanwhile.
     *
     * <p>The thread parks rather than waiting on the queue: a waiter on the queue is woken by every mark,
     * which cost the drain more than the commits saved. A mark wakes it when enough wait, anything else
     * at once ({@link #add}).
     */
    private void gatherMarks(List<Work> batch) {
        if (!running.getAsBoolean() || !marksOnly(batch)) {
            return;
        }
        long deadline = System.nanoTime() + marksWaitNanos;
        int checked = batch.size();
        gathering = true; // before the drain below: whatever is added after it unparks the park
        try {
            while (running.getAsBoolean()) {
                queue.drainTo(batch, MAX_BATCH - batch.size());
                for (; checked < batch.size(); checked++) {
                    if (!(batch.get(checked) instanceof Mark)) {
                        return; // it goes now, and the marks with it
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || batch.size() >= MARKS_AT_ONCE) {
                    return;
                }
                marksWanted = MARKS_AT_ONCE - batch.size();
                LockSupport.parkNanos(this, left); // stop() interrupts, which ends a park too
            }
        } finally {
            gathering = false;
        }
    }

    /** Whether {@code batch} holds delivery marks and nothing else. */
    static boolean marksOnly(List<Work> batch) {
        for (Work w : batch) {
            if (!(w instanceof Mark)) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Any thread: whether marks alone are waiting for company, a wait bounded by its own deadline. */
    boolean gathering() {
        return gathering;
    }

    int size() {
        return queue.size();
    }
}
