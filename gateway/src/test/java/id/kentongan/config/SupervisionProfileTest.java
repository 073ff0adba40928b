package id.kentongan.config;

import id.kentongan.dispatch.Site;
import id.kentongan.dispatch.SupervisionRules;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profile's supervision (#16): an output's feedback and supply, the power inputs, and the
 * {@code selftest} section. A sound profile gives the loop its rules; bad wiring and schedules are
 * refused with their lines.
 */
class SupervisionProfileTest {

    private static final Path NAME = Path.of("site.yaml");

    private static final String HEAD = """
            schema: 1
            post: { id: pos-1, village: desa-1 }
            zones: [z1]
            """;                                                                              // lines 1..3

    /** A post with a supervised siren, its supply cut, and the power lines of a UPS HAT. */
    private static final String WIRED = HEAD + """
            inputs:
              - { id: panic-1, pin: 17 }
              - { id: siren-fb, pin: 20, role: feedback, pull: up, active: low }
              - { id: mains, pin: 21, role: mains, active: high, settle: 5s }
              - { id: batt-low, pin: 16, role: battery-low, active: high }
              - { id: batt-crit, pin: 12, role: battery-critical, active: high }
            outputs:
              - { id: siren-1, pin: 5, role: siren, feedback: siren-fb, settle: 300ms, supply: siren-power }
              - { id: siren-power, pin: 26, role: supply-cut }
            rules:
              - { input: panic-1, kind: panic, outputs: [siren-1] }
            """;                                                                              // lines 4..14 (selftest from 15)

    private static SiteProfile load(String text) throws ProfileException {
        return ProfileLoader.load(NAME, new StringReader(text));
    }

