package id.kentongan.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A thin reading layer over SnakeYAML's node tree, which keeps the line of every value. Reads report
 * what is wrong to {@link Problems} and return a fallback, so loading goes on and finds every mistake.
 * We compose nodes rather than bind objects because binding loses the line numbers. Single thread.
 */
final class Yaml {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Yaml() {
    }

    /** @return the document's root mapping, or {@code null} after reporting why there is none */
    static Section parse(Reader reader, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            problems.add(line, "not valid YAML: " + e.getProblem());
            return null;
        } catch (RuntimeException e) {
            problems.add(1, "not valid YAML: " + e.getMessage());
            return null;
        }
        if (!(root instanceof MappingNode m)) {
            problems.add(root == null ? 1 : line(root), "the profile must be a mapping of sections");
            return null;
        }
        return new Section(m, "profile", problems);
    }

    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /** A mapping in the profile; {@code where} names it in messages. */
    static final class Section {
        private final Map<String, Node> values = new LinkedHashMap<>();
        private final Map<String, Integer> keyLines = new LinkedHashMap<>();
        private final Node node;
        private final String where;
        private final Problems problems;

        Section(MappingNode node, String where, Problems problems) {
            this.node = node;
            this.where = where;
            this.problems = problems;
            for (NodeTuple t : node.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.add(Yaml.line(t.getKeyNode()), where + ": keys must be plain names");
                    continue;
                }
                if (values.containsKey(k.getValue())) {
                    problems.add(Yaml.line(k), where + ": duplicate key '" + k.getValue() + "'");
                    continue;
                }
                values.put(k.getValue(), t.getValueNode());
                keyLines.put(k.getValue(), Yaml.line(k));
            }
        }

        int line() {
            return Yaml.line(node);
        }

        int line(String key) {
            Node n = values.get(key);
            return n == null ? line() : Yaml.line(n);
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        Problems problems() {
            return problems;
        }

        /** Reports keys this section does not know, which are usually typos. */
        void allowOnly(Set<String> known) {
            for (var e : keyLines.entrySet()) {
                if (!known.contains(e.getKey())) {
                    problems.add(e.getValue(), where + ": unknown key '" + e.getKey() + "' (known: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        String string(String key) {
            Node n = values.get(key);
            if (n == null) {
                problems.add(line(), where + ": missing '" + key + "'");
                return null;
            }
            return scalar(n, key);
        }

        String string(String key, String fallback) {
            return values.containsKey(key) ? string(key) : fallback;
        }

        private String scalar(Node n, String key) {
            if (n instanceof ScalarNode s) {
                return s.getValue();
            }
            problems.add(Yaml.line(n), where + ": '" + key + "' must be a single value");
            return null;
        }

        Integer integer(String key) {
            String s = string(key);
            if (s == null) {
                return null;
            }
            try {
                return Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                problems.add(line(key), where + ": '" + key + "' must be a whole number, not '" + s + "'");
                return null;
            }
        }

        int integer(String key, int fallback) {
            if (!values.containsKey(key)) {
                return fallback;
            }
            Integer i = integer(key);
            return i == null ? fallback : i;
        }

        Duration duration(String key, Duration fallback) {
            if (!values.containsKey(key)) {
                return fallback;
            }
            String s = string(key);
            if (s == null) {
                return fallback;
            }
            Duration d = parseDuration(s);
            if (d == null) {
                problems.add(line(key), where + ": '" + key + "' must be a duration such as 20ms, 2s or 15m, not '"
                        + s + "'");
                return fallback;
            }
            if (d.compareTo(LONGEST) > 0) { // the post counts in nanoseconds, which end at 292 years
                problems.add(line(key), where + ": '" + key + "' must be at most 8784h (a year), not '" + s + "'");
                return fallback;
            }
            return d;
        }

        Section section(String key) {
            Node n = values.get(key);
            if (n == null) {
                problems.add(line(), where + ": missing section '" + key + "'");
                return null;
            }
            return asSection(n, where + "." + key);
        }

        Section optionalSection(String key) {
            return values.containsKey(key) ? section(key) : null;
        }

        Section asSection(Node n, String name) {
            if (n instanceof MappingNode m) {
                return new Section(m, name, problems);
            }
            problems.add(Yaml.line(n), name + " must be a mapping of keys to values");
            return null;
        }

        /** Entries of a mapping-valued key, in file order. */
        Map<String, Node> entries() {
            return values;
        }

        List<Section> sections(String key) {
            List<Section> out = new ArrayList<>();
            Node n = values.get(key);
            if (n == null) {
                problems.add(line(), where + ": missing list '" + key + "'");
                return out;
            }
            if (!(n instanceof SequenceNode seq)) {
                problems.add(Yaml.line(n), where + ": '" + key + "' must be a list");
                return out;
            }
            int i = 0;
            for (Node item : seq.getValue()) {
                Section s = asSection(item, key + "[" + i++ + "]");
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        List<String> strings(String key, List<String> fallback) {
            Node n = values.get(key);
            if (n == null) {
                return fallback;
            }
            if (n instanceof ScalarNode s) {
                return List.of(s.getValue());
            }
            if (!(n instanceof SequenceNode seq)) {
                problems.add(Yaml.line(n), where + ": '" + key + "' must be a list of names");
                return fallback;
            }
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                String s = scalar(item, key);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        String where() {
            return where;
        }
    }

    /** The longest duration a profile may give: any of the post's sums and multiples of it still fit in nanoseconds. */
    static final Duration LONGEST = Duration.ofDays(366);

    static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        double nanos = switch (m.group(2)) {
            case "ms" -> v * 1e6;
            case "s" -> v * 1e9;
            case "m" -> v * 60e9;
            default -> v * 3600e9;
        };
        return Duration.ofNanos(Math.round(nanos));
    }
}
