package id.kentongan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts by name (kind, zone, node), with a bound on how many names it keeps: a journal can hold any
 * string, and a report's heap must not grow with it. Past {@link #MAX_NAMES} names, the rest are counted
 * together under {@link #OTHERS}. Owned by the tally's thread.
 */
final class Counter {

    static final int MAX_NAMES = 200;
    static final String OTHERS = "…";

    private final Map<String, long[]> counts = new HashMap<>();

    void add(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        String key = name == null ? "" : name;
        long[] c = counts.get(key);
        if (c == null) {
            key = counts.size() < MAX_NAMES ? key : OTHERS;
            c = counts.computeIfAbsent(key, k -> new long[1]);
        }
        c[0] += n;
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Most first, then by name; the bucket of others last. */
    Map<String, Long> sorted() {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.<Map.Entry<String, long[]>>comparingInt(e -> e.getKey().equals(OTHERS) ? 1 : 0)
                .thenComparing(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
        Map<String, Long> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()[0]));
        return out;
    }
}
