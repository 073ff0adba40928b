package id.kentongan.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The people's side of the journal, once a gateway records it: residents' reports (kind {@code report},
 * {@code report-*}) and what became of each (the kind of the first follow-up that references it, for
 * example a confirmation or a dismissal), and the watch (kinds {@code shift-*}, {@code round-*},
 * {@code ronda-*}, {@code checkpoint}) by kind and by place. The report shows these sections only when
 * such events exist. Owned by the tally's thread; {@link #figures} once at the end.
 */
final class Community {

    static final int MAX_LISTED = 200;
    static final int MAX_TRACKED = 5_000;
    static final String OPEN = "open";

    /** A resident's report and its outcome ({@link #OPEN} while nothing followed it). */
    record Case(String post, String identifier, long raisedMs, boolean trusted, String zone, String outcome,
                long outcomeMs) {
    }

    record Figures(long reports, Map<String, Long> reportsByOutcome, List<Case> cases, Map<String, Long> watchByKind,
                   Map<String, Long> watchByPlace) {

        boolean hasReports() {
            return reports > 0;
        }

        boolean hasWatch() {
            return !watchByKind.isEmpty();
        }
    }

    private static final class Tracked {
        final Row row;
        String outcome = OPEN;
        long outcomeMs = Row.NONE;

        Tracked(Row row) {
            this.row = row;
        }
    }

    private long reports;
    private final Map<String, Tracked> byId = new HashMap<>();
    private final List<Tracked> order = new ArrayList<>();
    private final Counter watchByKind = new Counter();
    private final Counter watchByPlace = new Counter();

    static boolean isReport(String kind) {
        return kind.equals("report") || kind.startsWith("report-");
    }

    static boolean isWatch(String kind) {
        return kind.startsWith("shift-") || kind.startsWith("round-") || kind.startsWith("ronda-")
                || kind.equals("checkpoint");
    }

    /** An event of the window: @return whether it was the people's, and so counted here. */
    boolean take(Row r) {
        String kind = r.kind();
        if (isWatch(kind)) {
            watchByKind.add(kind);
            watchByPlace.add(kind + "\t" + r.source());
            return true;
        }
        if (!isReport(kind)) {
            return false;
        }
        if (r.refs() != null) { // a report's outcome journaled as an event of its own
            for (String id : References.identifiers(r.refs())) {
                followUp(r, id);
            }
            return true;
        }
        reports++;
        if (byId.size() < MAX_TRACKED) {
            Tracked t = new Tracked(r);
            byId.put(r.identifier(), t);
            order.add(t);
        }
        return true;
    }

    /** A follow-up referencing {@code identifier}: @return whether it was one of the reports here. */
    boolean followUp(Row r, String identifier) {
        Tracked t = byId.get(identifier);
        if (t == null) {
            return false;
        }
        if (t.outcomeMs == Row.NONE) {
            t.outcome = r.kind();
            t.outcomeMs = r.sentMs();
        }
        return true;
    }

    Figures figures() {
        Counter outcomes = new Counter();
        List<Case> cases = new ArrayList<>();
        for (Tracked t : order) {
            outcomes.add(t.outcome);
            if (cases.size() < MAX_LISTED) {
                cases.add(new Case(t.row.post(), t.row.identifier(), t.row.sentMs(), !t.row.unsynced(),
                        t.row.zone(), t.outcome, t.outcomeMs));
            }
        }
        if (reports > order.size()) {
            outcomes.add("…", reports - order.size());
        }
        return new Figures(reports, outcomes.sorted(), cases, watchByKind.sorted(), watchByPlace.sorted());
    }
}
