package id.kentongan.uplink;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The socket's input as Paho reads it, with MQTT's framing parsed on the way, so that no packet over
 * {@link PacketLimit#MAX_PACKET_BYTES} is ever buffered: Paho 1.2.5 allocates each packet whole, from
 * the length the broker declares, before any callback could look at it.
 *
 * <pre>
 * socket ──> fixed header ──> within the limit ──────────> header, then the body as it comes ──> Paho
 *                        └──> PUBLISH over it: topic and packet id kept, payload skipped unread,
 *                        │    the same PUBLISH with an empty payload ──> Paho (acknowledges it)
 *                        └──> any other type over it: the connection is closed
 * </pre>
 *
 * A packet's fixed header is handed on only once it is complete, because Paho loses its place if a
 * read timeout falls inside a header; every other state is kept in fields, so a timeout (the socket's
 * one-second read timeout, thrown through to Paho) can fall anywhere. While a long payload is skipped,
 * a PUBACK for packet id 0 is handed to Paho every {@link #HEARTBEAT_NANOS}: Paho counts it as traffic
 * from the broker (so its keep-alive does not give the link up halfway through a slow skip, and the
 * retained message would come again at every reconnect) and ignores it as an acknowledgement of
 * nothing, because Paho numbers its own QoS 1 and 2 messages from 1 and the post publishes nothing at
 * QoS 0, whose token would be keyed 0.
 *
 * <p>Runs on Paho's receiver thread ({@code MQTT Rec}), the only reader of its socket.
 */
final class BoundedMqttInput extends InputStream {

    private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final byte[] HEARTBEAT = {0x40, 0x02, 0x00, 0x00};

    private static final int PUBLISH = 3;

    private enum Phase { HEADER, TOPIC, SKIP }

    private final InputStream in;
    private final PacketLimit limit;
    private final LongSupplier nanos;
    private final byte[] buf = new byte[8192];
    private final byte[] one = new byte[1];
    private int pos;
    private int lim;

    /** Bytes to hand on before anything else is read: a fixed header, a trimmed PUBLISH, a heartbeat. */
    private byte[] out = new byte[0];
    private int outPos;
    private int outLen;
    /** Body bytes of a packet within the limit, handed on as they come. */
    private long pass;
    private long handedAt;
    private IOException failure;

    private Phase phase = Phase.HEADER;
    private final byte[] header = new byte[5];
    private int headerLen;
    private long remaining;
    private long packetBytes;
    /** An oversized PUBLISH's topic length, topic and packet id, as they arrive. */
    private byte[] variable;
    private int variableLen;
    private long skip;

    BoundedMqttInput(InputStream in, PacketLimit limit, LongSupplier nanos) {
        this.in = in;
        this.limit = limit;
        this.nanos = nanos;
        this.handedAt = nanos.getAsLong();
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (failure != null) {
            throw new IOException(failure.getMessage());
        }
        while (true) {
            if (outPos < outLen) {
                int n = Math.min(len, outLen - outPos);
                System.arraycopy(out, outPos, b, off, n);
                outPos += n;
                handedAt = nanos.getAsLong();
                return n;
            }
            if (pass > 0) {
                int n;
                if (pos < lim) {
                    n = (int) Math.min(Math.min(len, pass), lim - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                } else {
                    n = in.read(b, off, (int) Math.min(len, pass));
                    if (n < 0) {
                        return -1; // Paho reports the packet cut short
                    }
                }
                pass -= n;
                handedAt = nanos.getAsLong();
                return n;
            }
            if (!step()) {
                return -1;
            }
        }
    }

    @Override
    public int available() throws IOException {
        return (outLen - outPos) + (pass > 0 ? (int) Math.min(pass, lim - pos) : 0);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Moves the framing on until there is something to hand over; false at a clean end of stream. */
    private boolean step() throws IOException {
        switch (phase) {
            case HEADER -> {
                return header();
            }
            case TOPIC -> topic();
            case SKIP -> skip();
        }
        return true;
    }

    private boolean header() throws IOException {
        while (true) {
            int c = next();
            if (c < 0) {
                if (headerLen == 0) {
                    return false;
                }
                throw new EOFException("the broker closed the connection inside an MQTT header");
            }
            header[headerLen++] = (byte) c;
            if (headerLen >= 2 && (c & 0x80) == 0) {
                break;
            }
            if (headerLen == header.length) {
                throw fail("an MQTT remaining length longer than four bytes");
            }
        }
        remaining = 0;
        for (int i = headerLen - 1; i >= 1; i--) {
            remaining = (remaining << 7) | (header[i] & 0x7F);
        }
        packetBytes = headerLen + remaining;
        int type = (header[0] & 0xFF) >>> 4;
        int length = headerLen;
        headerLen = 0;
        if (packetBytes <= PacketLimit.MAX_PACKET_BYTES) {
            emit(header, length); // read out before the next header is parsed into it
            pass = remaining;
            return true;
        }
        if (type != PUBLISH) {
            limit.closed();
            throw fail("an MQTT packet of type " + type + " and " + packetBytes + " bytes is over the limit of "
                    + PacketLimit.MAX_PACKET_BYTES + ": connection closed");
        }
        if (qos() == 3) {
            throw fail("a PUBLISH with QoS 3");
        }
        variable = new byte[2];
        variableLen = 0;
        phase = Phase.TOPIC;
        return true;
    }

    private int qos() {
        return (header[0] >> 1) & 3;
    }

    /** Reads an oversized PUBLISH's topic length, topic and packet id (at most 65,539 bytes). */
    private void topic() throws IOException {
        while (variableLen < variable.length) {
            int c = next();
            if (c < 0) {
                throw new EOFException("the broker closed the connection inside a PUBLISH");
            }
            variable[variableLen++] = (byte) c;
            if (variableLen == 2 && variable.length == 2) {
                int topicLength = ((variable[0] & 0xFF) << 8) | (variable[1] & 0xFF);
                int size = 2 + topicLength + (qos() > 0 ? 2 : 0);
                if (size > remaining) {
                    throw fail("a PUBLISH whose topic is longer than the packet");
                }
                variable = Arrays.copyOf(variable, size);
            }
        }
        skip = remaining - variable.length;
        phase = Phase.SKIP;
    }

    /** Skips the payload without keeping it, then hands Paho the PUBLISH without it. */
    private void skip() throws IOException {
        while (skip > 0) {
            if (nanos.getAsLong() - handedAt >= HEARTBEAT_NANOS) {
                emit(HEARTBEAT, HEARTBEAT.length);
                return;
            }
            if (pos < lim) {
                int n = (int) Math.min(lim - pos, skip);
                pos += n;
                skip -= n;
                continue;
            }
            int n = in.read(buf, 0, (int) Math.min(buf.length, skip));
            if (n < 0) {
                throw new EOFException("the broker closed the connection inside a PUBLISH's payload");
            }
            skip -= n;
        }
        int topicLength = ((variable[0] & 0xFF) << 8) | (variable[1] & 0xFF);
        String topic = new String(variable, 2, topicLength, StandardCharsets.UTF_8);
        int packetId = qos() > 0 ? ((variable[2 + topicLength] & 0xFF) << 8) | (variable[3 + topicLength] & 0xFF) : 0;
        byte[] trimmed = new byte[1 + lengthBytes(variable.length) + variable.length];
        trimmed[0] = header[0];
        int at = 1;
        for (int v = variable.length; ; ) {
            int digit = v & 0x7F;
            v >>>= 7;
            trimmed[at++] = (byte) (v > 0 ? digit | 0x80 : digit);
            if (v == 0) {
                break;
            }
        }
        System.arraycopy(variable, 0, trimmed, at, variable.length);
        variable = null;
        phase = Phase.HEADER;
        limit.dropped(topic, packetId, packetBytes);
        emit(trimmed, trimmed.length);
    }

    private static int lengthBytes(int remainingLength) {
        return remainingLength < 128 ? 1 : remainingLength < 16_384 ? 2 : 3;
    }

    private void emit(byte[] bytes, int length) {
        out = bytes;
        outPos = 0;
        outLen = length;
    }

    /** The next byte from the socket, or -1 at its end; a read timeout is thrown through. */
    private int next() throws IOException {
        while (pos == lim) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return -1;
            }
            pos = 0;
            lim = n;
        }
        return buf[pos++] & 0xFF;
    }

    private IOException fail(String why) {
        failure = new IOException(why);
        return failure;
    }
}
