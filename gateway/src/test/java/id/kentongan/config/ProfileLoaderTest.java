package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Priority;
import id.kentongan.config.SiteProfile.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLoaderTest {

    private static final Path EXAMPLE = Path.of("..", "firmware-config", "sites", "sukamaju-rt03.yaml");
    private static final Path NAME = Path.of("site.yaml");

    /**
     * The smallest profile the loader accepts. Line numbers matter: every bad case below edits or
     * inserts lines and states the line the problem must be reported at.
     */
    private static final String MINIMAL = """
            schema: 1
            post:
              id: rt01-rw02
              village: desa
            zones: [pos]
            inputs:
              - { id: panic-1, pin: 17 }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            rules:
              - { input: panic-1, kind: panic, outputs: [siren-1] }
            """;
    // line  1 schema
    // line  2 post:
    // line  3   id
    // line  4   village
    // line  5 zones
    // line  6 inputs:
    // line  7   panic-1
    // line  8 outputs:
    // line  9   siren-1
    // line 10 rules:
    // line 11   rule for panic-1

    /** The minimal profile as editable lines. */
    private static final class Profile {
        private final List<String> lines = new ArrayList<>(Arrays.asList(MINIMAL.split("\n")));

        /** Replaces line {@code n} (1-based) by one or more lines. */
        Profile replace(int n, String... with) {
            lines.remove(n - 1);
            lines.addAll(n - 1, List.of(with));
            return this;
        }

        /** Inserts lines so that the first of them becomes line {@code n}. */
        Profile insertAt(int n, String... inserted) {
            lines.addAll(n - 1, List.of(inserted));
            return this;
        }

        String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    private static Profile minimal() {
        return new Profile();
    }

    private static SiteProfile load(String text) throws ProfileException {
        return ProfileLoader.load(NAME, new StringReader(text));
    }

    private record Expected(int line, String reasonFragment) {
    }

    private static Expected at(int line, String reasonFragment) {
        return new Expected(line, reasonFragment);
    }

    /**
     * Asserts that {@code text} is refused with exactly the expected problems, each in the form
     * {@code site.yaml:<line>: <reason>}, in any order.
     */
    private static void assertRefused(String text, Expected... expected) {
        ProfileException e = assertThrows(ProfileException.class, () -> load(text),
                "the profile should have been refused:\n" + text);
        List<String> problems = e.problems();
        for (Expected x : expected) {
            String prefix = NAME + ":" + x.line() + ": ";
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix) && p.contains(x.reasonFragment())),
                    "expected a problem '" + prefix + "..." + x.reasonFragment() + "...' but got " + problems);
        }
        assertEquals(expected.length, problems.size(), "unexpected number of problems: " + problems);
        for (String p : problems) {
            assertTrue(p.matches("site\\.yaml:\\d+: .+"), "not in file:line: reason form: " + p);
        }
    }

    @Test
    void example_profile_of_sukamaju_rt03_loads_with_its_inputs_outputs_rules_and_patterns() throws Exception {
        SiteProfile p = ProfileLoader.load(EXAMPLE);

        assertEquals("rt03-rw05", p.post().id());
        assertEquals("sukamaju", p.post().village());
        assertEquals(6, p.inputs().size());
        assertEquals(4, p.outputs().size());
        assertEquals(5, p.rules().size());
        assertEquals(Duration.ofMinutes(30), rule(p, "flood-1").maxSounding(), "flood from sounding.max_by_kind");
        assertEquals(AlertKind.FLOOD, rule(p, "flood-1").kind());
        assertEquals("rw05-sungai", rule(p, "flood-1").zone());
        assertEquals(Duration.ofMinutes(15), rule(p, "panic-1").maxSounding(), "panic falls back to default_max");
        assertEquals(Priority.LIFE_SAFETY, rule(p, "panic-1").priority());
        assertEquals(Duration.ofMinutes(2), rule(p, "tamper-1").maxSounding(), "tamper's own max_sounding");
        assertEquals(Priority.TELEMETRY, rule(p, "door-1").priority());
        assertTrue(p.patterns().containsKey("titir"), "titir pattern: " + p.patterns().keySet());
        assertTrue(p.patterns().containsKey("pencurian"), "pencurian pattern: " + p.patterns().keySet());
        assertEquals("pencurian", rule(p, "tamper-1").pattern().name());
        assertEquals(SiteProfile.InputRole.SILENCE, p.input("silence").orElseThrow().role());
    }

    private static Rule rule(SiteProfile p, String input) {
        return p.rules().stream().filter(r -> r.input().equals(input)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule for " + input));
    }

    @Test
    void minimal_valid_profile_loads_with_its_one_input_output_and_rule() throws Exception {
        SiteProfile p = load(minimal().text());

        assertEquals("rt01-rw02", p.post().id());
        assertEquals(List.of("panic-1"), p.inputs().stream().map(SiteProfile.InputSpec::id).toList());
        assertEquals(List.of("siren-1"), p.outputs().stream().map(SiteProfile.OutputSpec::id).toList());
        assertEquals(1, p.rules().size());
        assertEquals(AlertKind.PANIC, p.rules().get(0).kind());
        assertEquals(Duration.ofMinutes(15), p.rules().get(0).maxSounding());
        assertEquals("steady", p.rules().get(0).pattern().name(), "a rule with outputs defaults to steady");
    }

    @Test
    void duplicate_pin_is_refused_with_file_and_line(@TempDir Path dir) throws Exception {
        String text = minimal().replace(9, "  - { id: siren-1, pin: 17, role: siren }").text();
        assertRefused(text, at(9, "pin 17 is already used"));

        // the same through a file on disk: the problem names that file
        Path file = dir.resolve("pos.yaml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(file));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith(file + ":9: pin 17"), e.problems().toString());
    }

    @Test
    void duplicate_id_is_refused_at_the_second_use() {
        String text = minimal().insertAt(8, "  - { id: panic-1, pin: 27 }").text();
        assertRefused(text, at(8, "duplicate id 'panic-1'"));
    }

    @Test
    void unknown_pattern_in_a_rule_is_refused_at_the_rule() {
        String text = minimal()
                .replace(11, "  - { input: panic-1, kind: panic, pattern: kentongan, outputs: [siren-1] }").text();
        assertRefused(text, at(11, "unknown pattern 'kentongan'"));
    }

    @Test
    void pins_outside_the_gpio_header_range_are_each_refused() {
        String text = minimal()
                .replace(7, "  - { id: panic-1, pin: 41 }")
                .replace(9, "  - { id: siren-1, pin: 1, role: siren }").text();
        assertRefused(text, at(7, "pin 41 is not a GPIO line"), at(9, "pin 1 is not a GPIO line"));
    }

    @Test
    void misspelt_key_is_refused_at_the_line_of_the_key_not_of_the_item() {
        String text = minimal().replace(7,
                "  - id: panic-1",   // line 7
                "    pin: 17",       // line 8
                "    debonce: 20ms"  // line 9
        ).text();
        assertRefused(text, at(9, "unknown key 'debonce'"));
    }

    @Test
    void unknown_alert_kind_in_a_rule_is_refused() {
        String text = minimal().replace(11, "  - { input: panic-1, kind: earthquake, outputs: [siren-1] }").text();
        assertRefused(text, at(11, "unknown alert kind 'earthquake'"));
    }

    @Test
    void unknown_alert_kind_in_max_by_kind_is_refused() {
        String text = minimal().insertAt(10,
                "sounding:",                 // line 10
                "  default_max: 15m",        // line 11
                "  max_by_kind:",            // line 12
                "    flood: 30m",            // line 13
                "    banjir: 45m"            // line 14
        ).text();
        assertRefused(text, at(14, "unknown alert kind 'banjir'"));
    }

    @Test
    void alarm_input_without_a_rule_is_refused_at_the_input() {
        String text = minimal().insertAt(8, "  - { id: panic-2, pin: 27 }").text();
        assertRefused(text, at(8, "input 'panic-2' has no rule"));
    }

    @Test
    void silence_input_needs_no_rule() throws Exception {
        String text = minimal().insertAt(8, "  - { id: silence, pin: 25, role: silence }").text();
        SiteProfile p = load(text);
        assertEquals(2, p.inputs().size());
        assertEquals(1, p.rules().size());
    }

    @Test
    void rule_for_unknown_input_is_refused_at_the_rule() {
        String text = minimal().replace(11, "  - { input: panic-9, kind: panic, outputs: [siren-1] }").text();
        // panic-1 now has no rule either: both are reported
        assertRefused(text, at(11, "rule for unknown input 'panic-9'"), at(7, "input 'panic-1' has no rule"));
    }

    @Test
    void rule_driving_a_status_led_is_refused() {
        String text = minimal()
                .insertAt(10, "  - { id: led-ack, pin: 13, role: ack-led }")                       // line 10
                .replace(12, "  - { input: panic-1, kind: panic, outputs: [siren-1, led-ack] }")   // line 12
                .text();
        assertRefused(text, at(12, "output 'led-ack' is a status LED"));
    }

    @Test
    void malformed_yaml_is_refused_at_the_line_of_the_syntax_error() {
        String text = minimal().replace(4, "  village: desa: sukamaju").text();
        assertRefused(text, at(4, "not valid YAML"));
    }

    @Test
    void unclosed_flow_mapping_is_reported_where_the_parser_notices_it() {
        // line 9 lacks its closing brace; SnakeYAML only notices at the next token, 'rules:' on line 10
        String text = minimal().replace(9, "  - { id: siren-1, pin: 5, role: siren").text();
        assertRefused(text, at(10, "not valid YAML: expected ',' or '}'"));
    }

    @Test
    void debounce_in_unknown_units_is_refused() {
        String text = minimal().replace(7, "  - { id: panic-1, pin: 17, debounce: 20 msec }").text();
        assertRefused(text, at(7, "'debounce' must be a duration such as 20ms, 2s or 15m, not '20 msec'"));
    }

    @Test
    void debounce_longer_than_a_second_is_refused() {
        String text = minimal().replace(7, "  - { id: panic-1, pin: 17, debounce: 2s }").text();
        assertRefused(text, at(7, "debounce 2000 ms is longer than 1 s"));
    }

    @Test
    void a_rearm_longer_than_ten_minutes_is_refused() {
        String text = minimal().replace(7, "  - { id: panic-1, pin: 17, rearm: 11m }").text();
        assertRefused(text, at(7, "rearm 660 s is longer than 10 minutes"));
    }

    @Test
    void unsupported_schema_version_is_refused() {
        String text = minimal().replace(1, "schema: 2").text();
        assertRefused(text, at(1, "schema 2 is not supported"));
    }

    @Test
    void several_problems_in_one_file_are_all_reported_at_once() {
        String text = minimal()
                .replace(1, "schema: 3")
                .replace(7, "  - { id: panic-1, pin: 41, debounce: 20 msec }")
                .replace(11, "  - { input: panic-1, kind: panic, pattern: kentongan, outputs: [siren-1] }")
                .insertAt(12, "uplink:", "  brokers: [embedded]", "  windw: 16") // lines 12-14
                .text();
        assertRefused(text,
                at(1, "schema 3 is not supported"),
                at(7, "pin 41 is not a GPIO line"),
                at(7, "'debounce' must be a duration"),
                at(11, "unknown pattern 'kentongan'"),
                at(14, "unknown key 'windw'"));
    }

    @Test
    void empty_file_is_refused_rather_than_crashing() {
        ProfileException e = assertThrows(ProfileException.class, () -> load(""));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("site.yaml:1: "), e.problems().toString());
    }
    @Test
    void status_page_is_on_loopback_9464_unless_the_profile_says_otherwise() throws Exception {
        var d = load(minimal().text()).status();
        assertEquals(new id.kentongan.config.StatusSettings(true, "127.0.0.1", 9464, false, false), d);
        var lan = load(minimal().text() + "status: { lan: true, port: 8080, require_uplink: true }\n").status();
        assertEquals(new id.kentongan.config.StatusSettings(true, "0.0.0.0", 8080, true, true), lan);
        assertEquals(false, load(minimal().text() + "status: { enabled: false }\n").status().enabled());
        assertEquals("::1", load(minimal().text() + "status: { address: \"::1\" }\n").status().address());
    }

    @Test
    void a_node_is_silent_after_three_missed_heartbeats_unless_the_profile_says_otherwise() throws Exception {
        String nodes = "field:\n  nodes:\n    - { id: a, zone: Z, heartbeat: 1500ms, events: [level] }\n"
                + "    - { id: b, zone: Z, events: [level] }\n"
                + "    - { id: c, zone: Z, heartbeat: 40s, silent_after: 50s, events: [level] }\n";
        var n = load(minimal().text() + nodes.replace("Z", "pos")).nodes();
        assertEquals(java.time.Duration.ofMillis(4500), n.get(0).silentAfter());
        assertEquals(java.time.Duration.ofMinutes(15), n.get(1).silentAfter()); // the 5-minute default, thrice
        assertEquals(java.time.Duration.ofSeconds(50), n.get(2).silentAfter());
        // three heartbeats of a century would pass the nanoseconds the post counts in: refused, with its line
        assertRefused(minimal().text() + "field:\n  nodes:\n    - { id: a, zone: pos, heartbeat: 900000h, events: [level] }\n",
                at(14, "'heartbeat' must be at most 8784h (a year), not '900000h'"));
    }

    @Test
    void field_rate_limits_default_to_a_village_s_and_a_rate_of_zero_is_refused() throws Exception {
        assertEquals(FieldSettings.Rates.DEFAULTS, load(minimal().text()).field().rates());
        assertEquals(new FieldSettings.Rates(5, 6, 7), load(minimal().text()
                + "field:\n  peer_rate: 5\n  source_rate: 6\n  total_rate: 7\n").field().rates());
        assertRefused(minimal().text() + "field:\n  peer_rate: 0\n",
                at(13, "peer_rate 0 must be 1..1000000 datagrams per second"));
        assertRefused(minimal().text() + "field:\n  bind: pos.local\n",
                at(13, "bind 'pos.local' is not an IP address (for example 0.0.0.0)"));
    }

    @Test
    void status_section_refuses_a_lan_address_without_opt_in_a_host_name_a_bad_port_and_a_bad_flag() {
        assertRefused(minimal().text() + "status:\n  address: 0.0.0.0\n",
                at(13, "not loopback: the status page and metrics stay on the post itself unless you set lan: true"));
        assertRefused(minimal().text() + "status:\n  address: pos.local\n  lan: true\n",
                at(13, "'pos.local' is not an IP address"));
        assertRefused(minimal().text() + "status:\n  address: 127.0.0.300\n  lan: true\n",
                at(13, "'127.0.0.300' is not an IP address"));
        assertRefused(minimal().text() + "status:\n  address: zz::1\n  lan: true\n", at(13, "'zz::1' is not an IP"));
        assertRefused(minimal().text() + "status:\n  port: 70000\n", at(13, "port 70000 is not a TCP port"));
        assertRefused(minimal().text() + "status:\n  lan: yes please\n", at(13, "lan must be true or false"));
        assertRefused(minimal().text() + "status:\n  colour: red\n", at(13, "colour"));
    }

    @Test
    void the_example_post_maps_cap_areas_to_its_zones_and_gives_its_alerts_instruction_and_expiry()
            throws Exception {
        SiteProfile p = ProfileLoader.load(EXAMPLE);
        id.kentongan.alert.CapAreas areas = p.centre().capAreas();
        assertEquals(4, areas.rows().size());
        var river = areas.reach(List.of(new id.kentongan.alert.CapXml.Area("bantaran sungai cikaret", List.of())));
        assertEquals(List.of("rw05-sungai"), river.zones());
        var kidul = areas.reach(List.of(new id.kentongan.alert.CapXml.Area("Dusun Kidul", List.of())));
        assertEquals(List.of(), kidul.zones());
        assertEquals(false, kidul.wholeVillage());

        var flood = new id.kentongan.alert.Event(1, 1, "KTG-1", AlertKind.FLOOD, Priority.LIFE_SAFETY, "flood-1",
                "rw05-sungai", 0, id.kentongan.alert.Event.CapStatus.Actual, id.kentongan.alert.Event.MsgType.Alert,
                null);
        var guidance = p.post().guidance();
        assertEquals("Matikan listrik, bawa surat penting, naik ke tempat tinggi.", guidance.instruction(flood, false),
                "the residents' template for a flood");
        assertEquals("Switch off the power, take your papers, go to high ground.", guidance.instruction(flood, true));
        assertEquals(Duration.ofHours(48).toSeconds(), guidance.expiresAfterSeconds(flood));
    }

    @Test
    void cap_areas_refuse_a_zone_not_the_posts_a_row_with_both_or_neither_and_a_repeated_area() {
        String centre = "centre:\n  cap_areas:\n"; // lines 12 and 13; rows from line 14
        assertRefused(minimal().text() + centre + "    - { area: Dusun Hulu, zones: [pos, sawah] }\n",
                at(14, "zone 'sawah' is not one of the zones [pos] (an area elsewhere in the village takes zones: [])"));
        assertRefused(minimal().text() + centre + "    - { area: Dusun Hulu, geocode: BPS, value: \"1\", zones: [] }\n",
                at(14, "an area (its CAP areaDesc) or a geocode, one of the two"));
        assertRefused(minimal().text() + centre + "    - { zones: [pos] }\n",
                at(14, "an area (its CAP areaDesc) or a geocode, one of the two"));
        assertRefused(minimal().text() + centre + "    - { geocode: BPS, zones: [pos] }\n",
                at(14, "geocode BPS needs its 'value'"));
        assertRefused(minimal().text() + centre + "    - { area: Dusun Hulu }\n",
                at(14, "missing 'zones' (this post's zones in the area, or [] for none)"));
        assertRefused(minimal().text() + centre + "    - { area: Dusun Hulu, zones: [pos] }\n"
                + "    - { area: \"dusun  hulu\", zones: [] }\n", at(15, "area dusun hulu is listed twice"));
        assertRefused(minimal().text() + centre + "    - { area: Dusun Hulu, zone: [pos] }\n",
                at(14, "unknown key 'zone'"), at(14, "missing 'zones'"));
    }

    @Test
    void cap_expiry_refuses_an_unknown_priority_or_kind_and_a_time_outside_a_minute_to_thirty_days() {
        assertRefused(minimal().text() + "cap:\n  expires: { urgent: 1h }\n", at(13, "unknown priority 'urgent'"));
        assertRefused(minimal().text() + "cap:\n  expires_by_kind: { banjir: 1h }\n", at(13, "unknown alert kind 'banjir'"));
        assertRefused(minimal().text() + "cap:\n  expires: { telemetry: 30s }\n",
                at(13, "telemetry: an expiry must be 1m..720h, not 30s"));
        assertRefused(minimal().text() + "cap:\n  expires_by_kind: { flood: 800h }\n",
                at(13, "flood: an expiry must be 1m..720h, not 800h"));
        assertRefused(minimal().text() + "cap:\n  expires: { security: soon }\n", at(13, "must be a duration"));
        assertRefused(minimal().text() + "cap:\n  expire: { security: 1h }\n", at(13, "unknown key 'expire'"));
    }
}
