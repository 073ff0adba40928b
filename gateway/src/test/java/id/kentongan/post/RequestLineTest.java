package id.kentongan.post;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The control socket's request line: gathered from reads as they come, never longer than its buffer. */
class RequestLineTest {

    /** Gives its chunks one read at a time, then end of stream (or nothing more, if it stays open). */
    static final class Chunks implements ReadableByteChannel {
        final Deque<byte[]> chunks = new ArrayDeque<>();
        final boolean staysOpen;

        Chunks(boolean staysOpen, String... parts) {
            this.staysOpen = staysOpen;
            for (String p : parts) {
                chunks.add(p.getBytes(StandardCharsets.UTF_8));
            }
        }

        Chunks(boolean staysOpen, byte[] part) {
            this.staysOpen = staysOpen;
            chunks.add(part);
        }

        @Override
        public int read(ByteBuffer dst) {
            byte[] next = chunks.peek();
            if (next == null) {
                return staysOpen ? 0 : -1;
            }
            int n = Math.min(dst.remaining(), next.length);
            dst.put(next, 0, n);
            chunks.pop();
            if (n < next.length) {
                chunks.push(java.util.Arrays.copyOfRange(next, n, next.length));
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    static List<RequestLine.Outcome> readAll(RequestLine line, ReadableByteChannel in, int reads) throws Exception {
        List<RequestLine.Outcome> out = new java.util.ArrayList<>();
        for (int i = 0; i < reads; i++) {
            out.add(line.readFrom(in));
        }
        return out;
    }

    @Test
    void a_line_sent_in_pieces_is_whole_only_at_its_newline() throws Exception {
        var in = new Chunks(true, "{\"op\"", ":\"sta", "tus\"}\r\n");
        var outcomes = readAll(new RequestLine(4096), in, 3);
        assertInstanceOf(RequestLine.Incomplete.class, outcomes.get(0));
        assertInstanceOf(RequestLine.Incomplete.class, outcomes.get(1));
        assertEquals(new RequestLine.Line("{\"op\":\"status\"}"), outcomes.get(2));
    }

    @Test
    void a_line_that_fills_the_buffer_without_a_newline_is_too_long_and_nothing_more_is_read() throws Exception {
        var in = new Chunks(true, "A".repeat(10_000));
        RequestLine line = new RequestLine(4096);
        assertInstanceOf(RequestLine.TooLong.class, line.readFrom(in));
        assertEquals(10_000 - 4096, in.chunks.peek().length, "the rest stays unread");
    }

    @Test
    void a_line_that_ends_on_the_buffers_last_byte_is_whole() throws Exception {
        String text = "B".repeat(4095);
        assertEquals(new RequestLine.Line(text), new RequestLine(4096).readFrom(new Chunks(true, text + "\n")));
    }

    @Test
    void a_client_that_stops_sending_ends_its_line_or_sent_nothing() throws Exception {
        RequestLine line = new RequestLine(4096);
        var outcomes = readAll(line, new Chunks(false, "{\"op\":\"status\"}"), 2);
        assertEquals(new RequestLine.Line("{\"op\":\"status\"}"), outcomes.get(1));
        assertInstanceOf(RequestLine.Empty.class, new RequestLine(4096).readFrom(new Chunks(false)));
    }

    @Test
    void a_line_that_is_not_utf8_is_refused() throws Exception {
        byte[] bad = {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'};
        assertInstanceOf(RequestLine.NotUtf8.class, new RequestLine(4096).readFrom(new Chunks(true, bad)));
    }
}
