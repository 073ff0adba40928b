package id.kentongan.report;

import java.util.ArrayList;
import java.util.List;

/** CAP {@code references}: space-separated {@code sender,identifier,sent} triples. Stateless; any thread. */
final class References {

    /** More than a post ever names in one follow-up (it holds at most 256 alerts open). */
    static final int MAX = 1024;

    private References() {
    }

    /** The identifiers referenced, in order; malformed triples are passed over, and at most {@link #MAX}. */
    static List<String> identifiers(String refs) {
        List<String> ids = new ArrayList<>();
        if (refs == null) {
            return ids;
        }
        for (String triple : refs.trim().split("\\s+")) {
            String[] parts = triple.split(",");
            if (parts.length == 3 && !parts[1].isEmpty()) {
                ids.add(parts[1]);
                if (ids.size() == MAX) {
                    break;
                }
            }
        }
        return ids;
    }
}
