package id.kentongan.uplink;

import org.eclipse.paho.client.mqttv3.internal.wire.MqttPubAck;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packet limit under Paho, fed crafted MQTT bytes: what Paho would read, packet by packet, read as
 * Paho reads (its header byte by byte, its body in as many reads as it takes, a read timeout anywhere).
 */
class BoundedMqttInputTest {

    static final String TOPIC = "kentongan/v1/desa/pos-1/cmd/silence";
    static final int LIMIT = PacketLimit.MAX_PACKET_BYTES;

    final PacketLimit limit = new PacketLimit();
    long now;

    /** The wire: byte arrays as they are, and payloads of 'A' made as they are read, never held whole. */
    static final class Wire extends InputStream {
        private final List<Object> parts = new ArrayList<>();
        private int part;
        private long at;
        int maxRead = Integer.MAX_VALUE;
        int timeoutEvery;
        SplittableRandom random;
        long delivered;
        Runnable onRead = () -> { };
        private int reads;

        Wire bytes(byte[] b) {
            parts.add(b);
            return this;
        }

        Wire filler(long n) {
            parts.add(n);
            return this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            onRead.run();
            if (timeoutEvery > 0 && ++reads % timeoutEvery == 0) {
                throw new SocketTimeoutException("Read timed out");
            }
            while (part < parts.size()) {
                Object p = parts.get(part);
                long size = p instanceof byte[] a ? a.length : (Long) p;
                if (at == size) {
                    part++;
                    at = 0;
                    continue;
                }
                int n = (int) Math.min(Math.min(len, maxRead), size - at);
                if (random != null) {
                    n = 1 + random.nextInt(n);
                }
                if (p instanceof byte[] a) {
                    System.arraycopy(a, (int) at, b, off, n);
                } else {
                    Arrays.fill(b, off, off + n, (byte) 'A');
                }
                at += n;
                delivered += n;
                return n;
            }
            return -1;
        }
    }

    /** A whole PUBLISH whose payload is {@code payload} zero bytes. */
    static byte[] publish(String topic, int qos, int packetId, boolean retain, int payload) {
        byte[] header = publishHeader(topic, qos, packetId, retain, payload);
        return Arrays.copyOf(header, header.length + payload);
    }

