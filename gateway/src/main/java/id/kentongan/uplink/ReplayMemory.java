package id.kentongan.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The commands a post has obeyed, so that none is obeyed twice. Each accepted (key id, nonce) is
 * remembered while its time is within the window of the post's clock, so any command the window lets
 * in is told apart by its nonce, whatever order the centres' clocks put them in: a command from the
 * future does not shut out the ones after it, and two consoles sharing a key with slightly different
 * clocks do not refuse each other.
 *
 * <p>Each key also has a floor: a command whose time is below it is refused as a replay. A nonce that
 * is forgotten raises its key's floor past its time (so a step back of the post's clock cannot make a
 * forgotten command new again), and each accepted command raises it to two windows before its time (so
 * a post restarted on a clock far behind, before NTP sets it, cannot be fed old captures that fit that
 * clock). Neither refuses a command the window lets in while the post's clock runs forward: a forgotten
 * time is more than a window in the past, and an accepted time at most a window in the future.
 *
 * <p>Bounded: at most {@link #CAPACITY} nonces. When full, the one with the earliest time is forgotten
 * early, its time raising the floor: the post stays safe from replays and may refuse, as replayed, a
 * late command of that key no newer than the forgotten one. Kept in {@code file} (written to a
 * temporary file, forced to disk and renamed over it at each accepted command), so a restart forgets
 * nothing; an unreadable file sets every key's floor to the time the post started.
 *
 * <p>Owned by the {@code kentongan-uplink} thread, through the {@link CommandGuard}.
 */
final class ReplayMemory {

    static final int CAPACITY = 4096;
    /** The file holds at most {@link #CAPACITY} nonces of a few dozen bytes; anything larger is not ours. */
    private static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ReplayMemory.class);

    private record Seen(Instant ts, String keyId, String nonce) {
        String id() {
            return keyId + "\n" + nonce;
        }
    }

    private final Duration window;
    private final Path file;
    private final TreeSet<Seen> byTime = new TreeSet<>(Comparator.comparing(Seen::ts).thenComparing(Seen::keyId)
            .thenComparing(Seen::nonce));
    private final Map<String, Seen> byId = new HashMap<>();
    private final Map<String, Instant> floors = new HashMap<>();
    /** The floor of every key, when the file could not be read; otherwise {@link Instant#MIN}. */
    private Instant floorOfAll = Instant.MIN;

    /**
     * @param file where the memory is kept, or {@code null} to keep it for this run only
     * @param now  the post's clock at start, the floor of every key if {@code file} cannot be read
     */
    ReplayMemory(Duration window, Path file, Instant now) {
        this.window = window;
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                load();
            } catch (IOException | RuntimeException e) {
                byTime.clear();
                byId.clear();
                floors.clear();
                floorOfAll = now;
                log.warn("uplink: the record of obeyed commands ({}) cannot be read ({}): commands timed before {} "
                        + "are refused as replays", file, e.getMessage(), now);
            }
        }
    }

    /** Why a signed, fresh command would be a replay, or {@code null} if it is new. */
    String replayed(String keyId, String nonce, Instant ts, Instant now) {
        forget(now);
        if (byId.containsKey(keyId + "\n" + nonce)) {
            return "nonce already used";
        }
        Instant floor = floor(keyId);
        if (ts.isBefore(floor)) {
            return "older than the commands from '" + keyId + "' this post can still tell from replays (none "
                    + "before " + floor + ")";
        }
        return null;
    }

    /** Remembers an accepted command and writes the memory down. */
    void remember(String keyId, String nonce, Instant ts) {
        Seen s = new Seen(ts, keyId, nonce);
        byTime.add(s);
        byId.put(s.id(), s);
        raise(keyId, ts.minus(window.multipliedBy(2)));
        while (byTime.size() > CAPACITY) {
            drop(byTime.first());
        }
        save();
    }

    int size() {
        return byTime.size();
    }

    private void forget(Instant now) {
        while (!byTime.isEmpty() && byTime.first().ts().plus(window).isBefore(now)) {
            drop(byTime.first()); // outside the window: refused as stale anyway, and by the floor
        }
    }

    private void drop(Seen s) {
        byTime.remove(s);
        byId.remove(s.id());
        raise(s.keyId(), s.ts().plusNanos(1));
    }

    private Instant floor(String keyId) {
        Instant f = floors.getOrDefault(keyId, Instant.MIN);
        return f.isAfter(floorOfAll) ? f : floorOfAll;
    }

    private void raise(String keyId, Instant to) {
        floors.merge(keyId, to, (a, b) -> a.isAfter(b) ? a : b);
    }

    private void load() throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
        }
        String text = Files.readString(file);
        if (!text.startsWith("{")) {
            // the form before nonces were remembered: each key's newest accepted time, one per line
            for (String line : text.split("\n")) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2) {
                    raise(kv[0], Instant.parse(kv[1]).plusNanos(1));
                }
            }
            return;
        }
        JsonNode root = SignedCommand.JSON.readTree(text);
        if (root == null || !root.path("floors").isObject() || !root.path("seen").isArray()) {
            throw new IOException("not a record of obeyed commands");
        }
        for (Map.Entry<String, JsonNode> e : root.path("floors").properties()) {
            raise(e.getKey(), instant(e.getValue()));
        }
        for (JsonNode n : root.path("seen")) {
            Seen s = new Seen(instant(n.path("ts")), n.path("key").asText(), n.path("nonce").asText());
            byTime.add(s);
            byId.put(s.id(), s);
        }
        while (byTime.size() > CAPACITY) {
            drop(byTime.first());
        }
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) {
            throw new DateTimeException("a time must be a string");
        }
        return Instant.parse(n.asText());
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = SignedCommand.JSON.createObjectNode();
        ObjectNode f = root.putObject("floors");
        floors.forEach((k, v) -> f.put(k, v.toString()));
        ArrayNode seen = root.putArray("seen");
        for (Seen s : byTime) {
            seen.addObject().put("key", s.keyId()).put("nonce", s.nonce()).put("ts", s.ts().toString());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try {
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(SignedCommand.JSON.writeValueAsBytes(root));
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the memory still holds for this run; a restart before the next good write forgets this command
            log.warn("uplink: cannot write the record of obeyed commands to {}: {}", file, e.getMessage());
        }
    }
}
