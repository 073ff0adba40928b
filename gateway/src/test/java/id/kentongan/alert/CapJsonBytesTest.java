package id.kentongan.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The direct encoder writes, byte for byte, what Jackson's generator wrote before it (the encoder of
 * commit f04aaa4, kept here as the reference): for every kind, every status and message type, with and
 * without references, readings, node references, an unsynchronised clock and a person's words full of
 * characters JSON must escape, in zones east and west of UTC. A centre that deduplicates by payload, or
 * checks a signature over it, sees no change.
 */
class CapJsonBytesTest {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String AWKWARD = "air \"naik\" \\ cepat\n\tdi\u0001jembatan\u007f é ñ 中文 🚨 / </script>";

    static List<Post> posts() {
        Post plain = new Post("sukamaju", "rt03-rw05", "Poskamling RT 03 / RW 05 Sukamaju", "rw05-pos",
                ZoneId.of("Asia/Jakarta"));
        Post advised = new Post("desa \"ku\"", "pos-1", "Pos ñ 1", "z1", ZoneId.of("America/St_Johns")).with(
                new Guidance(Map.of(AlertKind.PANIC, new Guidance.Instruction("Menuju {zone} \"segera\"", "Go to {zone}"),
                        AlertKind.FLOOD, new Guidance.Instruction("Naik ke tempat tinggi", "Go up")),
                        Map.of(Priority.TELEMETRY, Duration.ofMinutes(5)), Map.of(AlertKind.FLOOD, Duration.ofDays(30))));
        return List.of(plain, advised, new Post("v", "p", "UTC post", "z", ZoneId.of("UTC")));
    }

    @Test
    void every_kind_encodes_to_the_bytes_the_jackson_generator_wrote() {
        long[] sent = {Instant.parse("2026-11-23T12:06:01.789Z").toEpochMilli(),
                Instant.parse("2028-02-28T23:59:59.999Z").toEpochMilli(), Instant.parse("1999-12-31T20:30:00Z")
                .toEpochMilli(), 0};
        int compared = 0;
        for (Post post : posts()) {
            for (AlertKind kind : AlertKind.values()) {
                for (int v = 0; v < 4; v++) {
                    Event.MsgType type = Event.MsgType.values()[v % Event.MsgType.values().length];
                    Event.CapStatus status = Event.CapStatus.values()[(kind.ordinal() + v) % 5];
                    long seq = v == 3 ? Long.MAX_VALUE : 42 + v;
                    Event e = new Event(seq, v, Event.identifier(post, v, seq), kind, kind.defaultPriority(),
                            v == 2 ? AWKWARD : "panic-1", v == 1 ? "zona \"b\"" : "rw05-pos", sent[v], status, type,
                            v % 2 == 1 ? "kentongan:a:b,KTG-a-b-1-2,2026-11-23T19:06:01+07:00" : null,
                            v >= 2 ? "3/17" : null, v == 1 ? Double.valueOf(1.5) : v == 2 ? Double.valueOf(-0.001) : null, v == 2,
                            v == 2 ? AWKWARD : null);
                    assertEquals(new String(jackson(e, post), StandardCharsets.UTF_8),
                            new String(CapJson.encode(e, post), StandardCharsets.UTF_8), kind + " variant " + v);
                    compared++;
                }
            }
        }
        assertEquals(posts().size() * AlertKind.values().length * 4, compared);
    }

    @Test
    void every_status_with_every_message_type_encodes_to_the_same_bytes() {
        Post post = posts().get(0);
        int compared = 0;
        for (Event.CapStatus status : Event.CapStatus.values()) {
            for (Event.MsgType type : Event.MsgType.values()) {
                Event e = new Event(7, 1, Event.identifier(post, 1, 7), AlertKind.PANIC, Priority.LIFE_SAFETY,
                        "panic-1", "rw05-pos", 1_764_547_200_000L, status, type, null);
                assertEquals(new String(jackson(e, post), StandardCharsets.UTF_8),
                        new String(CapJson.encode(e, post), StandardCharsets.UTF_8), status + " " + type);
                compared++;
            }
        }
        assertEquals(Event.CapStatus.values().length * Event.MsgType.values().length, compared);
    }