    /** A PUBLISH's fixed and variable header, for a payload of {@code payload} bytes that follows it. */
    static byte[] publishHeader(String topic, int qos, int packetId, boolean retain, long payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30 | qos << 1 | (retain ? 1 : 0));
        long remaining = 2 + t.length + (qos > 0 ? 2 : 0) + payload;
        out.writeBytes(MqttWireMessage.encodeMBI(remaining));
        out.write(t.length >> 8);
        out.write(t.length & 0xFF);
        out.writeBytes(t);
        if (qos > 0) {
            out.write(packetId >> 8);
            out.write(packetId & 0xFF);
        }
        return out.toByteArray();
    }

    static final byte[] PINGRESP = {(byte) 0xD0, 0x00};

    /** The size of a PUBLISH on the wire whose payload is {@code payload} bytes. */
    static long packetBytes(String topic, int qos, long payload) {
        long remaining = 2 + topic.getBytes(StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0) + payload;
        return 1 + MqttWireMessage.encodeMBI(remaining).length + remaining;
    }

    /** The payload that makes a PUBLISH {@code total} bytes long on the wire (16 KiB to 2 MiB: a 3-byte length). */
    static int payloadFor(String topic, int qos, int total) {
        return total - 1 - 3 - 2 - topic.getBytes(StandardCharsets.UTF_8).length - (qos > 0 ? 2 : 0);
    }

    BoundedMqttInput bounded(Wire wire) {
        return new BoundedMqttInput(wire, limit, () -> now);
    }

    /**
     * Reads packets as Paho's MqttInputStream does: the first byte (a timeout there is harmless), the
     * rest of the fixed header byte by byte (a timeout there would lose Paho's place: it fails the
     * test), then the body, going on after timeouts; until the end of the stream.
     */
    static List<MqttWireMessage> readAsPaho(InputStream in) throws Exception {
        List<MqttWireMessage> got = new ArrayList<>();
        DataInputStream d = new DataInputStream(in);
        while (true) {
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (first < 0) {
                return got;
            }
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write(first);
            long remaining = MqttWireMessage.readMBI(d).getValue();
            header.writeBytes(MqttWireMessage.encodeMBI(remaining));
            byte[] packet = Arrays.copyOf(header.toByteArray(), header.size() + (int) remaining);
            int at = header.size();
            while (at < packet.length) {
                try {
                    int n = in.read(packet, at, packet.length - at);
                    if (n < 0) {
                        throw new EOFException();
                    }
                    at += n;
                } catch (SocketTimeoutException e) {
                    // Paho keeps what it has and reads on
                }
            }
            got.add(MqttWireMessage.createWireMessage(packet));
        }
    }

    @Test
    void publishes_within_the_limit_pass_byte_for_byte_at_qos_0_and_1_in_single_byte_reads() throws Exception {
        byte[] q0 = publish(TOPIC, 0, 0, false, 300);
        byte[] q1 = publish(TOPIC, 1, 7, false, payloadFor(TOPIC, 1, LIMIT));
        assertEquals(LIMIT, q1.length, "the largest packet the limit takes");
        Wire wire = new Wire().bytes(q0).bytes(q1).bytes(PINGRESP);
        wire.maxRead = 1;
        ByteArrayOutputStream through = new ByteArrayOutputStream();
        bounded(wire).transferTo(through);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        sent.writeBytes(q0);
        sent.writeBytes(q1);
        sent.writeBytes(PINGRESP);
        assertArrayEquals(sent.toByteArray(), through.toByteArray());
        assertEquals(0L, limit.counts().get("payloadDropped"));
    }

    @Test
    void a_huge_qos_1_publish_reaches_paho_with_its_topic_and_packet_id_and_no_payload_never_allocated()
            throws Exception {
        long payload = 200L * 1024 * 1024;
        Wire wire = new Wire().bytes(publishHeader(TOPIC, 1, 4242, false, payload)).filler(payload).bytes(PINGRESP);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        List<MqttWireMessage> got = readAsPaho(bounded(wire));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(2, got.size(), got.toString());
        MqttPublish p = assertInstanceOf(MqttPublish.class, got.get(0));
        assertEquals(TOPIC, p.getTopicName());
        assertEquals(4242, p.getMessageId());
        assertEquals(1, p.getMessage().getQos());
        assertEquals(0, p.getPayloadLength());
        assertEquals(MqttWireMessage.MESSAGE_TYPE_PINGRESP, got.get(1).getType(), "framing kept after the skip");
        assertEquals(wire.delivered, packetBytes(TOPIC, 1, payload) + 2, "every byte of the wire consumed");
        assertTrue(allocated < 1024 * 1024, "200 MB skipped with " + allocated + " bytes allocated");
        assertEquals(packetBytes(TOPIC, 1, payload), limit.takeDropped(TOPIC, 4242));
        assertEquals(-1, limit.takeDropped(TOPIC, 4242), "one note per dropped payload");
        assertEquals(1L, limit.counts().get("payloadDropped"));
    }

    @Test
    void a_retained_qos_0_publish_one_byte_over_the_limit_keeps_its_flags_and_loses_its_payload() throws Exception {
        int payload = payloadFor(TOPIC, 0, LIMIT + 1);
        Wire wire = new Wire().bytes(publish(TOPIC, 0, 0, true, payload));
        List<MqttWireMessage> got = readAsPaho(bounded(wire));
        MqttPublish p = assertInstanceOf(MqttPublish.class, got.get(0));
        assertTrue(p.getMessage().isRetained());
        assertEquals(0, p.getMessage().getQos());
        assertEquals(0, p.getPayloadLength());
        assertEquals(LIMIT + 1, limit.takeDropped(TOPIC, 0));
    }

    @Test
    void split_reads_and_read_timeouts_anywhere_never_lose_a_packet_or_fall_inside_a_header() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            PacketLimit l = new PacketLimit();
            Wire wire = new Wire();
            int published = 0;
            for (int i = 0; i < 30; i++) {
                boolean big = i % 3 == 0;
                long payload = big ? LIMIT + 1000L * i : 10L * i;
                wire.bytes(publishHeader(TOPIC + "/" + i, i % 2, i + 1, false, payload)).filler(payload);
                published++;
                if (i % 5 == 0) {
                    wire.bytes(PINGRESP);
                }
            }
            wire.random = new SplittableRandom(seed);
            wire.timeoutEvery = 3 + (int) (seed % 5);
            List<MqttWireMessage> got = readAsPaho(new BoundedMqttInput(wire, l, () -> 0));
            List<MqttPublish> publishes = got.stream().filter(m -> m instanceof MqttPublish)
                    .map(m -> (MqttPublish) m).toList();
            assertEquals(published, publishes.size(), "seed " + seed);
            assertEquals(6, got.size() - publishes.size(), "seed " + seed);
            for (int i = 0; i < publishes.size(); i++) {
                MqttPublish p = publishes.get(i);
                assertEquals(TOPIC + "/" + i, p.getTopicName());
                assertEquals(i % 3 == 0 ? 0 : 10 * i, p.getPayloadLength(), "seed " + seed + ", publish " + i);
            }
            assertEquals(10L, l.counts().get("payloadDropped"));
        }
    }

    @Test
    void a_slow_skip_hands_paho_a_puback_of_nothing_twice_a_second_so_its_keep_alive_holds() throws Exception {
        long payload = 2L * LIMIT;
        Wire wire = new Wire().bytes(publishHeader(TOPIC, 1, 9, false, payload)).filler(payload);
        wire.maxRead = 4096;
        wire.onRead = () -> now += TimeUnit.MILLISECONDS.toNanos(20); // a slow link: 4 KiB per 20 ms
        List<MqttWireMessage> got = readAsPaho(bounded(wire));
        List<MqttWireMessage> acks = got.stream().filter(m -> m instanceof MqttPubAck).toList();
        // 128 reads of 20 ms each: 2.56 s, a heartbeat after each 500 ms without one
        assertTrue(acks.size() >= 4 && acks.size() <= 6, acks.size() + " heartbeats");
        assertTrue(acks.stream().allMatch(a -> a.getMessageId() == 0), "id 0, which Paho never gives a message");
        assertInstanceOf(MqttPublish.class, got.get(got.size() - 1));
    }

    @Test
    void an_oversized_packet_of_another_kind_closes_the_connection_and_is_counted() throws Exception {
        ByteArrayOutputStream suback = new ByteArrayOutputStream();
        suback.write(0x90);
        suback.writeBytes(MqttWireMessage.encodeMBI(LIMIT));
        Wire wire = new Wire().bytes(suback.toByteArray()).filler(LIMIT);
        BoundedMqttInput in = bounded(wire);
        IOException e = assertThrows(IOException.class, () -> readAsPaho(in));
        assertTrue(e.getMessage().contains("type 9"), e.getMessage());
        assertThrows(IOException.class, in::read, "and stays closed");
        assertEquals(1L, limit.counts().get("connectionClosed"));
        assertTrue(wire.delivered < 16, "nothing of its body read: " + wire.delivered);
    }

    @Test
    void a_remaining_length_of_five_bytes_or_an_oversized_publish_at_qos_3_closes_the_connection() {
        Wire five = new Wire().bytes(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
        assertTrue(assertThrows(IOException.class, () -> readAsPaho(bounded(five))).getMessage()
                .contains("longer than four bytes"));
        ByteArrayOutputStream qos3 = new ByteArrayOutputStream();
        qos3.write(0x36);
        qos3.writeBytes(MqttWireMessage.encodeMBI(LIMIT));
        Wire three = new Wire().bytes(qos3.toByteArray()).filler(LIMIT);
        assertTrue(assertThrows(IOException.class, () -> readAsPaho(bounded(three))).getMessage().contains("QoS 3"));
    }
}
