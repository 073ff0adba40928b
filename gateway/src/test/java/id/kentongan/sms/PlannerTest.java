package id.kentongan.sms;

import id.kentongan.config.SmsSettings;
import id.kentongan.config.Modem;
import id.kentongan.config.Directory;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.journal.SmsPlanner;
import id.kentongan.journal.SmsRow;
import id.kentongan.alert.Residents;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who is told what of each event, in which order and language, and how often. */
class PlannerTest {

    static final Post POST = new Post("desa-uji", "pos-uji", "Pos uji", "z1", ZoneId.of("Asia/Jakarta"));
    static final Residents TEMPLATES = new Residents(Map.of(AlertKind.FLOOD, new Residents.Texts(
            new Residents.Text("Banjir di {zone}", "Naik ke tempat tinggi sekarang."),
            new Residents.Text("Flood in {zone}", "Go to high ground now."))));

    /** z1: a (id), b (en); z2: c (id); people ketua-rt (id), polsek (en). */
    static final Directory DIRECTORY = new Directory() {
        final Map<String, Entry> all = Map.of(
                "a", new Entry("a", "z1", "id", "a", false), "b", new Entry("b", "z1", "en", "b", false),
                "c", new Entry("c", "z2", "id", "c", false),
                "ketua-rt", new Entry("ketua-rt", null, "id", "Ketua RT", true),
                "polsek", new Entry("polsek", null, "en", "Piket Polsek", true));

        @Override
        public String number(String key) {
            return null;
        }

        @Override
        public List<Entry> residents(String zone) {
            return all.values().stream().filter(e -> zone.equals(e.zone())).sorted(
                    java.util.Comparator.comparing(Entry::key)).toList();
        }

        @Override
        public Entry person(String key) {
            Entry e = all.get(key);
            return e != null && e.person() ? e : null;
        }

        @Override
        public Entry entry(String key) {
            return all.get(key);
        }

        @Override
        public Entry byNumber(String number) {
            return null;
        }

        @Override
        public String countryCode() {
            return "62";
        }
    };

    /** The same people, with numbers: a (z1) +6280000000001, ketua-rt +6280000000900. */
    static final Directory DIRECTORY_WITH_NUMBERS = new Directory() {
        final Map<String, String> byNumber = Map.of("+6280000000001", "a", "+6280000000900", "ketua-rt");

        @Override
        public String number(String key) {
            return null;
        }

        @Override
        public List<Entry> residents(String zone) {
            return DIRECTORY.residents(zone);
        }

        @Override
        public Entry person(String key) {
            return DIRECTORY.person(key);
        }

        @Override
        public Entry entry(String key) {
            return DIRECTORY.entry(key);
        }

        @Override
        public Entry byNumber(String number) {
            String key = byNumber.get(number);
            return key == null ? null : DIRECTORY.entry(key);
        }

        @Override
        public String countryCode() {
            return "62";
        }

        @Override
        public String guardByNumber(String number) {
            return number.equals("+6280000000777") ? "budi" : null;
        }
    };

    static SmsSettings settings(SmsSettings.Reach lifeSafety) {
        return new SmsSettings(List.of(new Modem("modem-1", Path.of("/x"), null, 12, 2)), "62", 2, 30,
                Map.of(Priority.LIFE_SAFETY, lifeSafety, Priority.SECURITY, SmsSettings.Reach.OWN_ZONE),
                Map.of(AlertKind.FLOOD, List.of(new SmsSettings.Level(Duration.ofMinutes(1), List.of("ketua-rt")),
                        new SmsSettings.Level(Duration.ofMinutes(5), List.of("polsek")))), List.of("polsek"), 5);
    }

    /** The journal as the planner sees it: events by identifier, and who a key's messages reached. */
    static final class Book implements SmsPlanner.Journaled, SmsPlanner.Plan {
        final Map<String, Event> events = new HashMap<>();
        final Map<String, List<String>> reached = new HashMap<>();
        final List<SmsRow> sent = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();

