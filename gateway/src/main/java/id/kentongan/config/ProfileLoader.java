package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.config.SiteProfile.InputRole;
import id.kentongan.config.SiteProfile.InputSpec;
import id.kentongan.config.SiteProfile.NodeSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.config.SiteProfile.Pull;
import id.kentongan.config.SiteProfile.Rule;
import id.kentongan.dispatch.Site.OutputRole;
import id.kentongan.dispatch.SirenPattern;
import id.kentongan.field.FieldSettings;
import id.kentongan.uplink.Residents;
import id.kentongan.uplink.UplinkSettings;
import org.yaml.snakeyaml.nodes.Node;

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
import java.util.HashMap;
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
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern TOPIC_ROOT = Pattern.compile("[A-Za-z0-9_./-]{1,64}");

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
                "uplink", "field", "centre", "residents", "home_assistant"));
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
        Map<String, SirenPattern> patterns = patterns(root.optionalSection("patterns"), problems);
        List<Rule> rules = rules(root, post, zones, inputs, outputs, patterns, problems);
        UplinkSettings uplink = uplink(root.optionalSection("uplink"), post, problems);
        Yaml.Section field = root.optionalSection("field");
        FieldSettings fieldSettings = FieldSettings.DEFAULTS;
        List<NodeSpec> nodes = List.of();
        if (field != null) {
            fieldSettings = fieldSettings(field, problems);
            nodes = nodes(field, zones, outputs, patterns, ids, defaultMaxSounding(root), problems);
        }
        SiteProfile.CentreSpec centre = centre(root.optionalSection("centre"), patterns, rules, nodes, problems);
        Residents residents = residents(root.optionalSection("residents"), problems);
        String haPrefix = null;
        Yaml.Section ha = root.optionalSection("home_assistant");
        if (ha != null) {
            ha.allowOnly(Set.of("discovery", "prefix"));
            String on = ha.string("discovery", "false");
            if (!on.equals("true") && !on.equals("false")) {
                problems.add(ha.line("discovery"), "home_assistant.discovery must be true or false");
            }
            haPrefix = on.equals("true") ? ha.string("prefix", "homeassistant") : null;
        }
        problems.throwIfAny();
        return new SiteProfile(name, post, zones, inputs, outputs, patterns, rules, uplink, fieldSettings, nodes,
                centre, residents, haPrefix);
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
            s.allowOnly(Set.of("id", "pin", "pull", "active", "debounce", "role", "label"));
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
            InputRole role = choice(s, "role", "alarm", InputRole.class, problems);
            out.add(new InputSpec(id, pin, pull, activeHigh, debounce, role, s.string("label", id), s.line()));
        }
        return out;
    }

    private static List<OutputSpec> outputs(Yaml.Section root, Set<Integer> pins, Set<String> ids,
                                            Problems problems) {
        List<OutputSpec> out = new ArrayList<>();
        for (Yaml.Section s : root.sections("outputs")) {
            s.allowOnly(Set.of("id", "pin", "active", "role", "label"));
            String id = checkId(s.string("id"), "output id", s.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(s.line("id"), "duplicate id '" + id + "'");
            }
            int pin = pin(s, pins, problems);
            boolean activeHigh = "high".equals(oneOf(s, "active", "high", Set.of("low", "high"), problems));
            OutputRole role = choice(s, "role", null, OutputRole.class, problems);
            out.add(new OutputSpec(id, pin, activeHigh, role, s.string("label", id), s.line()));
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

    private static Map<String, SirenPattern> patterns(Yaml.Section s, Problems problems) {
        Map<String, SirenPattern> patterns = builtInPatterns();
        if (s == null) {
            return patterns;
        }
        for (Map.Entry<String, Node> e : s.entries().entrySet()) {
            String name = e.getKey();
            Yaml.Section p = s.asSection(e.getValue(), "patterns." + name);
            if (p == null) {
                continue;
            }
            checkId(name, "pattern name", p.line(), problems);
            String type = oneOf(p, "type", null, Set.of("steady", "temporal-3", "titir", "beats"), problems);
            if (type == null) {
                continue;
            }
            Duration on = p.duration("on", Duration.ofMillis(150));
            Duration off = p.duration("off", Duration.ofMillis(150));
            try {
                patterns.put(name, switch (type) {
                    case "steady" -> {
                        p.allowOnly(Set.of("type"));
                        yield SirenPattern.steady(name);
                    }
                    case "temporal-3" -> {
                        p.allowOnly(Set.of("type"));
                        yield SirenPattern.temporal3(name);
                    }
                    case "titir" -> {
                        p.allowOnly(Set.of("type", "on", "off"));
                        yield SirenPattern.titir(name, on, off);
                    }
                    default -> {
                        p.allowOnly(Set.of("type", "on", "off", "count", "pause"));
                        yield SirenPattern.beats(name, p.integer("count", 0), on, off,
                                p.duration("pause", Duration.ofSeconds(2)));
                    }
                });
            } catch (IllegalArgumentException ex) {
                problems.add(p.line(), ex.getMessage());
            }
        }
        return patterns;
    }

    private static List<Rule> rules(Yaml.Section root, Post post, List<String> zones, List<InputSpec> inputs,
                                    List<OutputSpec> outputs, Map<String, SirenPattern> patterns,
                                    Problems problems) {
        Map<AlertKind, Duration> maxByKind = new HashMap<>();
        Duration defaultMax = DEFAULT_MAX_SOUNDING;
        Yaml.Section sounding = root.optionalSection("sounding");
        if (sounding != null) {
            sounding.allowOnly(Set.of("default_max", "max_by_kind"));
            defaultMax = sounding.duration("default_max", DEFAULT_MAX_SOUNDING);
            Yaml.Section byKind = sounding.optionalSection("max_by_kind");
            if (byKind != null) {
                for (String k : byKind.entries().keySet()) {
                    AlertKind kind = AlertKind.fromWireName(k);
                    if (kind == null) {
                        problems.add(byKind.line(k), "unknown alert kind '" + k + "'");
                    } else {
                        maxByKind.put(kind, byKind.duration(k, defaultMax));
                    }
                }
            }
        }
        Map<String, InputSpec> inputById = new HashMap<>();
        inputs.forEach(i -> inputById.put(i.id(), i));
        Map<String, OutputSpec> outputById = new HashMap<>();
        outputs.forEach(o -> outputById.put(o.id(), o));
        Set<String> ruled = new HashSet<>();
        List<Rule> out = new ArrayList<>();
        for (Yaml.Section s : root.has("rules") ? root.sections("rules") : List.<Yaml.Section>of()) {
            s.allowOnly(Set.of("input", "kind", "priority", "pattern", "outputs", "max_sounding", "zone"));
            String inputId = s.string("input");
            InputSpec input = inputById.get(inputId);
            if (inputId != null && input == null) {
                problems.add(s.line("input"), "rule for unknown input '" + inputId + "'");
            } else if (input != null && input.role() != InputRole.ALARM) {
                problems.add(s.line("input"), "input '" + inputId + "' is the silence input and takes no rule");
            } else if (inputId != null && !ruled.add(inputId)) {
                problems.add(s.line("input"), "input '" + inputId + "' already has a rule");
            }
            String kindName = s.string("kind");
            AlertKind kind = kindName == null ? null : AlertKind.fromWireName(kindName);
            if (kindName != null && kind == null) {
                problems.add(s.line("kind"), "unknown alert kind '" + kindName + "' (known: " + knownKinds() + ")");
            }
            Priority priority = kind == null ? Priority.TELEMETRY : kind.defaultPriority();
            if (s.has("priority")) {
                String pn = s.string("priority");
                Priority p = pn == null ? null : Priority.fromWireName(pn);
                if (p == null) {
                    problems.add(s.line("priority"), "unknown priority class '" + pn
                            + "' (life-safety, security, supervision, telemetry)");
                } else {
                    priority = p;
                }
            }
            List<String> outs = s.strings("outputs", List.of());
            for (String o : outs) {
                OutputSpec spec = outputById.get(o);
                if (spec == null) {
                    problems.add(s.line("outputs"), "unknown output '" + o + "'");
                } else if (spec.role() != OutputRole.SIREN && spec.role() != OutputRole.STROBE) {
                    problems.add(s.line("outputs"), "output '" + o + "' is a status LED; rules drive sirens "
                            + "and strobes only");
                }
            }
            SirenPattern pattern = null;
            String patternName = s.string("pattern", outs.isEmpty() ? null : "steady");
            if (patternName != null) {
                pattern = patterns.get(patternName);
                if (pattern == null) {
                    problems.add(s.line("pattern"), "unknown pattern '" + patternName + "' (known: "
                            + String.join(", ", patterns.keySet()) + ")");
                }
            }
            String zone = s.string("zone", post.zone());
            if (!zones.contains(zone)) {
                problems.add(s.line("zone"), "zone '" + zone + "' is not one of the zones " + zones);
            }
            Duration max = s.duration("max_sounding", kind == null ? defaultMax : maxByKind.getOrDefault(kind,
                    defaultMax));
            if (max.isZero() || max.isNegative()) {
                problems.add(s.line("max_sounding"), "max_sounding must be longer than zero");
            }
            if (kind != null) {
                out.add(new Rule(inputId, kind, priority, pattern, outs, max, zone));
            }
        }
        for (InputSpec i : inputs) {
            if (i.role() == InputRole.ALARM && i.id() != null && !ruled.contains(i.id())) {
                problems.add(i.line(), "input '" + i.id() + "' has no rule: add one under 'rules' or remove it");
            }
        }
        return out;
    }

    private static SiteProfile.CentreSpec centre(Yaml.Section s, Map<String, SirenPattern> patterns, List<Rule> rules,
                                                 List<NodeSpec> nodes, Problems problems) {
        SirenPattern builtInTest = SirenPattern.beats("test", 1, Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofSeconds(5));
        if (s == null) {
            return new SiteProfile.CentreSpec(Duration.ofSeconds(120), builtInTest, Duration.ofSeconds(10),
                    DEFAULT_MAX_SOUNDING, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10));
        }
        s.allowOnly(Set.of("window", "test_pattern", "test_max", "alert_max", "republish", "escalate_after"));
        Duration window = s.duration("window", Duration.ofSeconds(120));
        if (window.compareTo(Duration.ofSeconds(5)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
            problems.add(s.line("window"), "window must be 5s..1h");
        }
        SirenPattern test = builtInTest;
        if (s.has("test_pattern")) {
            String name = s.string("test_pattern");
            test = patterns.get(name);
            if (test == null) {
                problems.add(s.line("test_pattern"), "unknown pattern '" + name + "'");
                test = builtInTest;
            } else {
                final SirenPattern t = test;
                boolean used = rules.stream().anyMatch(r -> t.equals(r.pattern()))
                        || nodes.stream().anyMatch(n -> t.equals(n.pattern()));
                if (used || builtInPatterns().containsKey(name)) {
                    problems.add(s.line("test_pattern"), "test pattern '" + name + "' is also a real alert's: "
                            + "a test must never be confusable with a real alert");
                }
            }
        }
        Duration first = Duration.ofSeconds(30);
        Duration max = Duration.ofMinutes(5);
        Yaml.Section r = s.optionalSection("republish");
        if (r != null) {
            r.allowOnly(Set.of("first", "max"));
            first = r.duration("first", first);
            max = r.duration("max", max);
            if (first.compareTo(Duration.ofSeconds(1)) < 0 || first.compareTo(max) > 0) {
                problems.add(r.line(), "republish: first must be at least 1s and not above max");
            }
        }
        return new SiteProfile.CentreSpec(window, test, s.duration("test_max", Duration.ofSeconds(10)),
                s.duration("alert_max", DEFAULT_MAX_SOUNDING), first, max,
                s.duration("escalate_after", Duration.ofMinutes(10)));
    }

    private static Residents residents(Yaml.Section s, Problems problems) {
        if (s == null) {
            return Residents.DEFAULTS;
        }
        Map<AlertKind, Residents.Texts> templates = new HashMap<>();
        for (Map.Entry<String, Node> e : s.entries().entrySet()) {
            AlertKind kind = AlertKind.fromWireName(e.getKey());
            Yaml.Section k = s.asSection(e.getValue(), "residents." + e.getKey());
            if (kind == null) {
                problems.add(s.line(e.getKey()), "unknown alert kind '" + e.getKey() + "'");
                continue;
            }
            if (k == null) {
                continue;
            }
            k.allowOnly(Set.of("id", "en"));
            Residents.Text id = text(k.section("id"));
            Residents.Text en = text(k.section("en"));
            if (id != null && en != null) {
                templates.put(kind, new Residents.Texts(id, en));
            }
        }
        return new Residents(templates);
    }

    private static Residents.Text text(Yaml.Section s) {
        if (s == null) {
            return null;
        }
        s.allowOnly(Set.of("headline", "instruction"));
        String h = s.string("headline");
        String i = s.string("instruction");
        return h == null || i == null ? null : new Residents.Text(h, i);
    }

    private static Duration defaultMaxSounding(Yaml.Section root) {
        Yaml.Section sounding = root.optionalSection("sounding");
        return sounding == null ? DEFAULT_MAX_SOUNDING : sounding.duration("default_max", DEFAULT_MAX_SOUNDING);
    }

    private static FieldSettings fieldSettings(Yaml.Section s, Problems problems) {
        s.allowOnly(Set.of("bind", "dtls_port", "plain_port", "max_peers", "threads", "max_body", "nodes"));
        FieldSettings d = FieldSettings.DEFAULTS;
        String bind = s.string("bind", d.bind());
        int dtls = port(s, "dtls_port", d.dtlsPort(), problems);
        int plain = port(s, "plain_port", d.plainPort(), problems);
        int peers = s.integer("max_peers", d.maxPeers());
        if (peers < 1 || peers > 100_000) {
            problems.add(s.line("max_peers"), "max_peers " + peers + " must be 1..100000");
        }
        int threads = s.integer("threads", d.threads());
        if (threads < 1 || threads > 16) {
            problems.add(s.line("threads"), "threads " + threads + " must be 1..16");
        }
        int maxBody = s.integer("max_body", d.maxBody());
        if (maxBody < 64 || maxBody > 1024) {
            problems.add(s.line("max_body"), "max_body " + maxBody + " must be 64..1024 bytes (one CoAP block)");
        }
        return new FieldSettings(bind, dtls, plain, peers, threads, maxBody);
    }

    private static int port(Yaml.Section s, String key, int fallback, Problems problems) {
        int p = s.integer(key, fallback);
        if (p < 0 || p > 65535) {
            problems.add(s.line(key), key + " " + p + " is not a UDP port (0..65535)");
        }
        return p;
    }

    private static List<NodeSpec> nodes(Yaml.Section field, List<String> zones, List<OutputSpec> outputs,
                                        Map<String, SirenPattern> patterns, Set<String> ids, Duration defaultMax,
                                        Problems problems) {
        List<NodeSpec> out = new ArrayList<>();
        if (!field.has("nodes")) {
            return out;
        }
        Map<String, OutputSpec> outputById = new HashMap<>();
        outputs.forEach(o -> outputById.put(o.id(), o));
        for (Yaml.Section s : field.sections("nodes")) {
            s.allowOnly(Set.of("id", "zone", "events", "heartbeat", "silent_after", "pattern", "outputs",
                    "max_sounding", "label"));
            String id = checkId(s.string("id"), "node id", s.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(s.line("id"), "duplicate id '" + id + "'");
            }
            String zone = s.string("zone");
            if (zone != null && !zones.contains(zone)) {
                problems.add(s.line("zone"), "zone '" + zone + "' is not one of the zones " + zones);
            }
            Set<AlertKind> events = new HashSet<>();
            for (String k : s.strings("events", List.of())) {
                AlertKind kind = AlertKind.fromWireName(k);
                if (kind == null) {
                    problems.add(s.line("events"), "unknown alert kind '" + k + "' (known: " + knownKinds() + ")");
                } else {
                    events.add(kind);
                }
            }
            if (events.isEmpty() && s.has("events")) {
                problems.add(s.line("events"), "node '" + id + "' must be allowed at least one kind of event");
            }
            Duration heartbeat = s.duration("heartbeat", Duration.ofMinutes(5));
            if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
                problems.add(s.line("heartbeat"), "heartbeat must be at least 1s");
            }
            Duration silentAfter = s.duration("silent_after", heartbeat.multipliedBy(3));
            if (silentAfter.compareTo(heartbeat) <= 0) {
                problems.add(s.line("silent_after"), "silent_after must be longer than the heartbeat period");
            }
            List<String> outs = s.strings("outputs", List.of());
            for (String o : outs) {
                OutputSpec spec = outputById.get(o);
                if (spec == null) {
                    problems.add(s.line("outputs"), "unknown output '" + o + "'");
                } else if (spec.role() != OutputRole.SIREN && spec.role() != OutputRole.STROBE) {
                    problems.add(s.line("outputs"), "output '" + o + "' is a status LED; nodes sound sirens "
                            + "and strobes only");
                }
            }
            SirenPattern pattern = null;
            String patternName = s.string("pattern", outs.isEmpty() ? null : "steady");
            if (patternName != null) {
                pattern = patterns.get(patternName);
                if (pattern == null) {
                    problems.add(s.line("pattern"), "unknown pattern '" + patternName + "' (known: "
                            + String.join(", ", patterns.keySet()) + ")");
                }
            }
            Duration max = s.duration("max_sounding", defaultMax);
            out.add(new NodeSpec(id, zone, events.isEmpty() ? Set.of(AlertKind.PANIC) : events, heartbeat,
                    silentAfter, pattern, outs, max, s.string("label", id), s.line()));
        }
        return out;
    }

    private static UplinkSettings uplink(Yaml.Section s, Post post, Problems problems) {
        String defaultClient = "kentongan-" + post.village() + "-" + post.id();
        if (s == null) {
            return new UplinkSettings(List.of("embedded"), "kentongan/v1", defaultClient, Duration.ofSeconds(20), 16,
                    Duration.ofSeconds(1), Duration.ofSeconds(30), DEFAULT_UPLINK_LOST_AFTER);
        }
        s.allowOnly(Set.of("brokers", "topic_root", "client_id", "keep_alive", "window", "backoff", "lost_after", "tls",
                "allow_plaintext"));
        List<String> brokers = s.strings("brokers", List.of("embedded"));
        if (brokers.isEmpty()) {
            problems.add(s.line("brokers"), "uplink: 'brokers' must name at least one broker");
        }
        for (String b : brokers) {
            if (!b.equals("embedded") && !b.startsWith("tcp://") && !b.startsWith("ssl://")) {
                problems.add(s.line("brokers"), "broker '" + b + "' must be tcp://host:port, ssl://host:port "
                        + "or embedded");
            }
        }
        if (brokers.contains("embedded") && brokers.size() > 1) {
            problems.add(s.line("brokers"), "'embedded' cannot be combined with other brokers");
        }
        String root = s.string("topic_root", "kentongan/v1");
        if (root != null && (!TOPIC_ROOT.matcher(root).matches() || root.startsWith("/") || root.endsWith("/"))) {
            problems.add(s.line("topic_root"), "topic_root '" + root + "' must be a plain topic such as "
                    + "kentongan/v1 (no wildcards, no leading or trailing /)");
        }
        String clientId = s.string("client_id", defaultClient);
        if (clientId != null && (clientId.isEmpty() || clientId.length() > 64)) {
            problems.add(s.line("client_id"), "client_id must be 1..64 characters");
        }
        Duration keepAlive = s.duration("keep_alive", Duration.ofSeconds(20));
        int window = s.integer("window", 16);
        if (window < 1 || window > 1000) {
            problems.add(s.line("window"), "window " + window + " must be 1..1000");
        }
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);
        Yaml.Section backoff = s.optionalSection("backoff");
        if (backoff != null) {
            backoff.allowOnly(Set.of("min", "max"));
            min = backoff.duration("min", min);
            max = backoff.duration("max", max);
            if (min.isZero() || min.compareTo(max) > 0) {
                problems.add(backoff.line(), "backoff: min must be above zero and not above max");
            }
        }
        Duration lostAfter = s.duration("lost_after", DEFAULT_UPLINK_LOST_AFTER);
        if (lostAfter.isZero() || lostAfter.isNegative()) {
            problems.add(s.line("lost_after"), "lost_after must be longer than zero");
        }
        java.nio.file.Path ca = null;
        java.nio.file.Path cert = null;
        java.nio.file.Path key = null;
        Yaml.Section tls = s.optionalSection("tls");
        if (tls != null) {
            tls.allowOnly(Set.of("ca", "cert", "key"));
            ca = existing(tls, "ca", problems);
            cert = tls.has("cert") ? existing(tls, "cert", problems) : null;
            key = tls.has("key") ? existing(tls, "key", problems) : null;
            if ((cert == null) != (key == null)) {
                problems.add(tls.line(), "uplink.tls: give both cert and key, or neither");
            }
        }
        if (ca == null && brokers.stream().anyMatch(b -> b.startsWith("ssl://"))) {
            problems.add(s.line("brokers"), "an ssl:// broker needs uplink.tls.ca, the CA that signed its certificate");
        }
        String plain = s.string("allow_plaintext", "false");
        return new UplinkSettings(brokers, root, clientId, keepAlive, window, min, max, lostAfter, ca, cert, key,
                plain.equals("true"));
    }

    private static java.nio.file.Path existing(Yaml.Section s, String key, Problems problems) {
        String v = s.string(key);
        if (v == null) {
            return null;
        }
        java.nio.file.Path p = java.nio.file.Path.of(v);
        if (!java.nio.file.Files.isReadable(p)) {
            problems.add(s.line(key), "uplink.tls." + key + ": cannot read " + v);
        }
        return p;
    }

    private static String checkId(String id, String what, int line, Problems problems) {
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(line, what + " '" + id + "' must be 1..32 of a-z, 0-9 and '-', starting with a letter "
                    + "or digit");
        }
        return id;
    }

    private static String oneOf(Yaml.Section s, String key, String fallback, Set<String> allowed,
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

    private static String knownKinds() {
        List<String> names = new ArrayList<>();
        for (AlertKind k : AlertKind.values()) {
            names.add(k.wireName());
        }
        return String.join(", ", names);
    }
}
