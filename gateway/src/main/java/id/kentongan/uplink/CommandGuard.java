package id.kentongan.uplink;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether a command may act: signed by a known centre's key, fresh (within the window of the
 * post's clock), and never seen before. Anything else is refused with its reason and counted, before
 * it reaches the dispatch loop, so nothing forged, stale, replayed or malformed actuates anything.
 * The order of the checks matters: a nonce is remembered only once the signature holds, so a forger
 * cannot burn a real command's nonce. Owned by the {@code kentongan-uplink} thread.
 *
 * <p>A post whose clock is not synchronised cannot judge the window honestly, and still judges it by
 * the only clock it has: a command outside the window of that clock is refused as stale, and the
 * refusal says the post's clock is not synchronised, so the centre knows why. Accepting on signature
 * and nonce alone would let a capture older than the nonce memory actuate sirens; refusing every
 * command would take the centre's silence and all-clear away from a post whose clock is only slightly
 * off. Replays stay refused whatever the clock says: each key's newest accepted command time is kept
 * (across restarts), and only a newer one is taken.
 */
public final class CommandGuard {

    /** Why a command was refused. */
    public enum Reason { MALFORMED, UNSIGNED, UNKNOWN_KEY, STALE, BAD_SIGNATURE, REPLAYED }

    /** A refusal, as the result topic reports it. */
    public static final class Refused extends Exception {
        public final Reason reason;
        public final String nonce;

        Refused(Reason reason, String detail, String nonce) {
            super(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + detail, null, false,
                    false);
            this.reason = reason;
            this.nonce = nonce;
        }
    }

    /** A command that passed every check. */
    public record Verified(String topic, String verb, String keyId, String nonce, JsonNode args) {
    }

    private static final int MAX_NONCES = 100_000;

    private final Map<String, byte[]> keys;
    private final Duration window;
    private final InstantSource clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();
    private final Map<Reason, Long> refused = new EnumMap<>(Reason.class);

    /** The newest accepted command time per key, kept across restarts so a capture cannot be replayed then. */
    private final Map<String, Instant> newest = new java.util.HashMap<>();
    private final java.nio.file.Path stateFile;
    private final id.kentongan.clock.ClockSync sync;

    /** @param keys key id -> HMAC key, from the secrets file's {@code centres} */
    public CommandGuard(Map<String, byte[]> keys, Duration window, InstantSource clock) {
        this(keys, window, clock, null);
    }

    /**
     * @param stateFile where the newest accepted command time of each key is kept (the state directory),
     *                  or {@code null} to keep it in memory only
     */
    public CommandGuard(Map<String, byte[]> keys, Duration window, InstantSource clock, java.nio.file.Path stateFile) {
        this(keys, window, clock, stateFile, id.kentongan.clock.ClockSync.ASSUMED);
    }

    /** @param sync whether {@code clock} is synchronised, for the reason a stale command is given */
    public CommandGuard(Map<String, byte[]> keys, Duration window, InstantSource clock, java.nio.file.Path stateFile,
                        id.kentongan.clock.ClockSync sync) {
        this.sync = sync;
        this.keys = Map.copyOf(keys);
        this.window = window;
        this.clock = clock;
        this.stateFile = stateFile;
        for (Reason r : Reason.values()) {
            refused.put(r, 0L);
        }
        if (stateFile != null && java.nio.file.Files.exists(stateFile)) {
            try {
                for (String line : java.nio.file.Files.readAllLines(stateFile)) {
                    String[] kv = line.trim().split("\\s+");
                    if (kv.length == 2) {
                        newest.put(kv[0], Instant.parse(kv[1]));
                    }
                }
            } catch (java.io.IOException | DateTimeParseException e) {
                // unreadable: the nonce cache and the window still hold; the file is rewritten at the next command
            }
        }
    }

    public Verified check(String topic, byte[] payload) throws Refused {
        String verb = topic.substring(topic.lastIndexOf('/') + 1);
        JsonNode o;
        try {
            o = SignedCommand.JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw count(new Refused(Reason.MALFORMED, "not JSON", null));
        }
        if (o == null || !o.isObject()) {
            throw count(new Refused(Reason.MALFORMED, "not a JSON object", null));
        }
        String nonce = text(o, "nonce");
        if (text(o, "sig") == null) {
            throw count(new Refused(Reason.UNSIGNED, "no signature", nonce));
        }
        String keyId = text(o, "key_id");
        String ts = text(o, "ts");
        JsonNode args = o.get("args");
        if (keyId == null || ts == null || nonce == null || nonce.length() < 8 || args == null || !args.isObject()) {
            throw count(new Refused(Reason.MALFORMED, "key_id, ts, nonce (8+ chars) and args are required", nonce));
        }
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw count(new Refused(Reason.UNKNOWN_KEY, "no key '" + keyId + "'", nonce));
        }
        Instant at;
        try {
            at = Instant.parse(ts);
        } catch (DateTimeParseException e) {
            throw count(new Refused(Reason.MALFORMED, "ts is not an ISO-8601 instant", nonce));
        }
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            String unsynced = sync.state() == id.kentongan.clock.ClockSync.State.SYNCHRONISED ? ""
                    : " (the post's clock is not synchronised: commands are judged by it until NTP sets it)";
            throw count(new Refused(Reason.STALE, "ts " + ts + " is outside +-" + window.toSeconds() + " s of "
                    + now + unsynced, nonce));
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(text(o, "sig"));
        } catch (IllegalArgumentException e) {
            throw count(new Refused(Reason.BAD_SIGNATURE, "signature is not base64", nonce));
        }
        if (!Base64.getEncoder().encodeToString(sig).equals(text(o, "sig"))) {
            // the decoder ignores unused bits: only the one canonical spelling of a signature is accepted
            throw count(new Refused(Reason.BAD_SIGNATURE, "signature is not in canonical base64", nonce));
        }
        byte[] expected = SignedCommand.mac(key, SignedCommand.canonical(topic, keyId, ts, nonce, args));
        if (!MessageDigest.isEqual(expected, sig)) {
            throw count(new Refused(Reason.BAD_SIGNATURE, "signature does not match", nonce));
        }
        forgetOld(now);
        if (seen.putIfAbsent(keyId + "/" + nonce, at.plus(window)) != null) {
            throw count(new Refused(Reason.REPLAYED, "nonce already used", nonce));
        }
        Instant last = newest.get(keyId);
        if (last != null && !at.isAfter(last)) {
            throw count(new Refused(Reason.REPLAYED, "not newer than the last command accepted from '" + keyId
                    + "' (" + last + ")", nonce));
        }
        newest.put(keyId, at);
        remember();
        return new Verified(topic, verb, keyId, nonce, args);
    }

    private void remember() {
        if (stateFile == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        newest.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        try {
            java.nio.file.Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".new");
            java.nio.file.Files.writeString(tmp, b);
            java.nio.file.Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            // the in-memory guard still holds for this run
        }
    }

    private void forgetOld(Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            Instant expiry = it.next();
            if (expiry.isBefore(now.minus(window)) || seen.size() > MAX_NONCES) {
                it.remove(); // beyond the window a replay is refused as stale anyway
            } else {
                break;
            }
        }
    }

    /** Counts and returns a refusal decided outside the checks (a retained message). */
    public Refused refuse(Reason reason, String detail) {
        return count(new Refused(reason, detail, null));
    }

    private Refused count(Refused r) {
        refused.merge(r.reason, 1L, Long::sum);
        return r;
    }

    public Map<String, Long> refusedCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        refused.forEach((k, v) -> m.put(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), v));
        return m;
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
