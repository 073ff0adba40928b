package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Post;
import id.kentongan.config.SiteProfile.InputRole;
import id.kentongan.config.SiteProfile.InputSpec;
import id.kentongan.config.SiteProfile.NodeSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.config.SiteProfile.Pull;
import id.kentongan.config.SiteProfile.Rule;
import id.kentongan.dispatch.Site;
import id.kentongan.dispatch.Site.OutputRole;
import id.kentongan.dispatch.SirenPattern;
import id.kentongan.alert.Residents;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a site profile and checks it whole before anything is driven: names, pins, patterns, rules
 * and uplink. Every problem is reported with file and line, all at once. Stateless; any thread.
 */
public final class ProfileLoader {

    /** Lines a Raspberry Pi's 40-pin header exposes as GPIO; 0 and 1 are kept for the HAT EEPROM. */
    public static final int MIN_PIN = 2;
    public static final int MAX_PIN = 27;
    static final Duration DEFAULT_MAX_SOUNDING = Duration.ofMinutes(15);
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(20);
    static final Duration DEFAULT_UPLINK_LOST_AFTER = Duration.ofSeconds(60);
    private static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);
    /** How long an input that sounds nothing must rest before its next activation is a new event. */
    static final Duration DEFAULT_REARM = Duration.ofSeconds(1);
    private static final Duration MAX_REARM = Duration.ofMinutes(10);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final Pattern TOPIC_ROOT = Pattern.compile("[A-Za-z0-9_./-]{1,64}");

    private ProfileLoader() {
    }

    public static SiteProfile load(Path file) throws ProfileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(List.of(file + ":1: cannot read the profile: " + e));
        }
        return load(file, new StringReader(text));
    }

    public static SiteProfile load(Path name, Reader reader) throws ProfileException {
        Problems problems = new Problems(name);
        Yaml.Section root = Yaml.parse(reader, problems);
        if (root == null) {
            problems.throwIfAny();
        }
        root.allowOnly(Set.of("schema", "post", "zones", "inputs", "outputs", "patterns", "rules", "sounding",
                "uplink", "field", "centre", "residents", "home_assistant", "status", "cap", "sms", "selftest",
                "ronda"));
        int schema = root.integer("schema", 1);
        if (schema != 1) {
            problems.add(root.line("schema"), "schema " + schema + " is not supported by this gateway (1)");
        }
        List<String> zones = zones(root, problems);
        Post post = post(root.section("post"), zones, problems);
        Set<Integer> pins = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<InputSpec> inputs = inputs(root, pins, ids, problems);
        List<OutputSpec> outputs = outputs(root, pins, ids, problems);
        Map<String, SirenPattern> patterns = PatternsSection.read(root.optionalSection("patterns"), problems);
        List<Rule> rules = RulesSection.read(root, post, zones, inputs, outputs, patterns, problems);
        UplinkSettings uplink = ProfileSections.uplink(root.optionalSection("uplink"), post, problems);
        Yaml.Section field = root.optionalSection("field");
        FieldSettings fieldSettings = FieldSettings.DEFAULTS;
        List<NodeSpec> nodes = List.of();
        if (field != null) {
            fieldSettings = ProfileSections.fieldSettings(field, problems);
            nodes = ProfileSections.nodes(field, zones, outputs, patterns, ids,
                    ProfileSections.defaultMaxSounding(root), problems);
        }
        SiteProfile.CentreSpec centre = ProfileSections.centre(root.optionalSection("centre"), patterns, rules, nodes,
                zones, problems);
        Residents residents = ProfileSections.residents(root.optionalSection("residents"), problems);
        post = post.with(CapSections.guidance(root.optionalSection("cap"), residents, problems));
        String haPrefix = homeAssistantPrefix(root.optionalSection("home_assistant"), problems);
        StatusSettings status = ProfileSections.status(root.optionalSection("status"), problems);
        SmsSettings sms = SmsSection.read(root.optionalSection("sms"), problems);
        SupervisionSection.wiring(inputs, outputs, problems);
        SelfTests selftest = SupervisionSection.read(root.optionalSection("selftest"), outputs, patterns, centre,
                problems);
        Site.Ronda ronda = RondaSection.read(root.optionalSection("ronda"), post.zone(), zones, nodes, outputs, rules,
                patterns, problems);
        problems.throwIfAny();
        return new SiteProfile(name, post, zones, inputs, outputs, patterns, rules, uplink, fieldSettings, nodes,
                centre, residents, haPrefix, status, sms, selftest, ronda);
    }

    /** The profile's {@code home_assistant}: its discovery prefix, or {@code null} when it is off. */
    private static String homeAssistantPrefix(Yaml.Section ha, Problems problems) {
        if (ha == null) {
            return null;
        }
        ha.allowOnly(Set.of("discovery", "prefix"));
        String on = ha.string("discovery", "false");
        if (!on.equals("true") && !on.equals("false")) {
            problems.add(ha.line("discovery"), "home_assistant.discovery must be true or false");
        }
        return on.equals("true") ? ha.string("prefix", "homeassistant") : null;
    }

    private static List<String> zones(Yaml.Section root, Problems problems) {
        List<String> zones = root.strings("zones", List.of());
        if (zones.isEmpty()) {
            problems.add(root.line("zones"), "profile: 'zones' must list at least one zone");
        }
        Set<String> seen = new HashSet<>();
        for (String z : zones) {
            checkId(z, "zone", root.line("zones"), problems);
            if (!seen.add(z)) {
                problems.add(root.line("zones"), "duplicate zone '" + z + "'");
            }
        }
        return zones;
    }

    private static Post post(Yaml.Section s, List<String> zones, Problems problems) {
        if (s == null) {
            return new Post("invalid", "invalid", "invalid", "invalid", ZoneId.of("UTC"));
        }
        s.allowOnly(Set.of("id", "village", "name", "zone", "timezone"));
        String id = checkId(s.string("id"), "post id", s.line("id"), problems);
        String village = checkId(s.string("village"), "village id", s.line("village"), problems);
        String name = s.string("name", id);
        String zone = s.string("zone", zones.isEmpty() ? "" : zones.get(0));
        if (!zones.contains(zone)) {
            problems.add(s.line("zone"), "post zone '" + zone + "' is not one of the zones " + zones);
        }
        ZoneId tz = ZoneId.of("Asia/Jakarta");
        String tzName = s.string("timezone", "Asia/Jakarta");
        try {
            tz = ZoneId.of(tzName);
        } catch (DateTimeException e) {
            problems.add(s.line("timezone"), "unknown time zone '" + tzName + "' (for example Asia/Jakarta)");
        }
        return new Post(village, id, name, zone, tz);
    }

    private static List<InputSpec> inputs(Yaml.Section root, Set<Integer> pins, Set<String> ids, Problems problems) {
        List<InputSpec> out = new ArrayList<>();
        for (Yaml.Section s : root.sections("inputs")) {
            s.allowOnly(Set.of("id", "pin", "pull", "active", "debounce", "rearm", "role", "label", "settle"));
            String id = checkId(s.string("id"), "input id", s.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(s.line("id"), "duplicate id '" + id + "'");
            }
            int pin = pin(s, pins, problems);
            Pull pull = choice(s, "pull", "up", Pull.class, problems);
            boolean activeHigh = "high".equals(oneOf(s, "active", "low", Set.of("low", "high"), problems));
            Duration debounce = s.duration("debounce", DEFAULT_DEBOUNCE);
            if (debounce.compareTo(MAX_DEBOUNCE) > 0) {
                problems.add(s.line("debounce"), "debounce " + debounce.toMillis() + " ms is longer than 1 s: "
                        + "presses would be missed");
            }
            Duration rearm = s.duration("rearm", DEFAULT_REARM);
            if (rearm.compareTo(MAX_REARM) > 0) {
                problems.add(s.line("rearm"), "rearm " + rearm.toSeconds() + " s is longer than 10 minutes: a second "
                        + "opening would go unreported");
            }
            InputRole role = choice(s, "role", "alarm", InputRole.class, problems);
            out.add(new InputSpec(id, pin, pull, activeHigh, debounce, rearm, role, s.string("label", id),
                    s.line(), SupervisionSection.inputSettle(s, role, problems)));
        }
        return out;
    }

    private static List<OutputSpec> outputs(Yaml.Section root, Set<Integer> pins, Set<String> ids,
                                            Problems problems) {
        List<OutputSpec> out = new ArrayList<>();
        for (Yaml.Section s : root.sections("outputs")) {
            s.allowOnly(Set.of("id", "pin", "active", "role", "label", "feedback", "settle", "supply"));
            String id = checkId(s.string("id"), "output id", s.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(s.line("id"), "duplicate id '" + id + "'");
            }
            int pin = pin(s, pins, problems);
            boolean activeHigh = "high".equals(oneOf(s, "active", "high", Set.of("low", "high"), problems));
            OutputRole role = choice(s, "role", null, OutputRole.class, problems);
            out.add(new OutputSpec(id, pin, activeHigh, role, s.string("label", id), s.line(),
                    s.string("feedback", null), SupervisionSection.outputSettle(s, problems), s.string("supply", null)));
        }
        return out;
    }

    private static int pin(Yaml.Section s, Set<Integer> pins, Problems problems) {
        Integer pin = s.integer("pin");
        if (pin == null) {
            return -1;
        }
        if (pin < MIN_PIN || pin > MAX_PIN) {
            problems.add(s.line("pin"), "pin " + pin + " is not a GPIO line of the Pi's header (BCM "
                    + MIN_PIN + ".." + MAX_PIN + ")");
        } else if (!pins.add(pin)) {
            problems.add(s.line("pin"), "pin " + pin + " is already used by another input or output");
        }
        return pin;
    }

    static Map<String, SirenPattern> builtInPatterns() {
        Map<String, SirenPattern> m = new LinkedHashMap<>();
        m.put("steady", SirenPattern.steady("steady"));
        m.put("temporal-3", SirenPattern.temporal3("temporal-3"));
        m.put("titir", SirenPattern.titir("titir", Duration.ofMillis(150), Duration.ofMillis(150)));
        return m;
    }

    /** A rule's or node's {@code outputs}: known outputs, and sirens or strobes only (never a status LED). */
    static List<String> soundingOutputs(Yaml.Section s, Map<String, OutputSpec> outputById, Problems problems) {
        List<String> outs = s.strings("outputs", List.of());
        for (String o : outs) {
            OutputSpec spec = outputById.get(o);
            if (spec == null) {
                problems.add(s.line("outputs"), "unknown output '" + o + "'");
            } else if (spec.role() == null || !spec.role().sounds()) {
                problems.add(s.line("outputs"), "output '" + o + "' is " + (spec.role() == OutputRole.BEAT
                        ? "the night watch's beat" : "a status LED") + "; only sirens and strobes sound alerts");
            }
        }
        return outs;
    }

    /** A rule's or node's {@code pattern}: steady by default when it has outputs, none when it has none. */
    static SirenPattern soundingPattern(Yaml.Section s, List<String> outs, Map<String, SirenPattern> patterns,
                                        Problems problems) {
        String name = s.string("pattern", outs.isEmpty() ? null : "steady");
        if (name == null) {
            return null;
        }
        SirenPattern pattern = patterns.get(name);
        if (pattern == null) {
            problems.add(s.line("pattern"), "unknown pattern '" + name + "' (known: "
                    + String.join(", ", patterns.keySet()) + ")");
        }
        return pattern;
    }

    static String checkId(String id, String what, int line, Problems problems) {
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(line, what + " '" + id + "' must be 1..32 of a-z, 0-9 and '-', starting with a letter "
                    + "or digit");
        }
        return id;
    }

    static String oneOf(Yaml.Section s, String key, String fallback, Set<String> allowed,
                                Problems problems) {
        String v = fallback == null ? s.string(key) : s.string(key, fallback);
        if (v != null && !allowed.contains(v)) {
            problems.add(s.line(key), s.where() + ": '" + key + "' is '" + v + "', expected one of "
                    + allowed.stream().sorted().toList());
            return null;
        }
        return v;
    }

    private static <E extends Enum<E>> E choice(Yaml.Section s, String key, String fallback, Class<E> type,
                                                Problems problems) {
        Set<String> allowed = new HashSet<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        String v = oneOf(s, key, fallback, allowed, problems);
        return v == null ? null : Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static String knownKinds() {
        List<String> names = new ArrayList<>();
        for (AlertKind k : AlertKind.values()) {
            names.add(k.wireName());
        }
        return String.join(", ", names);
    }
}
