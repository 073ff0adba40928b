package id.kentongan.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The residents' message, written straight into bytes, is the message Jackson's tree made before it
 * (commit 1af002b's {@code Residents.message}, kept here as the reference): for every kind and status,
 * with the built-in texts and with a profile's templates, an unsynchronised clock, and words full of
 * characters JSON must escape. Byte for byte, except that a character beyond the Basic Multilingual Plane
 * (an emoji) is now escaped as two {@code \\uXXXX}, as the CAP payload has always escaped it, where the
 * tree wrote its four UTF-8 bytes: any JSON parser reads the same text from both, which the test checks.
 */
class ResidentsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AWKWARD = "air \"naik\" \\ cepat\n\tdi\u0001jembatan\u007f é ñ 中文 / </script>";
    private static final String EMOJI = "banjir 🚨 di {zone}";

    private static Residents profile(String extra) {
        return new Residents(Map.of(
                AlertKind.FLOOD, new Residents.Texts(
                        new Residents.Text("Banjir di {zone}, pos {post}" + extra, "Naik ke {kind} " + AWKWARD),
                        new Residents.Text("Flood at {zone}", "Go up, {post}")),
                AlertKind.PANIC, new Residents.Texts(
                        new Residents.Text(AWKWARD + extra, "{zone}{zone}{post}"),
                        new Residents.Text("", "no placeholders"))));
    }

    @Test
    void every_kind_and_status_gives_the_bytes_jackson_gave() {
        int compared = 0;
        for (Post post : CapJsonBytesTest.posts()) {
            for (Residents residents : new Residents[]{Residents.DEFAULTS, profile("")}) {
                for (AlertKind kind : AlertKind.values()) {
                    for (Event.CapStatus status : Event.CapStatus.values()) {
                        for (boolean unsynchronised : new boolean[]{false, true}) {
                            Event e = event(post, kind, status, unsynchronised,
                                    status == Event.CapStatus.Actual ? AWKWARD : "rw05-utara");
                            assertEquals(new String(jackson(residents, e, post), StandardCharsets.UTF_8),
                                    new String(residents.message(e, post), StandardCharsets.UTF_8),
                                    kind + " " + status + " " + unsynchronised);
                            compared++;
                        }
                    }
                }
            }
        }
        assertEquals(CapJsonBytesTest.posts().size() * 2 * AlertKind.values().length
                * Event.CapStatus.values().length * 2, compared);
    }

    @Test
    void an_emoji_reads_the_same_though_it_is_escaped() throws Exception {
        Post post = CapJsonBytesTest.posts().get(0);
        Residents residents = profile(EMOJI);
        for (AlertKind kind : new AlertKind[]{AlertKind.FLOOD, AlertKind.PANIC}) {
            Event e = event(post, kind, Event.CapStatus.Exercise, false, "zona 🌊");
            byte[] now = residents.message(e, post);
            assertEquals(JSON.readTree(jackson(residents, e, post)), JSON.readTree(now), kind.toString());
            assertTrue(new String(now, StandardCharsets.US_ASCII).contains("\\uD83D\\uDEA8"),
                    "the emoji is written as its two escaped halves");
        }
    }

    private static Event event(Post post, AlertKind kind, Event.CapStatus status, boolean unsynchronised, String zone) {
        return new Event(42, 3, Event.identifier(post, 3, 42), kind, kind.defaultPriority(), "panic-1", zone,
                1_764_547_200_123L, status, Event.MsgType.Alert, null, null, null, unsynchronised);
    }

    /** The message as it was made, through Jackson's tree. */
    private static byte[] jackson(Residents residents, Event e, Post post) {
        Residents.Texts t = residents.templates().getOrDefault(e.kind(), Residents.builtIn(e.kind()));
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
            o.put("clock", "unsynchronised");
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
