package id.kentongan.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by one thread over a span, from the JVM's own per-thread counter (HotSpot's
 * {@code getThreadAllocatedBytes}: exact, and unaffected by the machine's load). Caller's thread only.
 */
final class Allocation {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long threadId;
    private long start;

    private Allocation(long threadId) {
        this.threadId = threadId;
    }

    /** The live thread named {@code name} (the first found), or {@code null} if there is none. */
    static Allocation of(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return new Allocation(t.threadId());
            }
        }
        return null;
    }

    static Allocation ofCurrentThread() {
        return new Allocation(Thread.currentThread().threadId());
    }

    void start() {
        start = MX.getThreadAllocatedBytes(threadId);
    }

    /** Bytes allocated since {@link #start}. */
    long bytes() {
        return MX.getThreadAllocatedBytes(threadId) - start;
    }
}
