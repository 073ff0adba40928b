package id.kentongan.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The CPU time this JVM's threads spent between two moments, by thread name: what each side of a figure
 * cost per event, measured in the same run as the figure (the JVM's per-thread clocks, kernel time
 * included). Threads that ended in between are not counted, so a reading is taken before its side
 * stops. Immutable; made on the bench's thread.
 */
final class ThreadCpu {

    private final Map<String, Long> nanosByThread;

    private ThreadCpu(Map<String, Long> nanosByThread) {
        this.nanosByThread = nanosByThread;
    }

    /** Every live thread's CPU time until now. */
    static ThreadCpu now() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            long cpu = t == null ? -1 : mx.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                m.merge(t.getThreadName() + "#" + t.getThreadId(), cpu, Long::sum);
            }
        }
        return new ThreadCpu(m);
    }

    /**
     * Each thread's microseconds per event from {@code earlier} to this, the largest first, those of at
     * least {@code leastMicros}, and the sum of all: "name 24.0 us, ...; all 93.0 us".
     */
    String perEventByThread(ThreadCpu earlier, long events, double leastMicros) {
        Map<String, Double> byName = new HashMap<>();
        double all = 0;
        for (Map.Entry<String, Long> e : nanosByThread.entrySet()) {
            double micros = (e.getValue() - earlier.nanosByThread.getOrDefault(e.getKey(), 0L)) / 1e3 / events;
            all += micros;
            byName.merge(e.getKey().substring(0, e.getKey().lastIndexOf('#')), micros, Double::sum);
        }
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() >= leastMicros)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(e.getKey()).append(String.format(" %.1f us, ", e.getValue())));
        return out.append(String.format("all %.1f us", all)).toString();
    }

    /** Microseconds per event that the threads {@code which} names spent from {@code earlier} to this. */
    double microsPerEvent(ThreadCpu earlier, long events, Predicate<String> which) {
        long nanos = 0;
        for (Map.Entry<String, Long> e : nanosByThread.entrySet()) {
            if (which.test(e.getKey())) {
                nanos += e.getValue() - earlier.nanosByThread.getOrDefault(e.getKey(), 0L);
            }
        }
        return nanos / 1e3 / events;
    }
}
