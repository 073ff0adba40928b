package id.kentongan.sms;

import id.kentongan.config.PhoneNumber;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's reason for a message it could not send. The files backend moves such a message to
 * {@code error/} and says why only in its log: after {@code New message to send: <file>} come its
 * {@code Error ...} lines. This reads the log's new lines each turn (at most {@link #MAX_READ} bytes,
 * lines cut at {@link #MAX_LINE}), keeps the last reason per message (a bounded memory), and masks
 * every number in it: the daemon logs numbers, the post never does.
 *
 * <p>Threads: the {@code kentongan-sms} thread only.
 */
final class DaemonLog {

    static final int MAX_READ = 64 * 1024;
    static final int MAX_LINE = 1024;
    private static final int REMEMBERED = 256;
    private static final Pattern NEW = Pattern.compile("New message to send: (\\S+)");
    private static final Pattern REASON = Pattern.compile(
            "((?:Error|Failed|Moved to errorbox|Unknown SMS state)[^\\r\\n]*)", Pattern.CASE_INSENSITIVE);

    private final Path file;
    private long offset;
    private String current;
    private final StringBuilder partial = new StringBuilder();
    private final LinkedHashMap<String, String> reasons = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param file the daemon's {@code LogFile}, or {@code null} when the post cannot read it */
    DaemonLog(Path file) {
        this.file = file;
    }

    /** Reads what the daemon logged since the last turn. */
    void read() throws IOException {
        if (file == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) { // rotated or truncated: start over
                offset = 0;
                partial.setLength(0);
            }
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(MAX_READ, size - offset));
            while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                // read on
            }
            offset += b.position();
            b.flip();
            feed(StandardCharsets.UTF_8.decode(b).toString());
        } catch (NoSuchFileException e) {
            offset = 0;
        }
    }

    void feed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line(partial.toString());
                partial.setLength(0);
            } else if (partial.length() < MAX_LINE) {
                partial.append(c);
            }
        }
    }

    private void line(String line) {
        Matcher m = NEW.matcher(line);
        if (m.find()) {
            current = m.group(1);
            return;
        }
        if (current == null) {
            return;
        }
        Matcher r = REASON.matcher(line);
        if (r.find()) {
            reasons.put(current, PhoneNumber.maskAll(r.group(1).strip()));
        }
    }

    /** The daemon's last word on file {@code name}, numbers masked, or {@code null}. */
    String reason(String name) {
        return reasons.get(name);
    }
}
