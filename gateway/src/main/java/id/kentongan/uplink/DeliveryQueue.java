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
 * last one held (which is then let go to the journal); so it goes ahead of any backlog of lower classes,
 * and within its class after the older events, held or still in the journal. Every event is known from
 * when it is held until its delivery mark is committed, so a scan never reads back what is queued, in
 * flight, or acknowledged but not yet marked. A lost connection puts what was in flight back in its place.
 *
 * <p>The backlog is read a {@link #PAGE} at a time, each read going on from the {@link Place} the last one
 * ended at, while the page before is still being sent: the window never waits for a read, and no read
 * walks again the rows it already holds. A read is also due as soon as the journal may hold a row that
 * goes before the next event held ({@link #scanDue}), memory full or not: what it reads goes ahead of
 * the events held last, which give way to it and go back to the journal. So the events of a class go
 * oldest first and a backlog of alarms is never passed by the heartbeats held behind it, an overload
 * that lets events go included (two reviews of 2026-12-02 found both broken; `DeliveryQueueTest` has
 * their cases). Until 2026-12-02 each read took all the room there was (4,096 rows, 60 ms
 * on a 2-core VM, with nothing in flight meanwhile), began at the first owed row, passing over the
 * 2,000-odd it held (`./kentongan bench --only P4`), and was due only once half of memory was free.
 *
 * <p>Threads: the {@code kentongan-uplink} thread only. No I/O but the {@link Backlog} the scan is given.
 */
final class DeliveryQueue {

    /** Events held in memory; beyond this the journal holds them until there is room. */
    static final int CAPACITY = 4096;
    /** Owed rows read back at a time, and the fewest held before the next read is due. */
    static final int PAGE = 512;
    static final Comparator<Event> ORDER =
            Comparator.comparingInt((Event e) -> e.priority().ordinal()).thenComparingLong(Event::seq);

    /**
     * The journal's undelivered rows, in delivery order, after the place ({@code afterClass},
     * {@code afterSeq}) ({@code afterClass} null: from the first), skipping those {@code skip} accepts.
     */
    @FunctionalInterface
    interface Backlog {
        List<Event> pending(Priority afterClass, long afterSeq, int limit, LongPredicate skip) throws SQLException;
    }

    /**
     * A place in delivery order, between rows: after the rows of the classes before {@code priority}
     * and those of its class up to {@code seq}. {@link #FIRST} is before every row.
     */
    record Place(Priority priority, long seq) {
        static final Place FIRST = new Place(null, -1);
        /** After every row: every owed row is known. */
        static final Place END = new Place(Priority.ofOrdinal(Priority.values().length - 1), Long.MAX_VALUE);

        static Place at(Event e) {
            return new Place(e.priority(), e.seq());
        }

        /** Just before {@code e}: the next read from here begins with it. */
        static Place before(Event e) {
            return new Place(e.priority(), e.seq() - 1);
        }

        /** Negative if this place is before {@code e}, zero right after it, positive later. */
        int compareTo(Event e) {
            if (priority == null) {
                return -1;
            }
            int c = Integer.compare(priority.ordinal(), e.priority().ordinal());
            return c != 0 ? c : Long.compare(seq, e.seq());
        }

        /** The earlier of this place and {@code other}. */
        Place min(Place other) {
            if (priority == null || other.priority == null) {
                return FIRST;
            }
            int c = Integer.compare(priority.ordinal(), other.priority.ordinal());
            return c < 0 || (c == 0 && seq <= other.seq) ? this : other;
        }
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
     * Where the next read goes on: every owed row before it is known (or one this gateway cannot read).
     * A row let go before it moves it back to that row; a new connection, or nothing held, to the first.
     */
    private Place readUpTo = Place.FIRST;
    /**
     * The classes of the events let go since the journal last had every one durable (a bit per class):
     * a row of theirs above the journal's committed sequence may not be there yet, so a read may pass
     * its place, and the reads go on from no later than (the most important such class, committed).
     */
    private int letGoClasses;

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
        if (readUpTo.compareTo(e) >= 0) {
            readUpTo = Place.before(e);
        }
        letGoClasses |= 1 << e.priority().ordinal();
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
            readUpTo = Place.FIRST;
        }
    }

    /** A new connection: whatever the journal owes is read back (a restart's backlog, marks lost with a broker). */
    void rescan() {
        scanWanted = true;
        readUpTo = Place.FIRST;
    }

    /** Whether the journal may still owe rows that are not held (a read that finds none says not). */
    boolean journalMayOweMore() {
        return scanWanted;
    }

    /**
     * Whether a {@link #scan} is due before the next {@link #take}: the journal may owe more, there is room,
     * and either fewer than a page are held or the journal's unread rows may go before the next event
     * held (they begin after where the last read ended: from the first, if it was sent back there). So a
     * backlog of alerts still in the journal is read as soon as the alerts held run out, not after the
     * heartbeats held behind them have gone (found in review, 2026-12-02: up to 489 went first; the
     * threshold before the pages, half of memory, let up to 2,048 go).
     */
    boolean scanDue() {
        if (!scanWanted) {
            return false;
        }
        return queue.size() < PAGE || readUpTo.compareTo(queue.first()) < 0;
    }

    /**
     * Reads back the next owed rows, a page at most and no more than there is room for, in delivery order.
     *
     * @param committed the journal's highest durable sequence, read before the scan
     * @return how many rows were read
     * @throws SQLException if the journal cannot be read (the scan stays due)
     */
    int scan(Backlog backlog, long committed) throws SQLException {
        // A page whatever the room: with little or none, what is read goes before what is held last (else the read
        // was not due), which gives way to it and goes back to the journal. Reading only the room, an overload
        // that lets events go read one row at every send.
        int limit = PAGE;
        List<Event> rows = backlog.pending(readUpTo.priority(), readUpTo.seq(), limit, known::contains);
        for (Event e : rows) {
            known.add(e.seq());
            queue.add(e);
        }
        boolean toTheEnd = rows.size() < limit; // every owed row after the place was walked
        Place next = rows.isEmpty() ? readUpTo : Place.at(rows.getLast());
        if (committed < maxLetGo && letGoClasses != 0) {
            Place notYet = new Place(Priority.ofOrdinal(Integer.numberOfTrailingZeros(letGoClasses)), committed);
            // walked to the end, every owed row before it is known; else no further than the last row read
            next = toTheEnd ? notYet : next.min(notYet);
        } else if (committed >= maxLetGo) {
            letGoClasses = 0;
            if (toTheEnd) {
                next = Place.END; // a row let go from now on moves it back to that row
            }
        }
        readUpTo = next;
        if (toTheEnd && committed >= maxLetGo) {
            scanWanted = false;
        }
        while (queue.size() > CAPACITY) {
            Event last = queue.pollLast();
            known.remove(last.seq());
            letGo(last);
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
