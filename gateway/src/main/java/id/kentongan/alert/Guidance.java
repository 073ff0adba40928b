package id.kentongan.alert;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * What a post tells CAP readers beyond the event itself: an {@code instruction} per kind in Bahasa
 * Indonesia and English, and how long each alert is in effect ({@code expires}, as a time after
 * {@code sent}). Immutable; any thread.
 *
 * <p>The instructions are the residents' templates of the site profile ({@code residents:}), so that a
 * phone and a CAP reader give the same advice; a kind without a template gets the built-in one. Only
 * what the public is told carries one: life-safety and security alerts, and the all-clear
 * ({@link #forThePublic}); a node's heartbeat or a siren silenced has no advice for anyone.
 *
 * <p>Expiry defaults, per priority: 24 h for life-safety and security alarms (the post holds an
 * unacknowledged alarm open, publishes it again, and restores it after a restart for a day, so a reader
 * must not drop it sooner, e.g. when it arrives from the journal after a long outage); 24 h for
 * supervision (a silent node or a damaged journal waits for a technician's day); 1 h for telemetry (the
 * next reading replaces it within minutes). The profile may set any priority, and any kind, 1 m to 30 d.
 */
public final class Guidance {

    /** The built-in advice: what the residents' message says when the profile has no template. */
    public static final String BUILT_IN_ID = "Ikuti arahan petugas pos {post} dan menjauhlah dari bahaya.";
    public static final String BUILT_IN_EN = "Follow the instructions of the guards at {post} and keep away from the danger.";
    public static final String ALL_CLEAR_ID = "Keadaan aman. Terima kasih atas kewaspadaan Anda.";
    public static final String ALL_CLEAR_EN = "It is safe again. Thank you for your care.";
    public static final Duration MIN_EXPIRY = Duration.ofMinutes(1);
    public static final Duration MAX_EXPIRY = Duration.ofDays(30);

    /** Built-in instructions and default expiries. */
    public static final Guidance DEFAULTS = new Guidance(Map.of(), Map.of(), Map.of());

    /** One kind's instruction, as the profile writes it; {@code {post}}, {@code {zone}}, {@code {kind}} are filled in. */
    public record Instruction(String id, String en) {
    }

    private final String[] id = new String[AlertKind.values().length];
    private final String[] en = new String[AlertKind.values().length];
    private final long[] expiresByPriority = new long[Priority.values().length];
    private final long[] expiresByKind = new long[AlertKind.values().length]; // 0: by priority

    /**
     * @param instructions  by kind; a kind not named gets the built-in instruction
     * @param expires       by priority; a priority not named gets its default
     * @param expiresByKind by kind, before the priority's
     * @throws IllegalArgumentException for an expiry outside {@link #MIN_EXPIRY}..{@link #MAX_EXPIRY}
     */
    public Guidance(Map<AlertKind, Instruction> instructions, Map<Priority, Duration> expires,
                    Map<AlertKind, Duration> expiresByKind) {
        for (AlertKind k : AlertKind.values()) {
            Instruction i = instructions.get(k);
            id[k.ordinal()] = i != null ? i.id() : k == AlertKind.ALL_CLEAR ? ALL_CLEAR_ID : BUILT_IN_ID;
            en[k.ordinal()] = i != null ? i.en() : k == AlertKind.ALL_CLEAR ? ALL_CLEAR_EN : BUILT_IN_EN;
        }
        for (Priority p : Priority.values()) {
            expiresByPriority[p.ordinal()] = seconds(expires.getOrDefault(p, defaultExpiry(p)));
        }
        expiresByKind.forEach((k, d) -> this.expiresByKind[k.ordinal()] = seconds(d));
    }

    private Guidance(Guidance g, String post) {
        for (AlertKind k : AlertKind.values()) {
            id[k.ordinal()] = fill(g.id[k.ordinal()], post, k);
            en[k.ordinal()] = fill(g.en[k.ordinal()], post, k);
        }
        System.arraycopy(g.expiresByPriority, 0, expiresByPriority, 0, expiresByPriority.length);
        System.arraycopy(g.expiresByKind, 0, expiresByKind, 0, expiresByKind.length);
    }

    /** The expiry a priority has when the profile sets none. */
    public static Duration defaultExpiry(Priority p) {
        return p == Priority.TELEMETRY ? Duration.ofHours(1) : Duration.ofHours(24);
    }

    private static long seconds(Duration d) {
        if (d.compareTo(MIN_EXPIRY) < 0 || d.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("an expiry must be 1m..30d, not " + d);
        }
        return d.toSeconds();
    }

    private static String fill(String template, String post, AlertKind kind) {
        return template.replace("{post}", post).replace("{kind}", kind.wireName());
    }

    /**
     * The same guidance with the post's name and each kind filled in once, so that encoding an event
     * fills in only its zone ({@link Post} does this when it is made).
     */
    Guidance forPost(String postName) {
        return new Guidance(this, postName);
    }

    /** Whether the public is told of {@code e}: life-safety and security alerts, and the all-clear. */
    public static boolean forThePublic(Event e) {
        return e.kind() == AlertKind.ALL_CLEAR
                || (e.priority().ordinal() <= Priority.SECURITY.ordinal() && e.msgType() == Event.MsgType.Alert);
    }

    /**
     * The instruction for {@code e} in Bahasa Indonesia ({@code english} false) or English, or {@code null}
     * if the public is not told of it. No new object unless the text names the zone.
     */
    public String instruction(Event e, boolean english) {
        if (!forThePublic(e)) {
            return null;
        }
        String t = (english ? en : id)[e.kind().ordinal()];
        return t.replace("{zone}", e.zone()); // the same string when there is no {zone}
    }

    /** Seconds after {@code sent} at which {@code e} stops being in effect. */
    public long expiresAfterSeconds(Event e) {
        long byKind = expiresByKind[e.kind().ordinal()];
        return byKind != 0 ? byKind : expiresByPriority[e.priority().ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Guidance g && Arrays.equals(id, g.id) && Arrays.equals(en, g.en)
                && Arrays.equals(expiresByPriority, g.expiresByPriority) && Arrays.equals(expiresByKind, g.expiresByKind);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id) * 31 + Arrays.hashCode(expiresByKind);
    }
}
