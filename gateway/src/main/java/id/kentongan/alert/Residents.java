package id.kentongan.alert;

import java.util.EnumMap;
import java.util.Map;

/**
 * What residents read on their phones: a short message per alert, in Bahasa Indonesia and English,
 * on their zone's topic {@code {root}/{village}/residents/{zone}}, from templates in the site profile
 * ({@code {post}}, {@code {zone}} and {@code {kind}} are filled in). Life-safety and security alerts
 * and the all-clear reach residents; the post's own supervision and telemetry do not. A drill or a
 * test says so first, in both languages. Immutable; any thread.
 *
 * <p>The message is written straight into bytes by a {@link CapWriter} of each thread's, as CAP JSON is:
 * through Jackson's tree it cost the uplink thread more than a CAP payload did, once for every alert
 * residents hear of.
 *
 * <pre>{"identifier":"KTG-...","sent":1764547200123,"village":"sukamaju","post":"rt03-rw05",
 *  "zone":"rw05-utara","kind":"flood","status":"Actual",
 *  "id":{"headline":"...","instruction":"..."},"en":{"headline":"...","instruction":"..."}}</pre>
 * ({@code sent} is epoch milliseconds, a number; {@code "clock":"unsynchronised"} follows {@code status}
 * when the post's clock was not trusted.)
 */
public record Residents(Map<AlertKind, Texts> templates) {

    /** One language's headline and instruction. */
    public record Text(String headline, String instruction) {
    }

    /** Both languages. */
    public record Texts(Text id, Text en) {
    }

    public Residents {
        templates = Map.copyOf(templates);
    }

    public static final Residents DEFAULTS = new Residents(Map.of());

    private static final ThreadLocal<CapWriter> WRITERS = ThreadLocal.withInitial(CapWriter::new);
    private static final Texts[] BUILT_IN = new Texts[AlertKind.values().length];

    static {
        for (AlertKind k : AlertKind.values()) {
            BUILT_IN[k.ordinal()] = builtIn(k);
        }
    }

    public static String topic(String root, String village, String zone) {
        return root + "/" + village + "/residents/" + zone;
    }

    /** Whether residents are told of {@code e}: the same events whose CAP carries an instruction. */
    public static boolean concerns(Event e) {
        return Guidance.forThePublic(e);
    }

    /** The built-in text when the profile has none for a kind; its instruction is the CAP alert's too. */
    static Texts builtIn(AlertKind kind) {
        if (kind == AlertKind.ALL_CLEAR) {
            return new Texts(new Text("Aman: bahaya sudah lewat", Guidance.ALL_CLEAR_ID),
                    new Text("All clear: the danger is over", Guidance.ALL_CLEAR_EN));
        }
        return new Texts(new Text(kind.headlineId() + " ({zone})", Guidance.BUILT_IN_ID),
                new Text(kind.headlineEn() + " ({zone})", Guidance.BUILT_IN_EN));
    }

    /** The profile's instructions per kind, for the post's CAP alerts (kinds without a template are left out). */
    public Map<AlertKind, Guidance.Instruction> instructions() {
        Map<AlertKind, Guidance.Instruction> m = new EnumMap<>(AlertKind.class);
        templates.forEach((k, t) -> m.put(k, new Guidance.Instruction(t.id().instruction(), t.en().instruction())));
        return m;
    }

    public byte[] message(Event e, Post post) {
        Texts t = texts(e.kind());
        String drill = switch (e.status()) {
            case Exercise -> "LATIHAN / DRILL: ";
            case Test -> "UJI COBA / TEST: ";
            default -> "";
        };
        CapWriter w = WRITERS.get();
        w.reset();
        w.startObject();
        w.field("identifier", e.identifier());
        w.field("sent", e.sentMillis());
        w.field("village", post.village());
        w.field("post", post.id());
        w.field("zone", e.zone());
        w.field("kind", e.kind().wireName());
        w.field("status", e.status().name());
        if (e.unsynchronised()) {
            w.field("clock", "unsynchronised"); // an app should not show "sent" as the time it happened
        }
        language(w, "id", drill, t.id(), e, post);
        language(w, "en", drill, t.en(), e, post);
        w.endObject();
        return w.toBytes();
    }

    private static void language(CapWriter w, String name, String drill, Text text, Event e, Post post) {
        w.name(name);
        w.startObject();
        w.name("headline");
        w.openString();
        w.text(drill);
        w.text(fill(text.headline(), e, post));
        w.closeString();
        w.field("instruction", fill(text.instruction(), e, post));
        w.endObject();
    }

    private Texts texts(AlertKind kind) {
        Texts t = templates.get(kind);
        return t != null ? t : BUILT_IN[kind.ordinal()];
    }

    /** One language's headline and instruction for {@code e}, filled in, without a drill's prefix: for SMS. */
    public Text filled(Event e, Post post, boolean english) {
        Texts t = texts(e.kind());
        Text x = english ? t.en() : t.id();
        return new Text(fill(x.headline(), e, post), fill(x.instruction(), e, post));
    }

    private static String fill(String template, Event e, Post post) {
        return template.replace("{post}", post.name()).replace("{zone}", e.zone()).replace("{kind}", e.kind().wireName());
    }
}
