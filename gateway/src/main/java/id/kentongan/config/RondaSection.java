package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.config.SiteProfile.NodeSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.config.SiteProfile.Rule;
import id.kentongan.dispatch.Site;
import id.kentongan.dispatch.SirenPattern;
import org.yaml.snakeyaml.nodes.Node;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The profile's {@code ronda} section (#14): the night watch's shifts, roster, checkpoints and rounds,
 * read for {@link ProfileLoader} with the same rules as the other sections (every problem with its line,
 * all at once). Guards appear here only by their short name, the register's key: their cards and phone
 * numbers are personal data and live in the register beside the secrets file. Stateless.
 *
 * <pre>
 * ronda:
 *   shifts:
 *     - { id: malam, start: "22:00", end: "04:00" }         # every night unless days: [mon, ...]
 *   grace: 15m                                               # nobody on by start + grace: shift-unmanned
 *   roster: { mon: [budi, agus], tue: [joko] }               # by the day the shift starts
 *   rounds: { every: 60m }                                   # each checkpoint at least this often
 *   checkpoints:
 *     - { id: pos, post: true, place: "Pos kamling" }
 *     - { node: cp-sungai, place: "Tepi sungai", every: 45m }
 *   hour_beat: { pattern: ronda-beat, output: kentongan-kecil }
 *   reader: ""                                               # the card reader at the post: "" the first one
 * </pre>
 */
final class RondaSection {

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");
    /** A guard's short name: a register key. */
    /** A reader's name as PC/SC lists it: printable, no control characters. */
    private static final Pattern READER = Pattern.compile("[\\p{Print}&&[^\\p{Cntrl}]]*");
    private static final Pattern GUARD = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final Duration MIN_EVERY = Duration.ofMinutes(5);
    private static final Duration MAX_EVERY = Duration.ofHours(12);
    static final int MAX_CHECKPOINTS = 64;
    static final int MAX_GUARDS_A_NIGHT = 32;

    private RondaSection() {
    }

    static Site.Ronda read(Yaml.Section s, String postZone, List<String> zones, List<NodeSpec> nodes,
                           List<OutputSpec> outputs, List<Rule> rules, Map<String, SirenPattern> patterns,
                           Problems problems) {
        if (s == null) {
            return Site.Ronda.NONE;
        }
        s.allowOnly(Set.of("shifts", "grace", "roster", "rounds", "checkpoints", "hour_beat", "reader"));
        List<Site.Ronda.Shift> shifts = shifts(s, problems);
        Duration grace = s.duration("grace", Duration.ofMinutes(15));
        if (grace.isNegative() || grace.compareTo(Duration.ofHours(2)) > 0) {
            problems.add(s.line("grace"), "ronda.grace must be 0..2h");
        }
        Duration every = Duration.ofMinutes(60);
        Yaml.Section rounds = s.optionalSection("rounds");
        if (rounds != null) {
            rounds.allowOnly(Set.of("every"));
            every = every(rounds, Duration.ofMinutes(60), problems);
        }
        Map<DayOfWeek, List<String>> roster = roster(s.optionalSection("roster"), problems);
        List<Site.Ronda.Checkpoint> checkpoints = checkpoints(s, every, postZone, zones, nodes, problems);
        SirenPattern beat = null;
        int beatOutput = -1;
        Yaml.Section hb = s.optionalSection("hour_beat");
        if (hb != null) {
            hb.allowOnly(Set.of("pattern", "output"));
            String name = hb.string("pattern");
            beat = name == null ? null : patterns.get(name);
            if (name != null && beat == null) {
                problems.add(hb.line("pattern"), "ronda.hour_beat: unknown pattern '" + name + "'");
            }
            String out = hb.string("output");
            for (int i = 0; out != null && i < outputs.size(); i++) {
                if (out.equals(outputs.get(i).id())) {
                    beatOutput = i;
                }
            }
            if (out != null && beatOutput < 0) {
                problems.add(hb.line("output"), "ronda.hour_beat: unknown output '" + out + "'");
            } else if (out != null && outputs.get(beatOutput).role() != Site.OutputRole.BEAT) {
                problems.add(hb.line("output"), "ronda.hour_beat: output '" + out + "' sounds real alerts (a centre's "
                        + "alert sounds every siren and strobe): give the watch's beats an output of role beat");
            } else if (out != null && (rules.stream().anyMatch(r -> r.outputs().contains(out))
                    || nodes.stream().anyMatch(n -> n.outputs().contains(out)))) {
                problems.add(hb.line("output"), "ronda.hour_beat: output '" + out + "' sounds real alerts: the "
                        + "watch's routine beats must never be confusable with an alarm");
            }
        }
        return new Site.Ronda(shifts, roster, checkpoints, grace.toNanos(), beat, beatOutput,
                reader(s, checkpoints, problems));
    }