        @Override
        public Event event(String identifier) {
            return events.get(identifier);
        }

        @Override
        public List<String> reached(String key) {
            return reached.getOrDefault(key, List.of());
        }

        @Override
        public void send(SmsRow row) {
            sent.add(row);
        }

        @Override
        public void cancelQueued(String key, String reason) {
            cancelled.add(key);
        }
    }

    static Event event(long seq, AlertKind kind, Event.CapStatus status, Event.MsgType type, String refs, Double value,
                       String source) {
        return new Event(seq, 1, Event.identifier(POST, 1, seq), kind, kind.defaultPriority(), source, "z2",
                1_700_000_000_000L, status, type, refs, null, value);
    }

    @Test
    void a_flood_in_z2_reaches_z2_first_then_z1_each_in_their_language_once() throws Exception {
        Planner p = new Planner(POST, List.of("z1", "z2"), settings(SmsSettings.Reach.ALL_ZONES), DIRECTORY, TEMPLATES);
        Book book = new Book();
        p.plan(event(7, AlertKind.FLOOD, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "flood-1"), book, book);
        assertEquals(List.of("c:1", "a:2", "b:2"), book.sent.stream().map(r -> r.recipient() + ":" + r.rank()).toList());
        assertEquals("Banjir di z2. Naik ke tempat tinggi sekarang. (#7)", book.sent.get(0).text());
        assertEquals("Flood in z2. Go to high ground now. (#7)", book.sent.get(2).text());
        assertTrue(book.sent.stream().allMatch(r -> r.priority() == Priority.LIFE_SAFETY && r.purpose().equals("resident")));
    }

    @Test
    void an_unmanned_watch_texts_the_people_of_sms_ronda_in_their_language_and_no_resident() throws Exception {
        SmsSettings base = settings(SmsSettings.Reach.ALL_ZONES);
        SmsSettings withRonda = new SmsSettings(base.modems(), "62", 2, 30, base.reach(), base.phoneTree(), base.duty(),
                5, List.of("ketua-rt", "polsek"));
        Planner p = new Planner(POST, List.of("z1", "z2"), withRonda, DIRECTORY, TEMPLATES);
        Book book = new Book();
        p.plan(event(11, AlertKind.SHIFT_UNMANNED, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "ronda"),
                book, book);
        assertEquals(List.of("ketua-rt", "polsek"), book.sent.stream().map(SmsRow::recipient).toList());
        assertEquals("RONDA: belum ada petugas jaga di Pos uji (05:13, #11). Mohon hubungi petugas ronda malam ini.",
                book.sent.get(0).text());
        assertTrue(book.sent.get(1).text().startsWith("RONDA: nobody has signed on"), book.sent.get(1).text());
        Book none = new Book();
        new Planner(POST, List.of("z1", "z2"), base, DIRECTORY, TEMPLATES).plan(event(12, AlertKind.SHIFT_UNMANNED,
                Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "ronda"), none, none);
        assertEquals(List.of(), none.sent, "without sms.ronda, nobody");
    }

    @Test
    void a_drill_says_so_first_and_a_test_texts_nobody() throws Exception {
        Planner p = new Planner(POST, List.of("z1", "z2"), settings(SmsSettings.Reach.OWN_ZONE), DIRECTORY, TEMPLATES);
        Book book = new Book();
        p.plan(event(8, AlertKind.FLOOD, Event.CapStatus.Exercise, Event.MsgType.Alert, null, null, "centre:x"), book,
                book);
        assertEquals(1, book.sent.size(), "own zone only");
        assertTrue(book.sent.get(0).text().startsWith("LATIHAN, BUKAN SUNGGUHAN: Banjir di z2"), book.sent.get(0).text());
        p.plan(event(9, AlertKind.FLOOD, Event.CapStatus.Test, Event.MsgType.Alert, null, null, "centre:x"), book, book);
        assertEquals(1, book.sent.size());
    }