    private static void assertRefused(String text, String... lineAndReason) {
        ProfileException e = assertThrows(ProfileException.class, () -> load(text), text);
        List<String> problems = e.problems();
        for (String expected : lineAndReason) {
            int colon = expected.indexOf(':');
            String prefix = NAME + ":" + expected.substring(0, colon) + ": ";
            String fragment = expected.substring(colon + 1);
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix) && p.contains(fragment)),
                    "expected '" + prefix + "..." + fragment + "' in " + problems);
        }
        assertEquals(lineAndReason.length, problems.size(), "problems: " + problems);
    }

    @Test
    void a_wired_post_gives_the_loop_its_feedback_power_lines_and_tests() throws Exception {
        SiteProfile p = load(WIRED + """
                selftest:
                  circuit: { every: "daily at 03:00", method: silent }
                  audible: { every: "first monday of the month at 10:00", duration: 20s }
                """);
        Site site = p.toSite();
        SupervisionRules s = site.supervision();
        assertEquals(List.of(new SupervisionRules.Feedback(0, 1, Duration.ofMillis(300).toNanos(), 1)), s.feedback());
        assertEquals(List.of(SupervisionRules.Power.MAINS, SupervisionRules.Power.BATTERY_LOW,
                SupervisionRules.Power.BATTERY_CRITICAL), s.power().stream().map(SupervisionRules.PowerLine::kind).toList());
        assertEquals(Duration.ofSeconds(5).toNanos(), s.power().get(0).settleNanos());
        assertEquals(Duration.ofSeconds(2).toNanos(), s.power().get(1).settleNanos(), "the default hold");
        assertTrue(site.inputs().get(1).watched() && site.inputs().get(2).watched(),
                "feedback and power lines are not presses");
        assertTrue(!site.inputs().get(0).watched());
        SupervisionRules.Test circuit = s.tests().get(0);
        assertEquals(SupervisionRules.Method.SILENT, circuit.method());
        assertEquals(LocalTime.of(3, 0), circuit.schedule().at());
        assertTrue(circuit.driveNanos() > Duration.ofMillis(300).toNanos(), "held past the settle");
        SupervisionRules.Test audible = s.tests().get(1);
        assertEquals(SupervisionRules.Method.AUDIBLE, audible.method());
        assertEquals(DayOfWeek.MONDAY, audible.schedule().day());
        assertEquals(1, audible.schedule().nth());
        assertEquals(Duration.ofSeconds(20).toNanos(), audible.driveNanos());
        assertEquals(p.centre().testPattern(), audible.pattern(), "the community hears the test pattern");
    }

    @Test
    void a_post_without_supervision_supervises_nothing() throws Exception {
        SiteProfile p = load(HEAD + """
                inputs: [ { id: panic-1, pin: 17 } ]
                outputs: [ { id: siren-1, pin: 5, role: siren } ]
                rules: [ { input: panic-1, kind: panic, outputs: [siren-1] } ]
                """);
        assertTrue(!p.toSite().supervision().any());
    }

    @Test
    void bad_feedback_and_supply_wiring_is_refused_with_lines() {
        String text = HEAD + """
                inputs:
                  - { id: panic-1, pin: 17 }
                  - { id: fb-a, pin: 20, role: feedback }
                  - { id: fb-lonely, pin: 21, role: feedback }
                  - { id: mains, pin: 22, role: mains }
                  - { id: mains-2, pin: 23, role: mains }
                  - { id: panic-2, pin: 24, settle: 2s }
                outputs:
                  - { id: siren-1, pin: 5, role: siren, feedback: fb-a, supply: led }
                  - { id: siren-2, pin: 6, role: siren, feedback: fb-a }
                  - { id: siren-3, pin: 7, role: siren, feedback: panic-1, settle: 1ms }
                  - { id: led, pin: 13, role: ack-led, settle: 1s }
                  - { id: cut, pin: 26, role: supply-cut }
                rules:
                  - { input: panic-1, kind: panic, outputs: [siren-1] }
                  - { input: panic-2, kind: panic, outputs: [siren-1] }
                  - { input: mains, kind: panic }
                """;
        assertRefused(text,
                "7:feedback input 'fb-lonely' is the feedback of no output",
                "9:'mains' already has the role mains",
                "10:settle is for mains and battery inputs",
                "12:output 'led' must have role: supply-cut",
                "13:input 'fb-a' is already the feedback of 'siren-1'",
                "14:input 'panic-1' must have role: feedback",
                "14:settle must be 10ms..30s",
                "15:settle needs a feedback input",
                "16:supply-cut output 'cut' is the supply of no output",
                "20:input 'mains' is the mains input and takes no rule");
    }

    @Test
    void bad_schedules_and_methods_are_refused_with_lines() {
        String noSupply = WIRED.replace(", supply: siren-power }", " }")
                .replace("  - { id: siren-power, pin: 26, role: supply-cut }\n", "");
        assertRefused(noSupply + """
                selftest:
                  circuit: { every: "daily at 25:00", method: silent }
                  audible: { every: "every monday", pattern: titir, duration: 10m }
                """,
                "15:25:00 is not a time of day",
                "15:method silent needs a supply (a supply-cut output) on output 'siren-1'",
                "16:schedule 'every monday' is not one of",
                "16:pattern 'titir' is not the test pattern",
                "16:duration must be 1s..5m");
        assertRefused(WIRED + """
                selftest:
                  circuit:
                    every: "second funday of the month at 10:00"
                    method: chirp
                    chirp: 100ms
                  weekly: { every: "weekly on sunday at 03:00" }
                """,
                "17:'funday' is not a day of the week",
                "19:chirp must be longer than the slowest settle (300ms)",
                "20:unknown key 'weekly'");
        assertRefused(WIRED + """
                selftest:
                  circuit: { every: "weekly on sunday at 03:00", method: loud }
                """,
                "16:method is 'loud', expected one of [chirp, silent]");
    }

    @Test
    void a_circuit_test_without_any_feedback_is_refused() {
        assertRefused(HEAD + """
                inputs: [ { id: panic-1, pin: 17 } ]
                outputs: [ { id: siren-1, pin: 5, role: siren } ]
                rules: [ { input: panic-1, kind: panic, outputs: [siren-1] } ]
                selftest:
                  circuit: { every: "daily at 03:00", method: chirp }
                """,
                "8:no output has a feedback input to test");
    }
}
