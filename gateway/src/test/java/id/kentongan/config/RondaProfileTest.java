package id.kentongan.config;

import id.kentongan.dispatch.Site;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile's {@code ronda} section (#14): read whole, refused with {@code file:line} for each mistake. */
class RondaProfileTest {

    private static final Path NAME = Path.of("site.yaml");

    /** Line numbers matter: the bad cases below replace line 20 on (the ronda section's body). */
    private static final String HEAD = """
            schema: 1
            post:
              id: rt01-rw02
              village: desa
              zone: pos
            zones: [pos, sungai]
            inputs:
              - { id: panic-1, pin: 17 }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
              - { id: beat-1, pin: 6, role: beat }
            rules:
              - { input: panic-1, kind: panic, outputs: [siren-1] }
            patterns:
              jam: { type: beats, count: 3, on: 200ms, off: 400ms, pause: 2s }
            field:
              nodes:
                - { id: cp-sungai, zone: sungai, events: [checkpoint] }
                - { id: tombol-1, zone: pos, events: [panic] }
            ronda:
            """;

    private static final String GOOD = """
              shifts:
                - { id: malam, start: "22:00", end: "04:00" }
              grace: 10m
              roster: { mon: [budi, agus], sat: [joko] }
              rounds: { every: 60m }
              checkpoints:
                - { id: pos, post: true, place: "Pos kamling" }
                - { node: cp-sungai, place: "Tepi sungai", every: 45m }
              hour_beat: { pattern: jam, output: beat-1 }
            """;

    private static SiteProfile load(String body) throws ProfileException {
        return ProfileLoader.load(NAME, new StringReader(HEAD + body));
    }

    private static List<String> refused(String body) {
        ProfileException e = assertThrows(ProfileException.class, () -> load(body), body);
        e.problems().forEach(p -> assertTrue(p.matches("site\\.yaml:\\d+: .+"), p));
        return e.problems();
    }

