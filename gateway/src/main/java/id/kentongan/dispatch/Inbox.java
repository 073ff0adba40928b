package id.kentongan.dispatch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The dispatch loop's only door. Thread-safe: any thread may call {@link #offer}; only the loop
 * thread calls {@link #poll} and {@link #await}.
 *
 * <p>{@code offer} never blocks and never throws for "full": it returns {@code false} and counts the
 * refusal, as the Disruptor's {@code tryPublishEvent} does. The capacity is far above what the site's
 * inputs can produce (a GPIO edge costs microseconds to handle), so a refusal means an edge storm
 * from a broken contact, which is counted and shown, not a lost press.
 *
 * <p>A refused GPIO edge must still not be lost: a lost release would leave its input "pressed" in the
 * loop, and the next press of that button would change nothing. So whoever is refused an edge marks its
 * line with {@link #reread}, which cannot be refused (a bit per input, beside the queue, not another
 * entry in it); the loop takes the marks with {@link #takeRereads} after the queued inputs and reads
 * those lines' levels again through its {@link Lines}. Marking allocates nothing.
 *
 * <p>GPIO edges have a lane of their own, taken before anything else: a guard's press is never queued
 * behind a burst of field events or telemetry (bench P6), however deep that queue is. The lane is a
 * ring of preallocated slots ({@link #offerEdge} and {@link #pollEdge} allocate nothing), guarded by
 * its monitor: edges come from one or two listener threads at human rates, so the lock is uncontended.
 * Edges keep their order among themselves; only their order against other inputs changes.
 */
public final class Inbox {

    /**
     * How the loop waits for input. {@code PARK} sleeps (the default: a post on a battery or a small
     * solar panel wants its cores idle); a press then pays the operating system's wake-up of the loop
     * thread, tens of microseconds on a virtual machine, more under load. {@code SPIN} keeps one core
     * busy polling, as the Disruptor's busy-spin strategy does, so a press is handled within a few
     * microseconds; worth it only where power is plentiful and the board has cores to spare
     * ({@code kentongan run --wait spin}; bench P1 measures both).
     */
    public enum Wait { PARK, SPIN }

    /** Inputs {@link #reread} can mark: one long's bits, above the 26 GPIO lines of a Pi's header. */
    public static final int MAX_LINES = Long.SIZE;

    /** Slots in the edge lane, at most: a broken contact's storm beyond it is refused and the line read again. */
    static final int MAX_EDGES = 1024;

    private final ConcurrentLinkedQueue<Input> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    // the edge lane, guarded by itself: slot i of each array is one edge
    private final int[] edgeInput;
    private final boolean[] edgeActive;
    private final long[] edgeNanos;
    private int edgeHead; // next to take
    private int edgeCount;
    /** edgeCount, readable without the lock: the spinning loop's and the parked loop's look. */
    private volatile int edgesWaiting;
    private final AtomicLong refused = new AtomicLong();
    /** Bit {@code i}: input {@code i} lost an edge and must be read again. */
    private final AtomicLong rereads = new AtomicLong();
    private final int capacity;
    private final Wait wait;
    private volatile Thread consumer;

    public Inbox(int capacity) {
        this(capacity, Wait.PARK);
    }

    public Inbox(int capacity, Wait wait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.wait = wait;
        int slots = Math.min(capacity, MAX_EDGES);
        edgeInput = new int[slots];
        edgeActive = new boolean[slots];
        edgeNanos = new long[slots];
    }

    /** Where {@link #pollEdge} hands an edge: the loop's debounce. */
    interface Edges {
        void edge(int input, boolean active, long nanos);
    }

    /**
     * Thread-safe, allocates nothing: a GPIO edge into the edge lane, ahead of every other input.
     *
     * @return {@code false} if the lane is full; the caller then marks the line with {@link #reread}
     */
    public boolean offerEdge(int input, boolean active, long nanos) {
        synchronized (edgeInput) {
            if (edgeCount == edgeInput.length) {
                refused.incrementAndGet();
                return false;
            }
            int slot = (edgeHead + edgeCount) % edgeInput.length;
            edgeInput[slot] = input;
            edgeActive[slot] = active;
            edgeNanos[slot] = nanos;
            edgesWaiting = ++edgeCount;
        }
        wake();
        return true;
    }

    /** The one consumer thread only, allocates nothing: hands the oldest edge to {@code to}, if there is one. */
    boolean pollEdge(Edges to) {
        if (edgesWaiting == 0) {
            return false;
        }
        int input;
        boolean active;
        long nanos;
        synchronized (edgeInput) {
            input = edgeInput[edgeHead];
            active = edgeActive[edgeHead];
            nanos = edgeNanos[edgeHead];
            edgeHead = (edgeHead + 1) % edgeInput.length;
            edgesWaiting = --edgeCount;
        }
        to.edge(input, active, nanos);
        return true;
    }

    private void wake() {
        Thread t = consumer;
        if (t != null && wait == Wait.PARK) {
            LockSupport.unpark(t);
        }
    }

    /** @return {@code false} if the inbox is full; the input is then not taken. An edge goes to the edge lane. */
    public boolean offer(Input input) {
        if (input instanceof Input.Edge e) {
            return offerEdge(e.input(), e.active(), e.nanos());
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        queue.offer(input);
        wake();
        return true;
    }

    public int depth() {
        return size.get() + edgesWaiting;
    }

    public long refused() {
        return refused.get();
    }

    /**
     * Thread-safe, never refused: input {@code input}'s edge was refused, so the loop is to read that
     * line's level again on its next turn. Marks for one line coalesce: one read gives its newest level.
     *
     * @throws IllegalArgumentException beyond {@link #MAX_LINES} inputs
     */
    public void reread(int input) {
        if (input < 0 || input >= MAX_LINES) {
            throw new IllegalArgumentException("input " + input + " is beyond the " + MAX_LINES + " an inbox marks");
        }
        long bit = 1L << input;
        long was;
        do { // a compare-and-set loop, not getAndUpdate: a capturing lambda would allocate per mark
            was = rereads.get();
        } while ((was & bit) == 0 && !rereads.compareAndSet(was, was | bit));
        wake();
    }

    /** Loop thread only: the inputs marked by {@link #reread} since the last call, one bit each, and clears them. */
    long takeRereads() {
        return rereads.get() == 0 ? 0 : rereads.getAndSet(0);
    }

    /**
     * The one consumer thread only: the dispatch loop, or the wire bench that reads edges itself. Edges
     * first (as an {@link Input.Edge}, made here: the loop takes them with {@link #pollEdge} instead).
     */
    public Input poll() {
        if (edgesWaiting > 0) {
            Input.Edge[] edge = new Input.Edge[1];
            if (pollEdge((input, active, nanos) -> edge[0] = new Input.Edge(input, active, nanos))) {
                return edge[0];
            }
        }
        Input in = queue.poll();
        if (in != null) {
            size.decrementAndGet();
        }
        return in;
    }

    /** Loop thread only: waits until an input arrives or {@code maxNanos} pass (spurious wake-ups are fine). */
    void await(long maxNanos) {
        consumer = Thread.currentThread();
        if (wait == Wait.SPIN) {
            long end = System.nanoTime() + maxNanos;
            while (edgesWaiting == 0 && queue.isEmpty() && rereads.get() == 0 && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        } else if (edgesWaiting == 0 && queue.isEmpty() && rereads.get() == 0) {
            LockSupport.parkNanos(this, maxNanos);
        }
    }
}
