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

    private final ConcurrentLinkedQueue<Input> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
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
    }

    /** @return {@code false} if the inbox is full; the input is then not taken */
    public boolean offer(Input input) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        queue.offer(input);
        Thread t = consumer;
        if (t != null && wait == Wait.PARK) {
            LockSupport.unpark(t);
        }
        return true;
    }

    public int depth() {
        return size.get();
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
        Thread t = consumer;
        if (t != null && wait == Wait.PARK) {
            LockSupport.unpark(t);
        }
    }

    /** Loop thread only: the inputs marked by {@link #reread} since the last call, one bit each, and clears them. */
    long takeRereads() {
        return rereads.get() == 0 ? 0 : rereads.getAndSet(0);
    }

    /** The one consumer thread only: the dispatch loop, or the wire bench that reads edges itself. */
    public Input poll() {
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
            while (queue.isEmpty() && rereads.get() == 0 && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        } else if (queue.isEmpty() && rereads.get() == 0) {
            LockSupport.parkNanos(this, maxNanos);
        }
    }
}
