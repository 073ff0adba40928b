package id.kentongan.uplink;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages beside the events, which the journal does not hold: answers to commands, residents'
 * messages, Home Assistant's, and alerts escalated to the village. A burst (thousands of refused
 * commands, each answered) waits its turn here instead of being lost to the client's in-flight limit,
 * and takes at most a window of in-flight slots, so the events keep theirs.
 *
 * <p>Bounded: past {@link #CAPACITY} waiting, the oldest gives way, and is counted.
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

    /** Queues {@code m}; past the capacity the oldest waiting gives way. */
    void add(Side m) {
        if (waiting.size() >= capacity) {
            waiting.pollFirst();
            messagesDropped++;
        }
        waiting.addLast(m);
    }

    /** @return the next message to publish, or null when none waits or the side's window is full */
    Side next() {
        return inFlight < window ? waiting.peekFirst() : null;
    }

    /** The message {@link #next} gave was taken by the client. */
    void sent() {
        waiting.pollFirst();
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
