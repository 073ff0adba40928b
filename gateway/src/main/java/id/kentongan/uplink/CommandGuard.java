package id.kentongan.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.clock.ClockSync;

import javax.crypto.Mac;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a command may act: small enough, signed by a known centre's key, fresh (within the
 * window of the post's clock), and never obeyed before. Anything else is refused with its reason and
 * counted, before it reaches the dispatch loop, so nothing forged, stale, replayed or malformed
 * actuates anything. The order of the checks is the point:
 * <ol>
 *   <li>the payload's size, before anything is read ({@link #COMMAND_BYTES}, {@link #CAP_COMMAND_BYTES});
 *   <li>the envelope, read strictly by a streaming parser that skips {@code args} without keeping it;
 *   <li>the signature, over the bytes of {@code args} as received: nothing unauthenticated is parsed
 *       deeper than the envelope, and only an authentic time is judged against the post's clock;
 *   <li>the window, then the {@link ReplayMemory}, then {@code args}, parsed strictly (each key once,
 *       only the arguments commands have, of their types); only a command that passes all of them is
 *       remembered, so a forger cannot burn a real command's nonce.
 * </ol>
 *
 * <p>A post whose clock is not synchronised still judges the window by the only clock it has; the
 * refusal says so, so the centre knows why. Accepting on signature and nonce alone would let a capture
 * older than the nonce memory actuate sirens; refusing every command would take the centre's silence
 * and all-clear away from a post whose clock is only slightly off.
 *
 * <p>Owned by the {@code kentongan-uplink} thread.
 */
public final class CommandGuard {

    /** Why a command was refused. */
    public enum Reason { MALFORMED, UNSIGNED, UNKNOWN_KEY, STALE, BAD_SIGNATURE, REPLAYED, OVERSIZED, RETAINED }

