package id.kentongan.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The post watching itself, from its supervision events: uplink outages and their length, field nodes
 * falling silent and returning, low batteries, power lost, journal faults, and the clock. Lengths come from
 * stamps only when both ends were made on a trusted clock. Owned by the tally's thread; {@link #figures}
 * once at the end.
 */
final class Equipment {

    /** Outages and clock jumps listed one by one, at most; the rest are counted. */
    static final int MAX_LISTED = 200;
    static final int MAX_NODES = 500;

    /**
     * An uplink outage. The post raises {@code uplink-lost} once the link has been down for its
     * {@code uplink.lost_after} (60 s by default) and delivers it when the link is back, so its length here
     * runs from that raise to the delivery: the link was down that much longer.
     *
     * @param lengthMs -1 when unknown: never delivered (still down at the report's end), or an untrusted clock
     */
    record Outage(String post, long lostMs, boolean trusted, long backMs, long lengthMs) {
    }

    /** A field node's silences (ended by its return) and low batteries. */
    record Node(String post, String node, long silences, long silentMs, boolean silentNow, long lowBatteries) {
    }

    record Figures(List<Outage> outages, long outageCount, long outageMs, long longestOutageMs, List<Node> nodes,
                   long powerLost, long journalFailing, long journalDamaged, long journalRecovered, long clockJumps,
                   List<Double> jumpSeconds, long clockSynchronised, Map<String, Long> other) {

        boolean isEmpty() {
            return outageCount == 0 && nodes.isEmpty() && powerLost == 0 && journalFailing == 0
                    && journalDamaged == 0 && journalRecovered == 0 && clockJumps == 0 && clockSynchronised == 0
                    && other.isEmpty();
        }
    }

    private static final class NodeState {
        final String post;
        final String node;
        long silences;
        long silentMs;
        long silentSince = Row.NONE;
        boolean silentSinceTrusted;
        long lowBatteries;

        NodeState(String post, String node) {
            this.post = post;
            this.node = node;
        }
    }

    private final List<Outage> outages = new ArrayList<>();
    private long outageCount;
    private long outageMs;
    private long longestOutageMs;
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private long powerLost;
    private long journalFailing;
    private long journalDamaged;
    private long journalRecovered;
    private long clockJumps;
    private final List<Double> jumpSeconds = new ArrayList<>();
    private long clockSynchronised;
    private final Counter other = new Counter();
    private final Map<String, Long> perPostOutages = new HashMap<>();

    /** A supervision alert stamped in the window. */
    void alert(Row r) {
        switch (r.kind()) {
            case "uplink-lost" -> outage(r);
            case "node-silent" -> {
                NodeState n = node(r);
                if (n != null) {
                    n.silences++;
                    n.silentSince = r.sentMs();
                    n.silentSinceTrusted = !r.unsynced();
                }
            }
            case "node-returned" -> {
                NodeState n = node(r);
                if (n != null && n.silentSince != Row.NONE) {
                    if (n.silentSinceTrusted && !r.unsynced() && r.sentMs() >= n.silentSince) {
                        n.silentMs += r.sentMs() - n.silentSince;
                    }
                    n.silentSince = Row.NONE;
                }
            }
            case "low-battery" -> {
                NodeState n = node(r);
                if (n != null) {
                    n.lowBatteries++;
                }
            }
            case "power-lost" -> powerLost++;
            case "journal-failing" -> journalFailing++;
            case "journal-damaged" -> journalDamaged++;
            case "journal-recovered" -> journalRecovered++;
            case "clock-jumped" -> {
                clockJumps++;
                if (r.value() != null && jumpSeconds.size() < MAX_LISTED) {
                    jumpSeconds.add(r.value());
                }
            }
            case "clock-synchronised" -> clockSynchronised++;
            default -> other.add(r.kind());
        }
    }

    private void outage(Row r) {
        outageCount++;
        perPostOutages.merge(r.post(), 1L, Long::sum);
        boolean trusted = !r.unsynced();
        long length = trusted && r.deliveredMs() != Row.NONE && r.deliveredMs() >= r.sentMs()
                ? r.deliveredMs() - r.sentMs() : -1;
        if (length >= 0) {
            outageMs += length;
            longestOutageMs = Math.max(longestOutageMs, length);
        }
        if (outages.size() < MAX_LISTED) {
            outages.add(new Outage(r.post(), r.sentMs(), trusted, r.deliveredMs(), length));
        }
    }

    private NodeState node(Row r) {
        String key = r.post() + "\n" + r.source();
        NodeState n = nodes.get(key);
        if (n == null && nodes.size() < MAX_NODES) {
            n = new NodeState(r.post(), r.source());
            nodes.put(key, n);
        }
        return n;
    }

    long outagesOf(String post) {
        return perPostOutages.getOrDefault(post, 0L);
    }

    Figures figures() {
        List<Node> ns = new ArrayList<>();
        for (NodeState n : nodes.values()) {
            ns.add(new Node(n.post, n.node, n.silences, n.silentMs, n.silentSince != Row.NONE, n.lowBatteries));
        }
        return new Figures(List.copyOf(outages), outageCount, outageMs, longestOutageMs, ns, powerLost,
                journalFailing, journalDamaged, journalRecovered, clockJumps, List.copyOf(jumpSeconds),
                clockSynchronised, other.sorted());
    }
}