    @Test
    void a_page_reaches_that_levels_people_before_residents_once_per_alarm() throws Exception {
        Planner p = new Planner(POST, List.of("z1", "z2"), settings(SmsSettings.Reach.OWN_ZONE), DIRECTORY, TEMPLATES);
        Book book = new Book();
        Event flood = event(7, AlertKind.FLOOD, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "flood-1");
        book.events.put(flood.identifier(), flood);
        Event page2 = event(9, AlertKind.PAGED, Event.CapStatus.Actual, Event.MsgType.Update,
                CapJson.reference(flood, POST), 2.0, "phone-tree");
        p.plan(page2, book, book);
        SmsRow row = book.sent.get(0);
        assertEquals("polsek", row.recipient());
        assertEquals(0, row.rank());
        assertEquals(Priority.LIFE_SAFETY, row.priority(), "the alarm's class, not the page event's");
        assertEquals(flood.identifier() + "#page", row.key(), "paged again after a restart: the same message key");
        assertTrue(row.text().startsWith("CALL-OUT: Water rising: flood danger at Pos uji, zone z2, #7."), row.text());
        assertTrue(row.text().endsWith("Reply OK 7 if you are taking it."), row.text());
    }

    @Test
    void the_all_clear_cancels_what_waits_and_reaches_whoever_the_alarm_and_its_pages_reached() throws Exception {
        Planner p = new Planner(POST, List.of("z1", "z2"), settings(SmsSettings.Reach.ALL_ZONES), DIRECTORY, TEMPLATES);
        Book book = new Book();
        Event flood = event(7, AlertKind.FLOOD, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "flood-1");
        book.events.put(flood.identifier(), flood);
        book.reached.put(flood.identifier(), List.of("c", "b"));
        book.reached.put(flood.identifier() + "#page", List.of("ketua-rt"));
        p.plan(event(10, AlertKind.ALL_CLEAR, Event.CapStatus.Actual, Event.MsgType.Cancel,
                CapJson.reference(flood, POST), null, "centre:x"), book, book);
        assertEquals(List.of(flood.identifier(), flood.identifier() + "#page"), book.cancelled);
        assertEquals(List.of("ketua-rt", "c", "b"), book.sent.stream().map(SmsRow::recipient).toList());
        assertTrue(book.sent.stream().allMatch(r -> r.key().equals(flood.identifier() + "#clear")), "once per alarm");
        assertTrue(book.sent.get(2).text().startsWith("All clear: the danger is over."), book.sent.get(2).text());
    }

    @Test
    void the_duty_phone_gets_the_alarm_and_a_reporter_gets_a_reply() throws Exception {
        Planner p = new Planner(POST, List.of("z1", "z2"), settings(SmsSettings.Reach.NONE), DIRECTORY, TEMPLATES);
        Book book = new Book();
        Event panic = event(3, AlertKind.PANIC, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "panic-1");
        book.events.put(panic.identifier(), panic);
        p.plan(panic, book, book);
        assertEquals(0, book.sent.size(), "reach none: no resident");
        p.plan(event(4, AlertKind.SENT_BY_SMS, Event.CapStatus.Actual, Event.MsgType.Update,
                CapJson.reference(panic, POST), null, "sms"), book, book);
        assertEquals("polsek", book.sent.get(0).recipient());
        assertTrue(book.sent.get(0).text().startsWith("KENTONGAN desa-uji/pos-uji: Panic button pressed, zone z2, #3,"),
                book.sent.get(0).text());
        p.plan(event(5, AlertKind.REPORT, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, "sms:b"), book, book);
        assertEquals("b", book.sent.get(1).recipient());
        assertEquals("Your report reached Pos uji (no. 5). The guards will look into it. Thank you.",
                book.sent.get(1).text());
    }
}
