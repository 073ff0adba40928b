package id.kentongan.config;

import id.kentongan.dispatch.SirenPattern;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The profile's {@code patterns}: the siren patterns it names beside the built-in ones (steady,
 * temporal-3, titir), each of a known type with its own keys only. Stateless; any thread.
 */
final class PatternsSection {

    private PatternsSection() {
    }

    /** The built-in patterns and the profile's, by name; every problem added with its line. */
    static Map<String, SirenPattern> read(Yaml.Section s, Problems problems) {
        Map<String, SirenPattern> patterns = ProfileLoader.builtInPatterns();
        if (s == null) {
            return patterns;
        }
        for (Map.Entry<String, Node> e : s.entries().entrySet()) {
            String name = e.getKey();
            Yaml.Section p = s.asSection(e.getValue(), "patterns." + name);
            if (p == null) {
                continue;
            }
            ProfileLoader.checkId(name, "pattern name", p.line(), problems);
            String type = ProfileLoader.oneOf(p, "type", null, Set.of("steady", "temporal-3", "titir", "beats"), problems);
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
}