    private static void assertOne(String body, int line, String fragment) {
        List<String> problems = refused(body);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("site.yaml:" + line + ": ") && problems.get(0).contains(fragment),
                "expected line " + line + " '" + fragment + "', got " + problems);
    }

    @Test
    void a_sound_ronda_section_gives_the_loop_its_shifts_roster_and_checkpoints() throws Exception {
        Site.Ronda r = load(GOOD).toSite().ronda();
        assertTrue(r.watched());
        assertEquals(new Site.Ronda.Shift("malam", LocalTime.of(22, 0), LocalTime.of(4, 0),
                java.util.EnumSet.allOf(DayOfWeek.class)), r.shifts().get(0));
        assertEquals(List.of("budi", "agus"), r.roster().get(DayOfWeek.MONDAY));
        assertEquals(Duration.ofMinutes(10).toNanos(), r.graceNanos());
        assertEquals(new Site.Ronda.Checkpoint("pos", -1, "Pos kamling", "pos", Duration.ofMinutes(60).toNanos()),
                r.checkpoints().get(0));
        assertEquals(new Site.Ronda.Checkpoint("cp-sungai", 0, "Tepi sungai", "sungai",
                Duration.ofMinutes(45).toNanos()), r.checkpoints().get(1));
        assertEquals(1, r.checkpointAt(0), "node cp-sungai reads the second checkpoint");
        assertEquals(0, r.checkpointAt(-1), "the post's reader reads the first");
        assertEquals(-1, r.checkpointAt(1), "node tombol-1 is no checkpoint");
        assertEquals(1, r.beatOutput());
    }

    @Test
    void a_profile_without_ronda_watches_nothing() throws Exception {
        String noRonda = HEAD.substring(0, HEAD.lastIndexOf("ronda:"));
        assertFalse(ProfileLoader.load(NAME, new StringReader(noRonda)).toSite().ronda().watched());
    }

    @Test
    void bad_shifts_are_refused_with_their_lines() {
        assertOne("""
                  shifts:
                    - { id: malam, start: "22.00", end: "04:00" }
                """, 22, "must be a time such as 22:00");
        assertOne("""
                  shifts:
                    - { id: malam, start: "22:00", end: "22:00" }
                """, 22, "must end at another time");
        assertOne("""
                  shifts:
                    - { id: malam, start: "22:00", end: "04:00", days: [mon, funday] }
                """, 22, "'funday' is not one of");
        assertOne("""
                  shifts:
                    - { id: malam, start: "22:00", end: "04:00" }
                    - { id: subuh, start: "03:00", end: "06:00" }
                """, 23, "overlaps shift 'malam'");
        assertOne("""
                  shifts: []
                """, 21, "at least one shift");
        assertOne("""
                  shifts:
                    - { start: "22:00", end: "04:00" }
                  grace: 3h
                """, 23, "grace must be 0..2h");
    }

    @Test
    void bad_rosters_and_checkpoints_are_refused_with_their_lines() {
        String shift = """
                  shifts:
                    - { start: "22:00", end: "04:00" }
                """;
        assertOne(shift + """
                  roster: { mon: ["+628004567890"] }
                """, 23, "cards and phones belong in the register");
        assertOne(shift + """
                  roster: { monday: [budi] }
                """, 23, "'monday' is not one of");
        assertOne(shift + """
                  checkpoints:
                    - { node: tombol-1, place: "Tombol" }
                """, 24, "must list 'checkpoint' among its events");
        assertOne(shift + """
                  checkpoints:
                    - { node: nowhere, place: "X" }
                """, 24, "'nowhere' is not a field node");
        assertOne(shift + """
                  checkpoints:
                    - { place: "X" }
                """, 24, "name its field node");
        assertOne(shift + """
                  checkpoints:
                    - { node: cp-sungai, place: "A" }
                    - { id: b, node: cp-sungai, place: "B" }
                """, 25, "already a checkpoint");
        assertOne(shift + """
                  checkpoints:
                    - { post: true, place: "Pos", every: 1m }
                """, 24, "every must be 5m..12h");
        assertOne(shift + """
                  checkpoints:
                    - { post: true, place: "Pos", zone: laut }
                """, 24, "zone 'laut' is not one of the zones");
        assertOne(shift + """
                  card: 04A1B2C3
                """, 23, "unknown key 'card'");
    }

    @Test
    void the_card_reader_at_the_post_is_the_one_named_or_the_first_for_a_checkpoint_at_the_post() throws Exception {
        assertEquals("", load(GOOD).ronda().reader(), "a checkpoint at the post: the first reader connected");
        assertEquals("ACS ACR122U", load(GOOD + """
                  reader: " ACS ACR122U "
                """).ronda().reader());
        String shiftOnly = """
                  shifts:
                    - { start: "22:00", end: "04:00" }
                """;
        assertEquals(null, load(shiftOnly).ronda().reader(), "no reader, no checkpoint at the post: none");
        assertEquals("", load(shiftOnly + """
                  reader: ""
                """).ronda().reader(), "an empty name: the first reader");
        assertOne(shiftOnly + """
                  reader: "ACR\\u0007"
                """, 23, "ronda.reader must be");
        assertOne(shiftOnly + """
                  reader: [a, b]
                """, 23, "must be a single value");
    }

    @Test
    void hour_beats_never_go_to_an_output_that_sounds_real_alerts() {
        String shift = """
                  shifts:
                    - { start: "22:00", end: "04:00" }
                """;
        assertOne(shift + """
                  hour_beat: { pattern: jam, output: siren-1 }
                """, 23, "sounds real alerts");
        assertOne(shift + """
                  hour_beat: { pattern: nada, output: beat-1 }
                """, 23, "unknown pattern 'nada'");
        List<String> alarmOnBeat = assertThrows(ProfileException.class, () -> ProfileLoader.load(NAME,
                new StringReader(HEAD.replace("outputs: [siren-1]", "outputs: [beat-1]") + shift))).problems();
        assertTrue(alarmOnBeat.stream().anyMatch(p -> p.contains("output 'beat-1' is the night watch's beat; only "
                + "sirens and strobes sound alerts")), "an alarm never sounds on the beat: " + alarmOnBeat);
    }
}
