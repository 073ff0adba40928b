package id.kentongan.report;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A post's CAP JSON as the centre keeps it, and what it refuses to keep. */
class CapRowsTest {

    static final Post POST = new Post("sukamaju", "rt03-rw05", "Pos", "rw05-pos", ZoneId.of("Asia/Jakarta"));

    @Test
    void a_posts_event_reads_back_with_its_post_sequence_kind_zone_and_references() throws Exception {
        Event alarm = new Event(12, 4, Event.identifier(POST, 4, 12), AlertKind.FLOOD, Priority.LIFE_SAFETY,
                "flood-1", "rw05-sungai", 1_795_000_000_123L, Event.CapStatus.Exercise, Event.MsgType.Alert, null,
                null, 1.5, true);
        Row r = CapRows.decode(CapJson.encode(alarm, POST), 42);
        assertEquals("sukamaju/rt03-rw05", r.post());
        assertEquals(12, r.seq());
        assertEquals(4, r.boot());
        assertEquals("KTG-sukamaju-rt03-rw05-4-12", r.identifier());
        assertEquals("flood", r.kind());
        assertEquals(0, r.priority());
        assertEquals("flood-1", r.source());
        assertEquals("rw05-sungai", r.zone());
        assertEquals(1_795_000_000_000L, r.sentMs(), "CAP carries whole seconds");
        assertEquals("Exercise", r.status());
        assertEquals(42, r.deliveredMs(), "delivered, at a centre, is when it first came");
        assertTrue(r.unsynced());
        assertEquals(1.5, r.value());
        assertNull(r.refs());

        Event ack = new Event(13, 4, Event.identifier(POST, 4, 13), AlertKind.ACKNOWLEDGED, Priority.SUPERVISION,
                "centre:polsek-1", "rw05-pos", 1_795_000_010_000L, Event.CapStatus.Actual, Event.MsgType.Update,
                CapJson.reference(alarm, POST));
        Row a = CapRows.decode(CapJson.encode(ack, POST), 43);
        assertEquals("Update", a.msgType());
        assertEquals(java.util.List.of("KTG-sukamaju-rt03-rw05-4-12"), References.identifiers(a.refs()));
    }

    @Test
    void what_is_not_a_posts_event_is_refused_with_a_reason() {
        assertEquals("not JSON", refusal("{\"identifier\":"));
        assertTrue(refusal("[]").startsWith("not a JSON object"));
        assertTrue(refusal("{\"identifier\":\"x\",\"sent\":\"yesterday\"}").contains("'sent'"));
        String noSeq = "{\"identifier\":\"x\",\"sent\":\"2026-11-24T02:18:06+07:00\",\"status\":\"Actual\","
                + "\"msgType\":\"Alert\",\"info\":[{\"parameter\":[{\"valueName\":\"kentongan:village\","
                + "\"value\":\"a\"}]}]}";
        assertTrue(refusal(noSeq).contains("seq"), refusal(noSeq));
        String slash = noSeq.replace("\"value\":\"a\"", "\"value\":\"a/b\"");
        assertTrue(refusal(slash).contains("'village' is not an id"), refusal(slash));
        byte[] big = new byte[CapRows.MAX_PAYLOAD + 1];
        assertTrue(assertThrows(CapRows.Refused.class, () -> CapRows.decode(big, 0)).getMessage().contains("too large"));
    }

    private static String refusal(String json) {
        return assertThrows(CapRows.Refused.class, () -> CapRows.decode(json.getBytes(StandardCharsets.UTF_8), 0))
                .getMessage();
    }
}