    @Test
    void references_carry_the_same_time_text_as_the_formatter_gave() {
        List<String> old = new ArrayList<>();
        List<String> now = new ArrayList<>();
        for (Post post : posts()) {
            for (long ms = -86_400_000L * 365 * 80; ms < 86_400_000L * 365 * 80; ms += 86_400_000L * 37 + 3_601_234) {
                old.add(java.time.OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms).truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS), post.timeZone()).format(
                        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")));
                now.add(CapJson.capTime(ms, post));
            }
        }
        assertEquals(old, now);
    }

    /** The encoder as it was, with Jackson's generator. */
    static byte[] jackson(Event e, Post post) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("identifier", e.identifier());
            g.writeStringField("sender", post.sender());
            String sent = oldCapTime(e.sentMillis(), post);
            g.writeStringField("sent", sent);
            g.writeStringField("status", e.status().name());
            g.writeStringField("msgType", e.msgType().name());
            g.writeStringField("scope", "Public");
            g.writeArrayFieldStart("code");
            g.writeString("kentongan/v1");
            g.writeEndArray();
            if (e.unsynchronised()) {
                g.writeStringField("note", CapJson.UNSYNCHRONISED_NOTE);
            }
            if (e.references() != null) {
                g.writeStringField("references", e.references());
            }
            g.writeArrayFieldStart("info");
            String expires = CapJson.later(sent, post.guidance().expiresAfterSeconds(e));
            info(g, e, post, "id-ID", e.kind().headlineId(),
                    "Dilaporkan oleh " + e.source() + " di " + post.name() + ", zona " + e.zone() + "." + CapJson.words(e, false),
                    post.guidance().instruction(e, false), expires);
            info(g, e, post, "en-US", e.kind().headlineEn(),
                    "Reported by " + e.source() + " at " + post.name() + ", zone " + e.zone() + "." + CapJson.words(e, true),
                    post.guidance().instruction(e, true), expires);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void info(JsonGenerator g, Event e, Post post, String language, String headline,
                             String description, String instruction, String expires) throws IOException {
        g.writeStartObject();
        g.writeStringField("language", language);
        g.writeArrayFieldStart("category");
        g.writeString(e.kind().capCategory());
        g.writeEndArray();
        g.writeStringField("event", e.kind().wireName());
        g.writeStringField("urgency", e.kind().urgency());
        g.writeStringField("severity", e.kind().severity());
        g.writeStringField("certainty", e.kind().certainty());
        g.writeStringField("expires", expires);
        g.writeStringField("senderName", post.name());
        g.writeStringField("headline", headline);
        g.writeStringField("description", description);
        if (instruction != null) {
            g.writeStringField("instruction", instruction);
        }
        g.writeArrayFieldStart("parameter");
        param(g, "kentongan:village", post.village());
        param(g, "kentongan:post", post.id());
        param(g, "kentongan:seq", Long.toString(e.seq()));
        param(g, "kentongan:boot", Long.toString(e.boot()));
        param(g, "kentongan:kind", e.kind().wireName());
        param(g, "kentongan:priority", e.priority().wireName());
        param(g, "kentongan:source", e.source());
        if (e.sourceRef() != null) {
            param(g, "kentongan:source-ref", e.sourceRef());
        }
        if (e.value() != null) {
            param(g, "kentongan:value", Double.toString(e.value()));
        }
        if (e.unsynchronised()) {
            param(g, CapJson.CLOCK_PARAMETER, CapJson.UNSYNCHRONISED);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("area");
        g.writeStartObject();
        g.writeStringField("areaDesc", e.zone());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void param(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("valueName", name);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static String oldCapTime(long epochMillis, Post post) {
        return java.time.OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS), post.timeZone()).format(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    }
}
