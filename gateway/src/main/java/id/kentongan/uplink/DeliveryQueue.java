package id.kentongan.uplink;

import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * Which events the uplink owes the broker, in what order, and which are in flight: at most
 * {@link #CAPACITY} in memory in (priority, sequence) order, the rest left in the journal and read back
 * ({@link #scan}) as room frees. A fresh event is held if there is room or if it goes ahead of the
 * last one held (which is then let go to the journal); so it waits only behind the events held ahead
 * of it, and goes ahead of any backlog of lower classes and of its own class's rows still in the
 * journal. Every event is known from when it is held until its delivery mark is committed, so a scan never
 * reads back what is queued, in flight, or acknowledged but not yet marked. A lost connection puts
 * what was in flight back in its place.
 *
 * <p>Threads: the {@code kentongan-uplink} thread only. No I/O but the {@link Backlog} the scan is given.
 */
final class DeliveryQueue {

    /** Events held in memory; beyond this the journal holds them until there is room. */
    static final int CAPACITY = 4096;
    static final Comparator<Event> ORDER =
            Comparator.comparingInt((Event e) -> e.priority().ordinal()).thenComparingLong(Event::seq);

    /** The journal's undelivered rows, in delivery order, skipping those {@code skip} accepts. */
    @FunctionalInterface
    interface Backlog {
        List<Event> pending(int limit, LongPredicate skip) throws SQLException;
    }

    private final int window;
    private final TreeSet<Event> queue = new TreeSet<>(ORDER);
    private final Map<Long, Event> inFlight = new HashMap<>();
    /** Queued, in flight, or acknowledged with the journal's mark not yet committed: never read these back. */
    private final Set<Long> known = new HashSet<>();
    private boolean scanWanted = true;
    /** The highest sequence let go to the journal: until the journal has it durable, a scan may miss it. */
    private long maxLetGo;

    /**
     * @param window  events in flight at once
     * @param lastSeq the journal's last sequence at start (all of it durable)
     */
    DeliveryQueue(int window, long lastSeq) {
        this.window = window;
        this.maxLetGo = lastSeq;
    }

    /** A fresh event, or one the centre asked for again; @return whether it is held (else the journal has it) */
    boolean offer(Event e) {
        if (!known.add(e.seq())) {
            return true;
        }
        if (queue.size() >= CAPACITY) {
            Event last = queue.last();
            if (ORDER.compare(e, last) < 0) {
                queue.pollLast();
                known.remove(last.seq());
                letGo(last);
            } else {
                known.remove(e.seq());
                letGo(e);
                return false;
            }
        }
        queue.add(e);
        return true;
    }

    /** The journal still has it; it is read back once there is room. */
    private void letGo(Event e) {
        maxLetGo = Math.max(maxLetGo, e.seq());
        scanWanted = true;
    }

    /** @return the next event to send, now in flight, or null when the window is full or nothing waits */
    Event take() {
        if (inFlight.size() >= window || queue.isEmpty()) {
            return null;
        }
        Event e = queue.pollFirst();
        inFlight.put(e.seq(), e);
        return e;
    }

    /** The client refused {@code e} before sending it: it waits again in its place. */
    void refused(Event e) {
        inFlight.remove(e.seq());
        queue.add(e);
    }

    /** The broker acknowledged {@code seq}; @return the event, or null if it was not in flight */
    Event acknowledged(long seq) {
        return inFlight.remove(seq);
    }

    /** A send of {@code seq} failed on the current connection: it waits again in its place. */
    void failed(long seq) {
        Event e = inFlight.remove(seq);
        if (e != null) {
            queue.add(e);
        }
    }

    /** The connection is lost: whatever was in flight waits again, in its place; @return how many */
    int putBack() {
        int n = inFlight.size();
        queue.addAll(inFlight.values());
        inFlight.clear();
        return n;
    }

    /** These delivery marks are committed: the rows are no longer owed, and a scan will not find them. */
    void durable(long[] seqs) {
        for (long s : seqs) {
            known.remove(s);
        }
    }

    /** Nothing queued or in flight: ask the journal once more whether it still owes anything. */
    void idle() {
        if (queue.isEmpty() && inFlight.isEmpty()) {
            scanWanted = true;
        }
    }

    /** A new connection: whatever the journal owes is read back (a restart's backlog, marks lost with a broker). */
    void rescan() {
        scanWanted = true;
    }

    /** Whether a {@link #scan} is due: the journal may owe more, and at least half the room is free. */
    boolean scanDue() {
        return scanWanted && queue.size() <= CAPACITY / 2;
    }

    /**
     * Reads back as many owed rows as there is room for, in delivery order.
     *
     * @param committed the journal's highest durable sequence, read before the scan
     * @return how many rows were read
     * @throws SQLException if the journal cannot be read (the scan stays due)
     */
    int scan(Backlog backlog, long committed) throws SQLException {
        int room = CAPACITY - queue.size();
        List<Event> rows = backlog.pending(room, known::contains);
        for (Event e : rows) {
            known.add(e.seq());
            queue.add(e);
        }
        if (rows.size() < room && committed >= maxLetGo) {
            scanWanted = false;
        }
        return rows.size();
    }

    /** The centre asked for these rows again; @return how many were not already owed */
    int resend(List<Event> rows) {
        int queued = 0;
        for (Event e : rows) {
            if (known.add(e.seq())) {
                queue.add(e);
                queued++;
            }
        }
        return queued;
    }

    int inFlight() {
        return inFlight.size();
    }

    boolean isEmpty() {
        return queue.isEmpty() && inFlight.isEmpty();
    }

    /** Events held, not in flight, per class. */
    Map<Priority, Integer> queuedByClass() {
        Map<Priority, Integer> byClass = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            byClass.put(p, 0);
        }
        for (Event e : queue) {
            byClass.merge(e.priority(), 1, Integer::sum);
        }
        return byClass;
    }

    /** Sequences held, not in flight, in send order. */
    List<Long> queuedSeqs() {
        List<Long> out = new ArrayList<>();
        queue.forEach(e -> out.add(e.seq()));
        return out;
    }
}
