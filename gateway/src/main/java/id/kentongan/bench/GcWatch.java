package id.kentongan.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;

/**
 * The longest GC pause and the number of collections while it is open and counting, from the JVM's own
 * notifications. P1 counts only over its measured presses: the JVM's first young collections, while
 * the bench's first gateway starts (4-5.5 ms, `-Xlog:gc`), are not a pause a press meets.
 */
final class GcWatch implements AutoCloseable {

    private final AtomicLong maxMillis = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private final List<Runnable> undo = new ArrayList<>();
    private volatile boolean counting;

    /** Counting from now on. */
    GcWatch() {
        this(true);
    }

    /** @param countNow whether pauses count from now on, or only once {@link #counting(boolean)} says so */
    GcWatch(boolean countNow) {
        this.counting = countNow;
        NotificationListener l = (n, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                if (this.counting && !info.getGcAction().contains("concurrent")) {
                    count.incrementAndGet();
                    maxMillis.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
                }
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(l, null, null);
                undo.add(() -> {
                    try {
                        e.removeNotificationListener(l);
                    } catch (ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
    }

    /** Pauses count from now on, or no longer. */
    void counting(boolean on) {
        counting = on;
    }

    long longestMillis() {
        return maxMillis.get();
    }

    String summary() {
        return "GC: " + count.get() + " pauses, longest " + maxMillis.get() + " ms";
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
    }
}
