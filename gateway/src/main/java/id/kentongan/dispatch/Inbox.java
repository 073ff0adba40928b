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

    private final ConcurrentLinkedQueue<Input> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final int capacity;
    private volatile Thread consumer;

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
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
        if (t != null) {
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

    /** Loop thread only. */
    Input poll() {
        Input in = queue.poll();
        if (in != null) {
            size.decrementAndGet();
        }
        return in;
    }

    /** Loop thread only: parks until an input arrives or {@code maxNanos} pass (spurious wake-ups are fine). */
    void await(long maxNanos) {
        consumer = Thread.currentThread();
        if (queue.isEmpty()) {
            LockSupport.parkNanos(this, maxNanos);
        }
    }
}
