package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Priority;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The profile's {@code sms} section, read for {@link ProfileLoader}: modems, who an alarm reaches, the
 * phone tree and the duty phone. Same rules as the rest of the profile: every problem with its line,
 * all at once. People are register keys here, checked against the register when the gateway starts.
 * Stateless.
 */
final class SmsSection {

    static final Path DEFAULT_SPOOL = Path.of("/var/spool/gammu");

    private SmsSection() {
    }

    /** @return the settings, or {@code null} when the profile has no {@code sms} section (no SMS at all) */
    static SmsSettings read(Yaml.Section s, Problems problems) {
        if (s == null) {
            return null;
        }
        s.allowOnly(Set.of("modems", "country_code", "max_parts", "keep_days", "residents", "phone_tree", "duty", "ronda",
                "reports"));
        String cc = s.string("country_code", "62");
        if (cc != null && !cc.matches("[1-9][0-9]{0,2}")) {
            problems.add(s.line("country_code"), "sms.country_code must be 1..3 digits, such as 62");
            cc = "62";
        }
        int maxParts = s.integer("max_parts", 2);
        if (maxParts < 1 || maxParts > 6) {
            problems.add(s.line("max_parts"), "sms.max_parts " + maxParts + " must be 1..6");
            maxParts = 2;
        }
        int keepDays = s.integer("keep_days", 30);
        if (keepDays < 1 || keepDays > 3650) {
            problems.add(s.line("keep_days"), "sms.keep_days " + keepDays + " must be 1..3650");
        }
        int perHour = 5;
        Yaml.Section reports = s.optionalSection("reports");
        if (reports != null) {
            reports.allowOnly(Set.of("per_hour"));
            perHour = reports.integer("per_hour", 5);
            if (perHour < 1 || perHour > 60) {
                problems.add(reports.line("per_hour"), "sms.reports.per_hour " + perHour + " must be 1..60");
            }
        }
        return new SmsSettings(modems(s, problems), cc, maxParts, keepDays, reach(s.optionalSection("residents"),
                problems), phoneTree(s.optionalSection("phone_tree"), problems), s.strings("duty", List.of()), perHour,
                s.strings("ronda", List.of()));
    }

    private static List<Modem> modems(Yaml.Section s, Problems problems) {
        if (!s.has("modems")) {
            return List.of(new Modem("modem-1", DEFAULT_SPOOL, null, 12, 2));
        }
        List<Modem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Yaml.Section m : s.sections("modems")) {
            m.allowOnly(Set.of("id", "spool", "log", "per_minute", "window", "stuck_after"));
            String id = ProfileLoader.checkId(m.string("id"), "modem id", m.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(m.line("id"), "duplicate modem id '" + id + "'");
            }
            String spool = m.string("spool", DEFAULT_SPOOL.toString());
            String log = m.string("log", null);
            int perMinute = m.integer("per_minute", 12);
            int window = m.integer("window", 2);
            Duration stuckAfter = m.duration("stuck_after", Modem.STUCK_AFTER);
            try {
                out.add(new Modem(id == null ? "modem" : id, Path.of(spool), log == null ? null : Path.of(log),
                        perMinute, window, stuckAfter));
            } catch (IllegalArgumentException e) { // InvalidPathException too
                problems.add(m.line(), "sms.modems: " + e.getMessage());
            }
        }
        if (out.isEmpty() && !problems.any()) {
            problems.add(s.line("modems"), "sms.modems must name at least one modem");
        }
        return out;
    }

    private static Map<Priority, SmsSettings.Reach> reach(Yaml.Section s, Problems problems) {
        Map<Priority, SmsSettings.Reach> out = new EnumMap<>(Priority.class);
        out.put(Priority.LIFE_SAFETY, SmsSettings.Reach.ALL_ZONES);
        out.put(Priority.SECURITY, SmsSettings.Reach.OWN_ZONE);
        if (s == null) {
            return out;
        }
        s.allowOnly(Set.of("life-safety", "security"));
        for (String cls : s.entries().keySet()) {
            Priority p = Priority.fromWireName(cls);
            String v = s.string(cls);
            SmsSettings.Reach r = v == null ? null : switch (v) {
                case "own-zone" -> SmsSettings.Reach.OWN_ZONE;
                case "all-zones" -> SmsSettings.Reach.ALL_ZONES;
                case "none" -> SmsSettings.Reach.NONE;
                default -> null;
            };
            if (r == null) {
                problems.add(s.line(cls), "sms.residents." + cls + " must be own-zone, all-zones or none");
            } else if (p != null) {
                out.put(p, r);
            }
        }
        return out;
    }

    /** Levels per alarm kind; {@code default} stands for every alarm kind without its own. */
    private static Map<AlertKind, List<SmsSettings.Level>> phoneTree(Yaml.Section s, Problems problems) {
        Map<AlertKind, List<SmsSettings.Level>> out = new EnumMap<>(AlertKind.class);
        if (s == null) {
            return out;
        }
        Map<String, List<SmsSettings.Level>> named = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : s.entries().entrySet()) {
            String name = e.getKey();
            AlertKind kind = AlertKind.fromWireName(name);
            if (!name.equals("default") && (kind == null || !kind.defaultPriority().isAlarm())) {
                problems.add(s.line(name), "sms.phone_tree: '" + name + "' is not an alarm kind (life-safety or "
                        + "security), nor 'default'");
                continue;
            }
            List<SmsSettings.Level> levels = new ArrayList<>();
            Duration last = Duration.ofSeconds(-1);
            for (Yaml.Section l : s.sections(name)) {
                l.allowOnly(Set.of("after", "people"));
                Duration after = l.duration("after", Duration.ZERO);
                if (after.compareTo(last) <= 0) {
                    problems.add(l.line("after"), "sms.phone_tree." + name + ": each level comes later than the one "
                            + "before it");
                }
                if (after.compareTo(Duration.ofHours(24)) > 0) {
                    problems.add(l.line("after"), "sms.phone_tree." + name + ": after must be at most 24h");
                }
                last = after;
                List<String> people = l.strings("people", List.of());
                if (people.isEmpty()) {
                    problems.add(l.line(), "sms.phone_tree." + name + ": a level must name people (register keys)");
                }
                levels.add(new SmsSettings.Level(after, people));
            }
            named.put(name, levels);
        }
        for (AlertKind k : AlertKind.values()) {
            List<SmsSettings.Level> levels = named.getOrDefault(k.wireName(),
                    k.defaultPriority().isAlarm() ? named.get("default") : null);
            if (levels != null && !levels.isEmpty()) {
                out.put(k, levels);
            }
        }
        return out;
    }
}
