package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.config.SiteProfile.InputRole;
import id.kentongan.config.SiteProfile.InputSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.config.SiteProfile.Rule;
import id.kentongan.dispatch.SirenPattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The profile's {@code sounding} limits and its {@code rules}: for each alarm input, one rule (its alert
 * kind, priority, pattern, outputs, time limit and zone); an alarm input without a rule is refused.
 * Stateless; any thread.
 */
final class RulesSection {

    private RulesSection() {
    }

    /** Every alarm input's rule; every problem added with its line. */
    static List<Rule> read(Yaml.Section root, Post post, List<String> zones, List<InputSpec> inputs,
                           List<OutputSpec> outputs, Map<String, SirenPattern> patterns, Problems problems) {
        Map<AlertKind, Duration> maxByKind = new HashMap<>();
        Duration defaultMax = ProfileLoader.DEFAULT_MAX_SOUNDING;
        Yaml.Section sounding = root.optionalSection("sounding");
        if (sounding != null) {
            sounding.allowOnly(Set.of("default_max", "max_by_kind"));
            defaultMax = sounding.duration("default_max", ProfileLoader.DEFAULT_MAX_SOUNDING);
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
                problems.add(s.line("input"), "input '" + inputId + "' is the " + input.role().name()
                        .toLowerCase(Locale.ROOT).replace('_', '-') + " input and takes no rule");
            } else if (inputId != null && !ruled.add(inputId)) {
                problems.add(s.line("input"), "input '" + inputId + "' already has a rule");
            }
            String kindName = s.string("kind");
            AlertKind kind = kindName == null ? null : AlertKind.fromWireName(kindName);
            if (kindName != null && kind == null) {
                problems.add(s.line("kind"), "unknown alert kind '" + kindName + "' (known: " + ProfileLoader.knownKinds() + ")");
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
            List<String> outs = ProfileLoader.soundingOutputs(s, outputById, problems);
            SirenPattern pattern = ProfileLoader.soundingPattern(s, outs, patterns, problems);
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
}
