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

/** The longest GC pause and the number of collections while it is open, from the JVM's own notifications. */
final class GcWatch implements AutoCloseable {

    private final AtomicLong maxMillis = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private final List<Runnable> undo = new ArrayList<>();

    GcWatch() {
        NotificationListener l = (n, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                if (!info.getGcAction().contains("concurrent")) {
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
