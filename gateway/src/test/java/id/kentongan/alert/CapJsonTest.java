package id.kentongan.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Post POST = new Post("sukamaju", "rt03-rw05", "Poskamling RT 03 / RW 05 Sukamaju",
            "rw05-pos", ZoneId.of("Asia/Jakarta"));
    /** 12:06:01.789 UTC is 19:06:01 in Jakarta (UTC+7, no daylight saving). */
    private static final long SENT = Instant.parse("2026-11-23T12:06:01.789Z").toEpochMilli();

    private static Event panic(long boot, long seq) {
        return new Event(seq, boot, Event.identifier(POST, boot, seq), AlertKind.PANIC, Priority.LIFE_SAFETY,
                "panic-1", "rw05-pos", SENT, Event.CapStatus.Actual, Event.MsgType.Alert, null);
    }

    private static JsonNode parse(byte[] payload) throws Exception {
        return JSON.readTree(payload);
    }

    @Test
    void sent_carries_the_offset_of_its_own_moment_across_transitions_zones_and_a_clock_set_back() {
        ZoneId berlin = ZoneId.of("Europe/Berlin"); // transitions twice a year, unlike Indonesia's zones
        Post jakarta = POST;
        Post europe = new Post("sukamaju", "rt03-rw05", "Pos", "rw05-pos", berlin);
        long winter = Instant.parse("2026-03-29T00:59:59Z").getEpochSecond(); // a second before summer time
        long[] moments = {winter, winter + 1, winter + 86_400, winter - 86_400 * 200L, winter + 1, 0};
        for (long second : moments) {
            for (Post p : new Post[] {europe, jakarta, europe}) {
                assertEquals(p.timeZone().getRules().getOffset(Instant.ofEpochSecond(second)).getTotalSeconds(),
                        CapJson.offset(p, second), p.timeZone() + " at " + Instant.ofEpochSecond(second));
            }
        }
        assertEquals(3600, CapJson.offset(europe, winter));
        assertEquals(7200, CapJson.offset(europe, winter + 1));
        assertEquals(3600, CapJson.offset(europe, winter), "the clock set back: winter's offset again");
    }

    @Test
    void encoding_the_same_event_twice_gives_identical_bytes_so_retries_deduplicate() {
        Event e = panic(3, 42);
        // a replay rebuilds the event from the journal: an equal but distinct object
        Event replayed = new Event(e.seq(), e.boot(), e.identifier(), e.kind(), e.priority(), e.source(),
                e.zone(), e.sentMillis(), e.status(), e.msgType(), e.references());

        byte[] first = CapJson.encode(e, POST);
        assertArrayEquals(first, CapJson.encode(e, POST));
        assertArrayEquals(first, CapJson.encode(replayed, POST));
    }

    @Test
    void payload_carries_cap_1_2_header_with_jakarta_offset() throws Exception {
        JsonNode root = parse(CapJson.encode(panic(3, 42), POST));

        assertEquals("KTG-sukamaju-rt03-rw05-3-42", root.path("identifier").asText());
        assertEquals("kentongan:sukamaju:rt03-rw05", root.path("sender").asText());
        assertEquals("2026-11-23T19:06:01+07:00", root.path("sent").asText());
        assertEquals("Actual", root.path("status").asText());
        assertEquals("Alert", root.path("msgType").asText());
        assertEquals("Public", root.path("scope").asText());
        assertFalse(root.has("references"), "a new alert references nothing");
    }

    @Test
    void sent_time_in_utc_still_has_an_explicit_offset_not_z() throws Exception {
        Post utc = new Post("sukamaju", "rt03-rw05", "Pos", "rw05-pos", ZoneId.of("UTC"));
        JsonNode root = parse(CapJson.encode(panic(1, 1), utc));
        assertEquals("2026-11-23T12:06:01+00:00", root.path("sent").asText());
    }

    @Test
    void payload_has_an_indonesian_and_an_english_info_block_with_the_kind_headlines() throws Exception {
        Event e = new Event(7, 2, Event.identifier(POST, 2, 7), AlertKind.FLOOD, Priority.LIFE_SAFETY, "flood-1",
                "rw05-sungai", SENT, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        JsonNode info = parse(CapJson.encode(e, POST)).path("info");

        assertTrue(info.isArray(), "info must be an array");
        assertEquals(2, info.size());
        assertEquals("id-ID", info.get(0).path("language").asText());
        assertEquals("Air naik: bahaya banjir", info.get(0).path("headline").asText());
        assertEquals("en-US", info.get(1).path("language").asText());
        assertEquals("Water rising: flood danger", info.get(1).path("headline").asText());
        for (JsonNode block : info) {
            assertEquals("flood", block.path("event").asText());
            assertEquals("Met", block.path("category").get(0).asText());
            assertEquals("rw05-sungai", block.path("area").get(0).path("areaDesc").asText());
        }
    }

    @Test
    void decode_of_encode_returns_what_a_subscriber_shows() {
        Event e = new Event(42, 3, Event.identifier(POST, 3, 42), AlertKind.TAMPER, Priority.SECURITY, "tamper-1",
                "rw05-pos", SENT, Event.CapStatus.Actual, Event.MsgType.Alert, null);

        CapJson.Summary s = CapJson.decode(CapJson.encode(e, POST));

        assertEquals(e.identifier(), s.identifier());
        assertEquals(42, s.seq());
        assertEquals(3, s.boot());
        assertEquals("tamper", s.kind());
        assertEquals("security", s.priority());
        assertEquals("rt03-rw05", s.post());
        assertEquals("sukamaju", s.village());
        assertEquals("tamper-1", s.source());
        assertEquals("2026-11-23T19:06:01+07:00", s.sent());
        assertEquals("Actual", s.status());
        assertEquals("Alert", s.msgType());
        assertEquals(AlertKind.TAMPER.headlineId(), s.headlineId());
        assertEquals(AlertKind.TAMPER.headlineEn(), s.headlineEn());
    }

    @Test
    void update_event_carries_references_to_the_event_it_follows() throws Exception {
        Event original = panic(3, 42);
        String ref = CapJson.reference(original, POST);
        Event update = new Event(43, 3, Event.identifier(POST, 3, 43), AlertKind.SIREN_SILENCED,
                Priority.SUPERVISION, "silence", "rw05-pos", SENT + 60_000, Event.CapStatus.Actual,
                Event.MsgType.Update, ref);

        JsonNode root = parse(CapJson.encode(update, POST));

        assertEquals("Update", root.path("msgType").asText());
        assertEquals("kentongan:sukamaju:rt03-rw05,KTG-sukamaju-rt03-rw05-3-42,2026-11-23T19:06:01+07:00",
                root.path("references").asText());
        assertEquals("Update", CapJson.decode(CapJson.encode(update, POST)).msgType());
    }

    @Test
    void decode_of_garbage_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> CapJson.decode("kentongan berbunyi!".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> CapJson.decode("{\"identifier\": \"KTG-".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> CapJson.decode(new byte[0]));
    }

    @Test
    void decode_of_json_without_identifier_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> CapJson.decode(
                "{\"sender\":\"kentongan:sukamaju:rt03-rw05\",\"status\":\"Actual\",\"info\":[]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> CapJson.decode("{\"identifier\": 42}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> CapJson.decode("[\"KTG-sukamaju-rt03-rw05-3-42\"]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void an_event_stamped_by_an_unsynchronised_clock_says_so_in_a_parameter_and_a_note() throws Exception {
        Event p = panic(3, 42);
        Event flagged = new Event(p.seq(), p.boot(), p.identifier(), p.kind(), p.priority(), p.source(), p.zone(),
                p.sentMillis(), p.status(), p.msgType(), null, null, null, true);
        JsonNode root = parse(CapJson.encode(flagged, POST));
        assertTrue(root.path("note").asText().contains("not synchronised"), root.toString());
        assertTrue(root.path("info").get(0).path("parameter").toString()
                .contains("{\"valueName\":\"kentongan:clock\",\"value\":\"unsynchronised\"}"), root.toString());
        assertTrue(CapJson.decode(CapJson.encode(flagged, POST)).unsynchronised());

        JsonNode plain = parse(CapJson.encode(p, POST));
        assertFalse(plain.has("note"));
        assertFalse(plain.toString().contains("kentongan:clock"), "a synchronised clock adds nothing");
        assertFalse(CapJson.decode(CapJson.encode(p, POST)).unsynchronised());
    }

    /** A post whose profile gives the flood its own advice and a longer expiry, telemetry a shorter one. */
    static final Post ADVISED = POST.with(new Guidance(
            java.util.Map.of(AlertKind.FLOOD, new Guidance.Instruction("Naik ke tempat tinggi dari {zone}.",
                    "Leave {zone} for high ground.")),
            java.util.Map.of(Priority.TELEMETRY, java.time.Duration.ofMinutes(30)),
            java.util.Map.of(AlertKind.FLOOD, java.time.Duration.ofHours(48))));

    @Test
    void each_info_block_carries_the_profiles_instruction_in_its_language_and_when_the_alert_expires()
            throws Exception {
        Event flood = new Event(7, 2, Event.identifier(POST, 2, 7), AlertKind.FLOOD, Priority.LIFE_SAFETY, "flood-1",
                "rw05-sungai", SENT, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        JsonNode info = parse(CapJson.encode(flood, ADVISED)).path("info");
        assertEquals("Naik ke tempat tinggi dari rw05-sungai.", info.get(0).path("instruction").asText());
        assertEquals("Leave rw05-sungai for high ground.", info.get(1).path("instruction").asText());
        for (JsonNode block : info) {
            assertEquals("2026-11-25T19:06:01+07:00", block.path("expires").asText(), "48 h for a flood");
        }

        JsonNode panic = parse(CapJson.encode(panic(3, 42), ADVISED)).path("info");
        assertEquals("Ikuti arahan petugas pos Poskamling RT 03 / RW 05 Sukamaju dan menjauhlah dari bahaya.",
                panic.get(0).path("instruction").asText(), "a kind without a template: the built-in advice");
        assertEquals("Follow the instructions of the guards at Poskamling RT 03 / RW 05 Sukamaju and keep away "
                + "from the danger.", panic.get(1).path("instruction").asText());
        assertEquals("2026-11-24T19:06:01+07:00", panic.get(0).path("expires").asText(), "24 h for life-safety");
    }

    @Test
    void telemetry_and_updates_carry_an_expiry_but_no_instruction() throws Exception {
        Event level = new Event(8, 2, Event.identifier(POST, 2, 8), AlertKind.LEVEL, Priority.TELEMETRY, "sungai-1",
                "rw05-sungai", SENT, Event.CapStatus.Actual, Event.MsgType.Alert, null, "3/812", 1.75, false);
        JsonNode info = parse(CapJson.encode(level, ADVISED)).path("info");
        assertEquals("2026-11-23T19:36:01+07:00", info.get(0).path("expires").asText(), "the profile's 30m");
        assertFalse(info.get(0).has("instruction"), "a reading advises no one");
        Event silenced = new Event(43, 3, Event.identifier(POST, 3, 43), AlertKind.SIREN_SILENCED,
                Priority.SUPERVISION, "silence", "rw05-pos", SENT, Event.CapStatus.Actual, Event.MsgType.Update,
                CapJson.reference(panic(3, 42), POST));
        JsonNode update = parse(CapJson.encode(silenced, POST)).path("info").get(1);
        assertFalse(update.has("instruction"));
        assertEquals("2026-11-24T19:06:01+07:00", update.path("expires").asText());
    }

    /** The digit arithmetic against java.time, across month, year and leap-day ends and several offsets. */
    @Test
    void expires_is_the_same_instant_and_offset_java_time_gives() {
        java.util.Random random = new java.util.Random(11);
        java.time.format.DateTimeFormatter cap = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
        String[] zones = {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC", "America/St_Johns", "Europe/Berlin"};
        for (int i = 0; i < 20_000; i++) {
            long sentSecond = 946_684_800L + random.nextLong(4_102_444_800L - 946_684_800L); // 2000..2100
            long after = 60 + random.nextLong(30L * 86_400);
            java.time.OffsetDateTime sent = java.time.OffsetDateTime.ofInstant(Instant.ofEpochSecond(sentSecond),
                    ZoneId.of(zones[i % zones.length]));
            assertEquals(sent.plusSeconds(after).format(cap), CapJson.later(sent.format(cap), after),
                    sent + " + " + after + " s");
        }
        assertEquals("2028-03-01T00:30:00+07:00", CapJson.later("2028-02-28T00:30:00+07:00", 2 * 86_400),
                "2028 is a leap year");
        assertEquals("2027-01-01T00:00:59+07:00", CapJson.later("2026-12-31T23:59:59+07:00", 60));
    }
}
