package id.kentongan.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CAP 1.2 XML both ways, checked against the OASIS schema. */
class CapXmlTest {

    static final Post POST = new Post("sukamaju", "rt03-rw05", "Poskamling RT 03 / RW 05", "rw05-pos",
            ZoneId.of("Asia/Jakarta"));

    @ParameterizedTest
    @EnumSource(AlertKind.class)
    void the_export_of_every_alert_kind_validates_against_the_oasis_schema(AlertKind kind) {
        Event e = new Event(42, 3, Event.identifier(POST, 3, 42), kind, kind.defaultPriority(), "panic-1", "rw05-pos",
                1_795_461_486_556L, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        String xml = CapXml.encode(e, POST);
        CapXml.validate(xml);
        assertTrue(xml.contains("<identifier>KTG-sukamaju-rt03-rw05-3-42</identifier>"), xml);
        assertTrue(xml.contains("<sent>2026-11-24T02:18:06+07:00</sent>"), xml);
        assertTrue(xml.contains("<language>id-ID</language>") && xml.contains("<language>en-US</language>"));
    }

    @Test
    void updates_cancels_and_drills_validate_too() {
        for (Event.MsgType type : new Event.MsgType[] {Event.MsgType.Update, Event.MsgType.Cancel}) {
            for (Event.CapStatus status : new Event.CapStatus[] {Event.CapStatus.Exercise, Event.CapStatus.Test}) {
                Event e = new Event(43, 3, Event.identifier(POST, 3, 43), AlertKind.ALL_CLEAR,
                        Priority.SUPERVISION, "centre:polsek-1", "rw05-pos", 1_795_461_486_556L, status, type,
                        POST.sender() + ",KTG-sukamaju-rt03-rw05-3-42,2026-11-24T02:18:06+07:00");
                CapXml.validate(CapXml.encode(e, POST));
            }
        }
    }

    static final String BMKG = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>BMKG-2026-1123-0001</identifier>
              <sender>info@example.org</sender>
              <sent>2026-11-23T20:00:00+07:00</sent>
              <status>Actual</status>
              <msgType>Alert</msgType>
              <scope>Public</scope>
              <info>
                <category>Met</category>
                <event>Banjir</event>
                <urgency>Immediate</urgency>
                <severity>Extreme</severity>
                <certainty>Likely</certainty>
                <headline>Peringatan dini banjir</headline>
                <area><areaDesc>Sukamaju</areaDesc></area>
              </info>
            </alert>
            """;

    @Test
    void a_relayed_cap_alert_is_read_after_validation() {
        CapXml.Incoming in = CapXml.parse(BMKG);
        assertEquals("BMKG-2026-1123-0001", in.identifier());
        assertEquals("Met", in.category());
        assertEquals("Extreme", in.severity());
        assertEquals("Immediate", in.urgency());
        assertEquals(java.util.List.of(new CapXml.Area("Sukamaju", java.util.List.of())), in.areas());
    }

    @Test
    void a_relayed_cap_alerts_areas_are_read_with_their_geocodes() {
        CapXml.Incoming in = CapXml.parse(BMKG.replace("<area><areaDesc>Sukamaju</areaDesc></area>", """
                <area><areaDesc>Dusun Hilir</areaDesc>
                  <geocode><valueName>BPS</valueName><value>3201012005</value></geocode>
                  <geocode><valueName>BPS</valueName><value>3201012006</value></geocode></area>
                <area><areaDesc>Dusun Hulu</areaDesc></area>"""));
        assertEquals(java.util.List.of(
                new CapXml.Area("Dusun Hilir", java.util.List.of(new CapXml.Geocode("BPS", "3201012005"),
                        new CapXml.Geocode("BPS", "3201012006"))),
                new CapXml.Area("Dusun Hulu", java.util.List.of())), in.areas());
    }

    @Test
    void the_export_carries_instruction_and_expires_in_each_language_and_still_validates() {
        Event e = new Event(42, 3, Event.identifier(POST, 3, 42), AlertKind.FLOOD, Priority.LIFE_SAFETY, "flood-1",
                "rw05-pos", 1_795_461_486_556L, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        Post advised = POST.with(new Guidance(java.util.Map.of(AlertKind.FLOOD, new Guidance.Instruction(
                "Naik ke tempat tinggi & bawa surat penting.", "Go to <high> ground.")), java.util.Map.of(),
                java.util.Map.of()));
        String xml = CapXml.encode(e, advised);
        CapXml.validate(xml);
        assertTrue(xml.contains("<certainty>Observed</certainty><expires>2026-11-25T02:18:06+07:00</expires>"
                + "<senderName>"), xml);
        assertTrue(xml.contains("<instruction>Naik ke tempat tinggi &amp; bawa surat penting.</instruction>"), xml);
        assertTrue(xml.contains("<instruction>Go to &lt;high&gt; ground.</instruction><parameter>"), xml);
    }

    @Test
    void an_invalid_or_hostile_cap_document_is_refused_with_a_reason() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CapXml.parse(BMKG.replace("<severity>Extreme</severity>", "<severity>Huge</severity>")));
        assertTrue(bad.getMessage().contains("not a valid CAP 1.2 alert"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CapXml.parse(BMKG.replace("<sent>", "<sentx>")));
        IllegalArgumentException xxe = assertThrows(IllegalArgumentException.class, () -> CapXml.parse(
                "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + BMKG.substring(
                        BMKG.indexOf("<alert"))));
        assertTrue(xxe.getMessage().contains("DTD"), xxe.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = AlertKind.class, names = {"PANIC", "CLOCK_JUMPED", "CLOCK_SYNCHRONISED", "DOOR"})
    void an_unsynchronised_stamp_is_a_note_and_a_parameter_and_still_validates(AlertKind kind) {
        Event e = new Event(44, 3, Event.identifier(POST, 3, 44), kind, kind.defaultPriority(), "clock", "rw05-pos",
                1_795_461_486_556L, Event.CapStatus.Actual, Event.MsgType.Update,
                POST.sender() + ",KTG-sukamaju-rt03-rw05-3-42,2026-11-24T02:18:06+07:00", null, -86_400.0, true);
        String xml = CapXml.encode(e, POST);
        CapXml.validate(xml);
        assertTrue(xml.contains("<note>sent: the post's clock was not synchronised"), xml);
        assertTrue(xml.contains("<parameter><valueName>kentongan:clock</valueName><value>unsynchronised</value>"
                + "</parameter>"), xml);
    }
}
