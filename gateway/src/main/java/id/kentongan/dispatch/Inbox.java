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

    private final ConcurrentLinkedQueue<Input> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
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
            while (queue.isEmpty() && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        } else if (queue.isEmpty()) {
            LockSupport.parkNanos(this, maxNanos);
        }
    }
}