    /**
     * The largest command but {@code cap}: 16 KiB. The largest honest one, an acknowledgement naming a
     * few hundred alerts, is a few kilobytes.
     */
    public static final int COMMAND_BYTES = 16 * 1024;
    /**
     * The largest {@code cap} command: 128 KiB, half the MQTT packet limit. A post sounds an alert from
     * its info and area (a polygon of a few thousand points fits); CAP documents grow to megabytes only
     * with embedded resources (maps, audio), which a post has no use for.
     */
    public static final int CAP_COMMAND_BYTES = 128 * 1024;

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_.~+/=-]{8,64}");

    /**
     * The arguments a command may carry (each of its type, and those its verb needs): anything else is
     * refused, so that a mistyped {@code "zone"} cannot sound every zone.
     */
    private static final Set<String> ARGS = Set.of("refs", "kind", "pattern", "zones", "from", "to", "xml");

    /** A refusal, as the result topic reports it. */
    public static final class Refused extends Exception {
        public final Reason reason;
        public final String nonce;

        Refused(Reason reason, String detail, String nonce) {
            super(name(reason) + ": " + detail, null, false, false);
            this.reason = reason;
            this.nonce = nonce;
        }
    }

    /** A command that passed every check. */
    public record Verified(String topic, String verb, String keyId, String nonce, JsonNode args) {
    }

    private final Map<String, byte[]> keys;
    private final Duration window;
    private final InstantSource clock;
    private final ClockSync sync;
    private final ReplayMemory memory;
    private final Map<Reason, Long> refused = new EnumMap<>(Reason.class);

    /** @param keys key id -> HMAC key, from the secrets file's {@code centres} */
    public CommandGuard(Map<String, byte[]> keys, Duration window, InstantSource clock) {
        this(keys, window, clock, null);
    }

    /**
     * @param stateFile where the obeyed commands are remembered (the state directory), or {@code null}
     *                  to remember them in memory only
     */
    public CommandGuard(Map<String, byte[]> keys, Duration window, InstantSource clock, Path stateFile) {
        this(keys, window, clock, stateFile, ClockSync.ASSUMED);
    }

    /** @param sync whether {@code clock} is synchronised, for the reason a stale command is given */
    public CommandGuard(Map<String, byte[]> keys, Duration window, InstantSource clock, Path stateFile,
                        ClockSync sync) {
        this.keys = Map.copyOf(keys);
        this.window = window;
        this.clock = clock;
        this.sync = sync;
        this.memory = new ReplayMemory(window, stateFile, clock.instant());
        for (Reason r : Reason.values()) {
            refused.put(r, 0L);
        }
    }

    public Verified check(String topic, byte[] payload) throws Refused {
        String verb = topic.substring(topic.lastIndexOf('/') + 1);
        int max = verb.equals("cap") ? CAP_COMMAND_BYTES : COMMAND_BYTES;
        if (payload.length > max) {
            throw count(new Refused(Reason.OVERSIZED, String.format(Locale.ROOT, "%,d bytes, over the limit of %,d "
                    + "bytes for a %scommand%s", payload.length, max, verb.equals("cap") ? "cap " : "",
                    verb.equals("cap") ? "; a post needs the alert's info and area, not embedded resources: send it "
                    + "without them" : ""), null));
        }
        CommandEnvelope e;
        try {
            e = CommandEnvelope.read(payload);
        } catch (CommandEnvelope.Bad b) {
            throw count(new Refused(b.reason, b.getMessage(), echo(b.nonce)));
        }
        String nonce = echo(e.nonce());
        if (nonce == null) {
            throw count(new Refused(Reason.MALFORMED, "the nonce must be 8 to 64 letters, digits or -_.~+/=", null));
        }
        byte[] key = keys.get(e.keyId());
        if (key == null) {
            String shown = e.keyId().length() > 64 ? e.keyId().substring(0, 64) + "..." : e.keyId();
            throw count(new Refused(Reason.UNKNOWN_KEY, "no key '" + shown + "'", nonce));
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(e.sig());
        } catch (IllegalArgumentException x) {
            throw count(new Refused(Reason.BAD_SIGNATURE, "signature is not base64", nonce));
        }
        if (!Base64.getEncoder().encodeToString(sig).equals(e.sig())) {
            // the decoder ignores unused bits: only the one canonical spelling of a signature is accepted
            throw count(new Refused(Reason.BAD_SIGNATURE, "signature is not in canonical base64", nonce));
        }
        Mac mac = SignedCommand.mac(key);
        mac.update(SignedCommand.prefix(topic, e.keyId(), e.ts(), e.nonce()));
        mac.update(payload, e.argsStart(), e.argsEnd() - e.argsStart());
        if (!MessageDigest.isEqual(mac.doFinal(), sig)) {
            throw count(new Refused(Reason.BAD_SIGNATURE, "signature does not match", nonce));
        }
        Instant at;
        try {
            at = Instant.parse(e.ts());
        } catch (DateTimeParseException x) {
            throw count(new Refused(Reason.MALFORMED, "ts is not an ISO-8601 instant", nonce));
        }
        Instant now = clock.instant();
        Duration ahead = Duration.between(now, at);
        if (ahead.abs().compareTo(window) > 0) {
            throw count(new Refused(Reason.STALE, "centre clock " + (ahead.isNegative() ? "behind" : "ahead")
                    + " by " + ahead.abs().toSeconds() + " s (ts " + e.ts() + ", the post's clock " + now
                    + ", window +-" + window.toSeconds() + " s)" + unsynchronised(), nonce));
        }
        String replay = memory.replayed(e.keyId(), e.nonce(), at, now);
        if (replay != null) {
            throw count(new Refused(Reason.REPLAYED, replay, nonce));
        }
        JsonNode args;
        try {
            args = e.args(payload);
            checkArgs(verb, args);
        } catch (CommandEnvelope.Bad b) {
            throw count(new Refused(b.reason, b.getMessage(), nonce));
        } catch (IllegalArgumentException x) {
            throw count(new Refused(Reason.MALFORMED, x.getMessage(), nonce));
        }
        memory.remember(e.keyId(), e.nonce(), at);
        return new Verified(topic, verb, e.keyId(), e.nonce(), args);
    }

    private static void checkArgs(String verb, JsonNode a) {
        for (String name : (Iterable<String>) a::fieldNames) {
            if (!ARGS.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + name + "' (refs, kind, pattern, zones, "
                        + "from, to, xml)");
            }
        }
        for (String name : List.of("kind", "pattern", "xml")) {
            if (a.has(name) && !a.get(name).isTextual()) {
                throw new IllegalArgumentException("'" + name + "' must be a string");
            }
        }
        for (String name : List.of("from", "to")) {
            if (a.has(name) && !(a.get(name).isIntegralNumber() && a.get(name).canConvertToLong())) {
                throw new IllegalArgumentException("'" + name + "' must be a whole number");
            }
        }
        if (verb.equals("cap") && !a.has("xml")) {
            throw new IllegalArgumentException("'xml' is required: the CAP 1.2 alert as XML");
        }
        if (verb.equals("replay") && !(a.has("from") && a.has("to"))) {
            throw new IllegalArgumentException("'from' and 'to' are required");
        }
    }

    private String unsynchronised() {
        return sync.state() == ClockSync.State.SYNCHRONISED ? ""
                : " (the post's clock is not synchronised: commands are judged by it until NTP sets it)";
    }

    /** The nonce as the result may echo it, or {@code null} if it is not one. */
    private static String echo(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches() ? nonce : null;
    }

    /** Counts and returns a refusal decided outside the checks (a retained or oversized message). */
    public Refused refuse(Reason reason, String detail) {
        return count(new Refused(reason, detail, null));
    }

    private Refused count(Refused r) {
        refused.merge(r.reason, 1L, Long::sum);
        return r;
    }

    /** Every reason a command can be refused for, as {@link #refusedCounts} names them (the metrics' labels). */
    public static List<String> reasons() {
        return Arrays.stream(Reason.values()).map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
    }

    public Map<String, Long> refusedCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        refused.forEach((k, v) -> m.put(name(k), v));
        return m;
    }

    static String name(Reason r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
