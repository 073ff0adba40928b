package id.kentongan.it;

import id.kentongan.alert.Priority;
import id.kentongan.fixtures.AckingCentre;
import id.kentongan.fixtures.JournalFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The fault harnesses' counting: the journal (what the post took, and what the broker PUBACKed) against
 * what a command centre received. Made once the run is over; single thread.
 */
final class Tally {

    final List<JournalFile.Row> rows;
    final Map<String, JournalFile.Row> byId = new HashMap<>();
    final AckingCentre centre;
    /** The post's events as they arrived at the centre, duplicates included, in arrival order. */
    final List<AckingCentre.Arrival> arrivals;
    final Map<String, List<AckingCentre.Arrival>> copies = new LinkedHashMap<>();
    /** Filled by {@link #orderBreaks}: first arrivals checked, and alarms exempt as re-sent. */
    long orderChecked;
    long orderExempt;

    Tally(List<JournalFile.Row> rows, AckingCentre centre) {
        this.rows = rows;
        this.centre = centre;
        rows.forEach(r -> byId.put(r.identifier(), r));
        this.arrivals = centre.arrivals().stream().filter(a -> a.alert() != null).toList();
        arrivals.forEach(a -> copies.computeIfAbsent(a.alert().identifier(), k -> new ArrayList<>()).add(a));
    }

    /** What a centre acknowledges and the post re-publishes until it does: a life-safety or security alert. */
    static boolean isAlarm(JournalFile.Row r) {
        return r.priority() <= Priority.SECURITY.ordinal() && r.msgType().equals("Alert");
    }

    List<JournalFile.Row> of(Priority p) {
        return rows.stream().filter(r -> r.priority() == p.ordinal()).toList();
    }

    /** Journaled events of class {@code p} that never reached the centre. */
    List<String> lost(Priority p) {
        return of(p).stream().map(JournalFile.Row::identifier).filter(id -> !copies.containsKey(id)).toList();
    }

    List<String> unpubacked(Priority p) {
        return of(p).stream().filter(r -> r.deliveredMs() == null).map(JournalFile.Row::identifier).toList();
    }

    List<String> unacknowledged() {
        Set<String> acked = centre.acknowledged();
        return rows.stream().filter(Tally::isAlarm).map(JournalFile.Row::identifier).filter(id -> !acked.contains(id))
                .toList();
    }

    /** Identifiers the centre received that the journal never had. */
    List<String> strangers() {
        return copies.keySet().stream().filter(id -> !byId.containsKey(id)).toList();
    }

    /** Identifiers whose copies are not byte for byte the same. */
    List<String> copiesThatDiffer() {
        return copies.entrySet().stream().filter(e -> e.getValue().stream()
                .anyMatch(a -> !Arrays.equals(a.payload(), e.getValue().get(0).payload()))).map(Map.Entry::getKey)
                .toList();
    }

