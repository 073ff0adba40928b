package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapAreas;
import id.kentongan.alert.Guidance;
import id.kentongan.alert.Priority;
import id.kentongan.alert.Residents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The profile's CAP settings, read for {@link ProfileLoader}: which of the post's zones a relayed CAP
 * alert's areas name ({@code centre.cap_areas}), and what the post's own CAP alerts advise and how long
 * they are in effect ({@code cap:}, with the instructions of {@code residents:}). Same rules as the rest:
 * every problem with its line, all at once. Stateless.
 *
 * <pre>
 * centre:
 *   cap_areas:
 *     - { area: "Desa Sukamaju", zones: [rw05-pos, rw05-utara, rw05-sungai] }
 *     - { geocode: BPS, value: "3201012005", zones: [rw05-pos] }
 *     - { area: "Dusun Kidul", zones: [] }      # in the village, none of this post's zones
 * cap:
 *   expires: { life-safety: 24h, security: 24h, supervision: 24h, telemetry: 1h }
 *   expires_by_kind: { flood: 48h }
 * </pre>
 */
final class CapSections {

    private CapSections() {
    }

    static CapAreas areas(Yaml.Section centre, List<String> zones, Problems problems) {
        if (centre == null || !centre.has("cap_areas")) {
            return CapAreas.NONE;
        }
        List<CapAreas.Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Yaml.Section s : centre.sections("cap_areas")) {
            s.allowOnly(Set.of("area", "geocode", "value", "zones"));
            String area = s.string("area", null);
            String code = s.string("geocode", null);
            String value = s.string("value", null);
            if ((area == null) == (code == null)) {
                problems.add(s.line(), "cap_areas: name an area (its CAP areaDesc) or a geocode, one of the two");
                continue;
            }
            if (code != null && (value == null || value.isBlank())) {
                problems.add(s.line(), "cap_areas: geocode " + code + " needs its 'value'");
                continue;
            }
            if (area != null && (area.isBlank() || s.has("value"))) {
                problems.add(s.line(), "cap_areas: an area row takes a non-empty 'area' and no 'value'");
                continue;
            }
            List<String> in = s.strings("zones", null);
            if (in == null) {
                problems.add(s.line(), "cap_areas: missing 'zones' (this post's zones in the area, or [] for none)");
                continue;
            }
            for (String z : in) {
                if (!zones.contains(z)) {
                    problems.add(s.line("zones"), "zone '" + z + "' is not one of the zones " + zones
                            + " (an area elsewhere in the village takes zones: [])");
                }
            }
            CapAreas.Row row = new CapAreas.Row(area, code, value == null ? null : value.trim(), in);
            String key = area != null ? "area " + row.areaDesc() : "geocode " + code + "=" + row.geocodeValue();
            if (!seen.add(key)) {
                problems.add(s.line(), "cap_areas: " + key + " is listed twice");
            }
            rows.add(row);
        }
        return new CapAreas(rows);
    }

    static Guidance guidance(Yaml.Section s, Residents residents, Problems problems) {
        Map<Priority, Duration> byPriority = new EnumMap<>(Priority.class);
        Map<AlertKind, Duration> byKind = new EnumMap<>(AlertKind.class);
        if (s != null) {
            s.allowOnly(Set.of("expires", "expires_by_kind"));
            Yaml.Section p = s.optionalSection("expires");
            if (p != null) {
                for (String name : p.entries().keySet()) {
                    Priority priority = Priority.fromWireName(name);
                    if (priority == null) {
                        problems.add(p.line(name), "unknown priority '" + name
                                + "' (life-safety, security, supervision, telemetry)");
                    } else {
                        expiry(p, name, problems, d -> byPriority.put(priority, d));
                    }
                }
            }
            Yaml.Section k = s.optionalSection("expires_by_kind");
            if (k != null) {
                for (String name : k.entries().keySet()) {
                    AlertKind kind = AlertKind.fromWireName(name);
                    if (kind == null) {
                        problems.add(k.line(name), "unknown alert kind '" + name + "' (known: "
                                + ProfileLoader.knownKinds() + ")");
                    } else {
                        expiry(k, name, problems, d -> byKind.put(kind, d));
                    }
                }
            }
        }
        return new Guidance(residents.instructions(), byPriority, byKind);
    }

    private static void expiry(Yaml.Section s, String key, Problems problems,
                               Consumer<Duration> to) {
        Duration d = s.duration(key, null);
        if (d == null) {
            return; // reported by duration()
        }
        if (d.compareTo(Guidance.MIN_EXPIRY) < 0 || d.compareTo(Guidance.MAX_EXPIRY) > 0) {
            problems.add(s.line(key), key + ": an expiry must be 1m..720h, not " + s.string(key));
        } else {
            to.accept(d);
        }
    }
}
