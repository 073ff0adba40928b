package id.kentongan.uplink;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages beside the events, which the journal does not hold: answers to commands, residents'
 * messages, Home Assistant's, and alerts escalated to the village. A burst (thousands of refused
 * commands, each answered) waits its turn here instead of being lost to the client's in-flight limit,
 * and takes at most a window of in-flight slots, so the events keep theirs.
 *
 * <p>Bounded: past {@link #CAPACITY} waiting, the oldest message that is not an escalated alert gives
 * way, and is counted. An escalation never gives way to anything else, and an alert escalated again
 * while it still waits is not held twice; only when every message waiting is an escalation does the
 * oldest of them give way (counted apart), and that alert itself is still in the journal, published
 * again on its own topic until a centre acknowledges it.
 *
 * <p>Threads: the {@code kentongan-uplink} thread only.
 */
final class SideQueue {

    /** At most this many side messages wait. */
    static final int CAPACITY = 2048;

    /**
     * One message beside the events.
     *
     * @param alertSeq the escalated alert's sequence number, or 0 for any other message
     */
    record Side(String topic, byte[] payload, boolean retained, long alertSeq) {
        static Side message(String topic, byte[] payload, boolean retained) {
            return new Side(topic, payload, retained, 0);
        }

        static Side escalation(String topic, byte[] payload, long seq) {
            return new Side(topic, payload, false, seq);
        }

        boolean isAlert() {
            return alertSeq != 0;
        }
    }

    private final int capacity;
    private final int window;
    private final ArrayDeque<Side> waiting = new ArrayDeque<>();
    private int alertsWaiting;
    private int inFlight;
    private long messagesDropped;
    private long escalationsDropped;

    SideQueue(int window) {
        this(CAPACITY, window);
    }

    SideQueue(int capacity, int window) {
        this.capacity = capacity;
        this.window = window;
    }

    /** Queues {@code m}, making room if it must. */
    void add(Side m) {
        if (m.isAlert()) {
            for (Side w : waiting) {
                if (w.alertSeq() == m.alertSeq()) {
                    return; // already waiting: one copy goes
                }
            }
        }
        if (waiting.size() >= capacity && !makeRoom(m)) {
            return;
        }
        waiting.addLast(m);
        if (m.isAlert()) {
            alertsWaiting++;
        }
    }

    /** @return whether {@code m} may be queued: the oldest other message gave way, or none must */
    private boolean makeRoom(Side m) {
        if (alertsWaiting < waiting.size()) {
            for (Iterator<Side> it = waiting.iterator(); it.hasNext(); ) {
                if (!it.next().isAlert()) {
                    it.remove();
                    messagesDropped++;
                    return true;
                }
            }
        }
        if (!m.isAlert()) {
            messagesDropped++; // every message waiting is an escalation: this one gives way
            return false;
        }
        waiting.pollFirst();
        alertsWaiting--;
        escalationsDropped++;
        return true;
    }

    /** @return the next message to publish, or null when none waits or the side's window is full */
    Side next() {
        return inFlight < window ? waiting.peekFirst() : null;
    }

    /** The message {@link #next} gave was taken by the client. */
    void sent() {
        Side m = waiting.pollFirst();
        if (m != null && m.isAlert()) {
            alertsWaiting--;
        }
        inFlight++;
    }

    /** One sent message is done with (acknowledged or failed: side messages are not sent again). */
    void done() {
        inFlight = Math.max(0, inFlight - 1);
    }

    /** The connection is lost: whatever was in flight is gone with it, and the window is free again. */
    void lost() {
        inFlight = 0;
    }

    int waiting() {
        return waiting.size();
    }

    /** Messages that gave way, by kind: {@code message} (answers, residents, Home Assistant), {@code escalation}. */
    Map<String, Long> dropped() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("message", messagesDropped);
        m.put("escalation", escalationsDropped);
        return m;
    }
}