    /** A node's event (its node, boot and seq) journaled as more than one row. */
    List<String> journaledTwice() {
        Map<String, Integer> n = new HashMap<>();
        rows.stream().filter(r -> r.sourceRef() != null)
                .forEach(r -> n.merge(r.source() + "/" + r.sourceRef(), 1, Integer::sum));
        return n.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    /**
     * Order within a priority class. A broker that dies loses what it held, and the post then sends it
     * again, so arrival order across a kill means little; what holds, and what is checked, is this:
     * over one connection of the centre (which ends at the latest when its broker dies), the events of
     * one class that the centre had not received before arrive in increasing journal sequence. Exempt
     * are only alarms raised before that connection's subscriptions were granted: the post re-publishes
     * an unacknowledged alarm (its first copy may have died with a broker, or been published before the
     * centre had subscribed again), so such a copy comes after newer events by design.
     *
     * @return the breaks, as "class: seq A after seq B in connection N"
     */
    List<String> orderBreaks() {
        Set<String> seen = new HashSet<>();
        Map<String, Long> last = new HashMap<>();
        List<String> breaks = new ArrayList<>();
        orderChecked = 0;
        orderExempt = 0;
        for (AckingCentre.Arrival a : arrivals) {
            JournalFile.Row r = byId.get(a.alert().identifier());
            if (r == null || !seen.add(r.identifier())) {
                continue; // a stranger (reported apart) or a copy of what the centre had
            }
            Long subscribed = centre.subscribedAt(a.connection());
            if (isAlarm(r) && (subscribed == null || r.sentMs() < subscribed)) {
                orderExempt++;
                continue;
            }
            orderChecked++;
            String key = a.connection() + "/" + r.priority();
            Long before = last.put(key, r.seq());
            if (before != null && r.seq() < before) {
                breaks.add(Priority.ofOrdinal(r.priority()).wireName() + ": seq " + r.seq() + " after seq " + before
                        + " in connection " + a.connection());
            }
        }
        return breaks;
    }

    /** The counting tables, as Markdown. */
    String table(long kills, double loadSeconds, double settleSeconds, Map<String, LongAdder> sent,
                 Map<String, LongAdder> answered, long unanswered) {
        StringBuilder b = new StringBuilder();
        long total = sent.values().stream().mapToLong(LongAdder::sum).sum();
        b.append(String.format("%n%,d events sent in %.0f s (%.0f/s), %d broker SIGKILLs; settled %.0f s after the "
                + "load; centre connections: %d%n%n", total, loadSeconds, total / loadSeconds, kills, settleSeconds,
                centre.connections()));
        b.append("| input | sent | acknowledged to the node / pressed | new journal rows |\n|---|--:|--:|--:|\n");
        Map<String, Predicate<JournalFile.Row>> made = new LinkedHashMap<>();
        made.put("node level", r -> r.source().equals("sungai-1") && r.kind().equals("level"));
        made.put("node flood", r -> r.source().equals("sungai-1") && r.kind().equals("flood"));
        made.put("node panic", r -> r.source().equals("masjid-1") && r.kind().equals("panic"));
        made.put("node fire", r -> r.source().equals("masjid-1") && r.kind().equals("fire"));
        made.put("press panic-1", r -> r.source().equals("panic-1"));
        made.put("press tamper-1", r -> r.source().equals("tamper-1"));
        made.put("press door-1", r -> r.source().equals("door-1"));
        made.put("press silence", r -> r.kind().equals("siren-silenced"));
        made.forEach((k, p) -> b.append(String.format("| %s | %,d | %,d | %,d |%n", k, count(sent, k),
                count(answered, k), rows.stream().filter(p).count())));
        b.append(String.format("| centre's signed acks | %,d (+%,d while the broker was down) | %,d accepted, "
                        + "refused %s | %,d |%n", centre.acksSent(), centre.acksNotSent(), centre.acknowledged().size(),
                centre.rejections(), rows.stream().filter(r -> r.kind().equals("acknowledged")).count()));
        b.append(String.format("%nnode events unanswered after five tries: %d%n%n", unanswered));
        b.append("| class | journaled | PUBACKed | received by the centre | duplicates (same identifier) | lost "
                + "| of which PUBACKed, then lost by the broker |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (Priority p : Priority.values()) {
            row(b, p.wireName(), of(p));
        }
        row(b, "all", rows);
        List<String> breaks = orderBreaks();
        b.append(String.format("%norder within a class: %,d first arrivals checked, %,d re-sent alarms exempt, "
                + "%d breaks%n", orderChecked, orderExempt, breaks.size()));
        return b.toString();
    }

    private void row(StringBuilder b, String name, List<JournalFile.Row> of) {
        long pubacked = of.stream().filter(r -> r.deliveredMs() != null).count();
        long received = of.stream().filter(r -> copies.containsKey(r.identifier())).count();
        long copiesOf = of.stream().mapToLong(r -> copies.getOrDefault(r.identifier(), List.of()).size()).sum();
        long lostAfterPuback = of.stream().filter(r -> r.deliveredMs() != null && !copies.containsKey(r.identifier()))
                .count();
        b.append(String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d |%n", name, of.size(), pubacked, received,
                copiesOf - received, of.size() - received, lostAfterPuback));
    }

    private static long count(Map<String, LongAdder> m, String k) {
        LongAdder a = m.get(k);
        return a == null ? 0 : a.sum();
    }
}
