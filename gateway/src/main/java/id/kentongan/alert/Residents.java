package id.kentongan.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Guidance;
import id.kentongan.alert.Post;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.EnumMap;

/**
 * What residents read on their phones: a short message per alert, in Bahasa Indonesia and English,
 * on their zone's topic {@code {root}/{village}/residents/{zone}}, from templates in the site profile
 * ({@code {post}}, {@code {zone}} and {@code {kind}} are filled in). Life-safety and security alerts
 * and the all-clear reach residents; the post's own supervision and telemetry do not. A drill or a
 * test says so first, in both languages. Immutable; any thread.
 *
 * <pre>{"identifier":"KTG-...","sent":"...","zone":"rw05-utara","kind":"flood","status":"Actual",
 *  "id":{"headline":"...","instruction":"..."},"en":{"headline":"...","instruction":"..."}}</pre>
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
        Texts t = templates.getOrDefault(e.kind(), builtIn(e.kind()));
        String drill = switch (e.status()) {
            case Exercise -> "LATIHAN / DRILL: ";
            case Test -> "UJI COBA / TEST: ";
            default -> "";
        };
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("identifier", e.identifier());
        o.put("sent", e.sentMillis());
        o.put("village", post.village());
        o.put("post", post.id());
        o.put("zone", e.zone());
        o.put("kind", e.kind().wireName());
        o.put("status", e.status().name());
        if (e.unsynchronised()) {
            o.put("clock", "unsynchronised"); // an app should not show "sent" as the time it happened
        }
        ObjectNode id = o.putObject("id");
        id.put("headline", drill + fill(t.id().headline(), e, post));
        id.put("instruction", fill(t.id().instruction(), e, post));
        ObjectNode en = o.putObject("en");
        en.put("headline", drill + fill(t.en().headline(), e, post));
        en.put("instruction", fill(t.en().instruction(), e, post));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fill(String template, Event e, Post post) {
        return template.replace("{post}", post.name()).replace("{zone}", e.zone()).replace("{kind}", e.kind().wireName());
    }
}
