package id.kentongan.uplink;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest MQTT packet the post takes in, and what became of those that were larger. The limit is
 * enforced under Paho, by {@link BoundedMqttInput}, before Paho allocates a packet: Paho 1.2.5 reads a
 * whole packet into one array before any callback, so a 60 MB message on a command topic would end a
 * 48 MB heap. An oversized PUBLISH reaches Paho with its payload dropped unread (Paho still acknowledges
 * it, so the broker's in-flight window never stalls), and the receiver learns here how large it was.
 *
 * <p>Thread-safe: the filter records from Paho's receiver thread ({@code MQTT Rec}), the callback
 * thread takes the notes, the uplink thread reads the counts.
 */
public final class PacketLimit {

    /**
     * 256 KiB per MQTT packet, header included, agreed with the broker configurations (Mosquitto's
     * {@code max_packet_size} in the docs, the embedded broker's limit): far above anything a post is
     * sent (a signed command is at most {@link CommandGuard#CAP_COMMAND_BYTES}), far below the heap a
     * post has (-Xmx48m), so even a broker without the limit cannot make the post buffer more.
     */
    public static final int MAX_PACKET_BYTES = 256 * 1024;

    /** Notes kept for the callback thread; more than this in flight means they are stale anyway. */
    private static final int NOTES = 64;

    /** An oversized PUBLISH whose payload was dropped: topic, packet id (0 at QoS 0), declared size. */
    private record Dropped(String topic, int packetId, long packetBytes) {
    }

    private final AtomicLong payloadsDropped = new AtomicLong();
    private final AtomicLong connectionsClosed = new AtomicLong();
    private final ArrayDeque<Dropped> notes = new ArrayDeque<>();

    /** Receiver thread: an oversized PUBLISH goes on to Paho without its payload. */
    void dropped(String topic, int packetId, long packetBytes) {
        payloadsDropped.incrementAndGet();
        synchronized (notes) {
            if (notes.size() == NOTES) {
                notes.pollFirst();
            }
            notes.addLast(new Dropped(topic, packetId, packetBytes));
        }
    }

    /** Receiver thread: an oversized packet of another type; the connection is closed. */
    void closed() {
        connectionsClosed.incrementAndGet();
    }

    /**
     * Callback thread, for a message that arrived with an empty payload: how large it was on the wire,
     * or -1 if it really was empty. At QoS 1 the packet id tells messages apart (the broker reuses it only
     * once the post has acknowledged it); at QoS 0 the oldest note for the topic is taken. A note whose
     * message Paho never delivered (the connection was lost in between) ages out of the bounded list.
     */
    long takeDropped(String topic, int packetId) {
        synchronized (notes) {
            for (Iterator<Dropped> it = notes.iterator(); it.hasNext(); ) {
                Dropped d = it.next();
                if (d.packetId() == packetId && d.topic().equals(topic)) {
                    it.remove();
                    return d.packetBytes();
                }
            }
            return -1;
        }
    }

    /** For the status: oversized packets by what was done with them. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("payloadDropped", payloadsDropped.get());
        m.put("connectionClosed", connectionsClosed.get());
        return m;
    }
}
