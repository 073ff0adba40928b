package id.kentongan.sms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the daemon received, read from its {@code inbox/}: outside input, so every file is bounded in
 * size before it is read and parsed strictly. The daemon names each part {@code
 * IN<date>_<time>_<serial>_<sender>_<part>.<ext>} and writes it in place, not by rename, so a message is
 * taken only once its files have stood unchanged for a settle time; the parts of a long message are
 * joined in order. Anything else in the folder is refused with a reason, and every file read is
 * deleted by the caller once handled: the folder cannot grow.
 *
 * <p>Threads: the {@code kentongan-sms} thread only.
 */
final class InboxReader {

    /** Why a received message was not taken. */
    enum Refusal { MALFORMED, OVERSIZED, BINARY }

    /** One message, whole or refused; {@code files} are the caller's to delete once it is handled. */
    sealed interface Message permits Taken, Refused {
        List<Path> files();
    }

    /** @param sender as the daemon wrote it: a number, or an operator's name */
    record Taken(String sender, String text, List<Path> files) implements Message {
    }

    record Refused(Refusal reason, String sender, String detail, List<Path> files) implements Message {
    }

    /** One SMS part, as UTF-16 with its mark, is at most 322 bytes; a little room, no more. */
    static final int MAX_FILE = 512;
    /** A report needs no more than four SMS; a longer message is refused whole. */
    static final int MAX_PARTS = 4;
    static final long SETTLE_NANOS = 1_000_000_000L;

    private static final Pattern NAME =
            Pattern.compile("IN([0-9]{8}_[0-9]{6}_[0-9]{2})_([^_/]{1,40})_([0-9]{2})\\.(txt|bin|smsbackup)");

    private final Path inbox;
    private final LongSupplier nanos;
    /** Files first seen, with their size then: taken once unchanged for the settle time (own clock). */
    private final Map<Path, long[]> seen = new HashMap<>();

    InboxReader(Path inbox, LongSupplier nanos) {
        this.inbox = inbox;
        this.nanos = nanos;
    }

    /** Messages whose files have settled, each taken or refused; the rest wait for the next look. */
    List<Message> read() throws IOException {
        long now = nanos.getAsLong();
        // by the daemon's name, which begins with the time received: messages are acted on in the order
        // they came (a guard's RONDA on, then off), not in the directory's order
        Map<String, TreeMap<Integer, Path>> byMessage = new TreeMap<>();
        Map<String, String> senders = new HashMap<>();
        List<Message> out = new ArrayList<>();
        List<Path> present = Spool.list(inbox);
        seen.keySet().retainAll(present);
        boolean unsettled = false;
        for (Path p : present) {
            String name = p.getFileName().toString();
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                out.add(new Refused(Refusal.MALFORMED, "?", "not a name the daemon gives", List.of(p)));
                continue;
            }
            long size;
            try {
                size = Files.size(p);
            } catch (NoSuchFileException gone) {
                continue;
            }
            long[] first = seen.get(p);
            if (first == null || first[1] != size) {
                seen.put(p, new long[] {now, size});
                unsettled = true;
                continue;
            }
            if (now - first[0] < SETTLE_NANOS) {
                unsettled = true;
                continue;
            }
            String key = m.group(1) + "_" + m.group(2) + "." + m.group(4);
            byMessage.computeIfAbsent(key, k -> new TreeMap<>()).put(Integer.parseInt(m.group(3)), p);
            senders.put(key, m.group(2));
        }
        for (Map.Entry<String, TreeMap<Integer, Path>> e : byMessage.entrySet()) {
            out.add(parse(senders.get(e.getKey()), e.getKey().endsWith(".txt") ? null : e.getKey(), e.getValue()));
        }
        if (!unsettled) {
            seen.clear();
        }
        return out;
    }

    private Message parse(String sender, String notText, TreeMap<Integer, Path> parts) throws IOException {
        List<Path> files = List.copyOf(parts.values());
        if (notText != null) {
            return new Refused(Refusal.BINARY, sender, "an 8-bit or backup-format message", files);
        }
        if (parts.size() > MAX_PARTS) {
            return new Refused(Refusal.OVERSIZED, sender, parts.size() + " parts", files);
        }
        StringBuilder text = new StringBuilder();
        for (Iterator<Path> it = parts.values().iterator(); it.hasNext(); ) {
            Path p = it.next();
            byte[] b;
            try (InputStream in = Files.newInputStream(p)) {
                b = in.readNBytes(MAX_FILE + 1); // bounded whatever the size said a moment ago
            } catch (NoSuchFileException gone) {
                return new Refused(Refusal.MALFORMED, sender, "a part vanished", files);
            }
            if (b.length > MAX_FILE) {
                return new Refused(Refusal.OVERSIZED, sender, "a part over " + MAX_FILE + " bytes", files);
            }
            String s = decode(b);
            if (s == null) {
                return new Refused(Refusal.BINARY, sender, "not text", files);
            }
            text.append(s);
        }
        return new Taken(sender, text.toString(), files);
    }

    /** UTF-16 with a byte-order mark (InboxFormat = unicode), else strict UTF-8; {@code null} if neither. */
    static String decode(byte[] b) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        String s;
        try {
            s = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, skip, b.length - skip)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f || c == '\uFFFD') {
                return null;
            }
        }
        return s;
    }
}
