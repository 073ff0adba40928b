package id.kentongan.post;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One request line of the control socket, gathered from reads as they come into a buffer of fixed
 * size: a line that does not end within it is refused, never buffered further. A line ends at its
 * newline, or where the client stops sending (as {@code BufferedReader.readLine} took it before).
 *
 * <p>Threads: one at a time (the control socket's owner thread).
 */
final class RequestLine {

    /** What the bytes so far make. */
    sealed interface Outcome {
    }

    /** No newline yet, and room for more. */
    record Incomplete() implements Outcome {
    }

    /** A whole line, without its newline. */
    record Line(String text) implements Outcome {
    }

    /** The buffer is full and holds no newline. */
    record TooLong() implements Outcome {
    }

    /** The line is not UTF-8. */
    record NotUtf8() implements Outcome {
    }

    /** The client stopped sending before it sent anything. */
    record Empty() implements Outcome {
    }

    private final ByteBuffer buf;

    RequestLine(int maxBytes) {
        this.buf = ByteBuffer.allocate(maxBytes);
    }

    /** Reads what {@code in} has now (a non-blocking channel may have nothing) and says what it made. */
    Outcome readFrom(ReadableByteChannel in) throws IOException {
        int scanned = buf.position();
        int n = in.read(buf);
        for (int i = scanned; i < buf.position(); i++) {
            if (buf.get(i) == '\n') {
                return decode(i);
            }
        }
        if (n < 0) {
            return buf.position() == 0 ? new Empty() : decode(buf.position());
        }
        return buf.hasRemaining() ? new Incomplete() : new TooLong();
    }

    private Outcome decode(int end) {
        int len = end > 0 && buf.get(end - 1) == '\r' ? end - 1 : end;
        try {
            return new Line(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf.slice(0, len)).toString());
        } catch (CharacterCodingException e) {
            return new NotUtf8();
        }
    }
}