    /**
     * The card reader at the post: {@code reader:} names it (a part of its PC/SC name, or empty for the
     * first connected); without it, a checkpoint at the post means the first reader; else none (null).
     */
    private static String reader(Yaml.Section s, List<Site.Ronda.Checkpoint> checkpoints, Problems problems) {
        if (!s.has("reader")) {
            return checkpoints.stream().anyMatch(c -> c.node() < 0) ? "" : null;
        }
        String name = s.string("reader");
        name = name == null ? "" : name.strip();
        if (name.length() > 128 || !READER.matcher(name).matches()) {
            problems.add(s.line("reader"), "ronda.reader must be (a part of) the PC/SC reader's name as "
                    + "'kentongan card' or pcsc_scan shows it, at most 128 printable characters, or \"\" for the "
                    + "first reader connected");
            return null;
        }
        return name;
    }

    private static List<Site.Ronda.Shift> shifts(Yaml.Section s, Problems problems) {
        List<Site.Ronda.Shift> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Yaml.Section sh : s.sections("shifts")) {
            sh.allowOnly(Set.of("id", "start", "end", "days"));
            String id = ProfileLoader.checkId(sh.string("id", "shift-" + (out.size() + 1)), "shift id",
                    sh.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(sh.line("id"), "duplicate shift id '" + id + "'");
            }
            LocalTime start = time(sh, "start", problems);
            LocalTime end = time(sh, "end", problems);
            if (start != null && start.equals(end)) {
                problems.add(sh.line("end"), "ronda shift '" + id + "' must end at another time than it starts");
            }
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : sh.strings("days", List.copyOf(DAYS.keySet()))) {
                DayOfWeek day = DAYS.get(d);
                if (day == null) {
                    problems.add(sh.line("days"), "day '" + d + "' is not one of mon, tue, wed, thu, fri, sat, sun");
                } else {
                    days.add(day);
                }
            }
            if (start != null && end != null && !start.equals(end)) {
                Site.Ronda.Shift shift = new Site.Ronda.Shift(id, start, end, days);
                for (Site.Ronda.Shift other : out) {
                    if (overlap(shift, other)) {
                        problems.add(sh.line(), "ronda shift '" + id + "' overlaps shift '" + other.id() + "'");
                    }
                }
                out.add(shift);
            }
        }
        if (out.isEmpty() && !problems.any()) {
            problems.add(s.line("shifts"), "ronda.shifts must name at least one shift");
        }
        return out;
    }

    private static boolean overlap(Site.Ronda.Shift a, Site.Ronda.Shift b) {
        for (DayOfWeek da : a.days()) {
            for (DayOfWeek db : b.days()) {
                long as = minuteOfWeek(da, a.start());
                long bs = minuteOfWeek(db, b.start());
                long al = length(a);
                long bl = length(b);
                for (long shift = -7 * 1440; shift <= 7 * 1440; shift += 7 * 1440) { // across the week's end
                    if (as < bs + shift + bl && bs + shift < as + al) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long minuteOfWeek(DayOfWeek d, LocalTime t) {
        return (d.getValue() - 1) * 1440L + t.getHour() * 60L + t.getMinute();
    }

    private static long length(Site.Ronda.Shift s) {
        long m = (s.end().toSecondOfDay() - s.start().toSecondOfDay()) / 60;
        return m > 0 ? m : m + 1440;
    }

    private static LocalTime time(Yaml.Section s, String key, Problems problems) {
        String v = s.string(key);
        if (v == null) {
            return null;
        }
        var m = TIME.matcher(v);
        if (!m.matches()) {
            problems.add(s.line(key), "ronda shift " + key + " '" + v + "' must be a time such as 22:00 (quote it)");
            return null;
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static Duration every(Yaml.Section s, Duration fallback, Problems problems) {
        Duration d = s.duration("every", fallback);
        if (d.compareTo(MIN_EVERY) < 0 || d.compareTo(MAX_EVERY) > 0) {
            problems.add(s.line("every"), "ronda: every must be 5m..12h");
            return fallback;
        }
        return d;
    }

    private static Map<DayOfWeek, List<String>> roster(Yaml.Section s, Problems problems) {
        Map<DayOfWeek, List<String>> out = new EnumMap<>(DayOfWeek.class);
        if (s == null) {
            return out;
        }
        for (Map.Entry<String, Node> e : s.entries().entrySet()) {
            DayOfWeek day = DAYS.get(e.getKey());
            if (day == null) {
                problems.add(s.line(e.getKey()), "ronda.roster: '" + e.getKey() + "' is not one of mon, tue, wed, "
                        + "thu, fri, sat, sun");
                continue;
            }
            List<String> guards = new ArrayList<>();
            for (String g : s.strings(e.getKey(), List.of())) {
                if (g == null || !GUARD.matcher(g).matches()) {
                    problems.add(s.line(e.getKey()), "ronda.roster: '" + g + "' is not a guard's short name (the "
                            + "register's key: a-z, 0-9, '.', '_', '-'); cards and phones belong in the register");
                } else if (guards.contains(g)) {
                    problems.add(s.line(e.getKey()), "ronda.roster: '" + g + "' twice on " + e.getKey());
                } else {
                    guards.add(g);
                }
            }
            if (guards.size() > MAX_GUARDS_A_NIGHT) {
                problems.add(s.line(e.getKey()), "ronda.roster: at most " + MAX_GUARDS_A_NIGHT + " guards a night");
            }
            out.put(day, guards);
        }
        return out;
    }

    private static List<Site.Ronda.Checkpoint> checkpoints(Yaml.Section s, Duration every, String postZone,
                                                           List<String> zones, List<NodeSpec> nodes,
                                                           Problems problems) {
        List<Site.Ronda.Checkpoint> out = new ArrayList<>();
        if (!s.has("checkpoints")) {
            return out;
        }
        Set<String> ids = new HashSet<>();
        Set<Integer> readers = new HashSet<>();
        for (Yaml.Section c : s.sections("checkpoints")) {
            c.allowOnly(Set.of("id", "node", "post", "place", "zone", "every"));
            String nodeId = c.string("node", null);
            String post = c.string("post", "false");
            if (!post.equals("true") && !post.equals("false")) {
                problems.add(c.line("post"), "ronda checkpoint: post must be true or false");
            }
            int node = -1;
            String zone = postZone;
            if (nodeId != null && post.equals("true")) {
                problems.add(c.line(), "ronda checkpoint: either a node or the post (post: true), not both");
            } else if (nodeId == null && !post.equals("true")) {
                problems.add(c.line(), "ronda checkpoint: name its field node (node: ID) or the post (post: true)");
                continue;
            } else if (nodeId != null) {
                for (int i = 0; i < nodes.size(); i++) {
                    if (nodeId.equals(nodes.get(i).id())) {
                        node = i;
                    }
                }
                if (node < 0) {
                    problems.add(c.line("node"), "ronda checkpoint: '" + nodeId + "' is not a field node of this post");
                    continue;
                }
                NodeSpec n = nodes.get(node);
                if (!n.events().contains(AlertKind.CHECKPOINT)) {
                    problems.add(c.line("node"), "ronda checkpoint: field node '" + nodeId + "' must list "
                            + "'checkpoint' among its events (line " + n.line() + ")");
                }
                zone = n.zone() == null ? postZone : n.zone();
            }
            if (!readers.add(node)) {
                problems.add(c.line(), "ronda checkpoint: " + (node < 0 ? "the post" : "node '" + nodeId + "'")
                        + " is already a checkpoint");
            }
            String id = ProfileLoader.checkId(c.string("id", nodeId == null ? "pos" : nodeId), "checkpoint id",
                    c.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(c.line("id"), "duplicate checkpoint id '" + id + "'");
            }
            String place = c.string("place");
            if (place != null && (place.isBlank() || place.length() > 64)) {
                problems.add(c.line("place"), "ronda checkpoint: place must be 1..64 characters");
            }
            if (c.has("zone")) {
                zone = c.string("zone");
                if (zone != null && !zones.contains(zone)) {
                    problems.add(c.line("zone"), "zone '" + zone + "' is not one of the zones " + zones);
                }
            }
            out.add(new Site.Ronda.Checkpoint(id, node, place == null ? String.valueOf(id) : place, zone,
                    every(c, every, problems).toNanos()));
        }
        if (out.size() > MAX_CHECKPOINTS) {
            problems.add(s.line("checkpoints"), "ronda: at most " + MAX_CHECKPOINTS + " checkpoints");
        }
        return out;
    }
}
