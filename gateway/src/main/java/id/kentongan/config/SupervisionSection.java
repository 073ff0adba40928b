package id.kentongan.config;

import id.kentongan.config.SiteProfile.InputRole;
import id.kentongan.config.SiteProfile.InputSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.dispatch.Schedule;
import id.kentongan.dispatch.Site.OutputRole;
import id.kentongan.dispatch.SirenPattern;
import id.kentongan.dispatch.SupervisionRules;
import id.kentongan.dispatch.SupervisionRules.Method;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the post supervises of itself (#16), read for {@link ProfileLoader}: the outputs' feedback wiring,
 * the power inputs, and the {@code selftest} section. Same rules as the rest of the profile: every
 * problem with its line, all at once. Stateless.
 */
final class SupervisionSection {

    static final Duration DEFAULT_SETTLE = Duration.ofSeconds(1);
    static final Duration DEFAULT_POWER_SETTLE = Duration.ofSeconds(2);
    private static final Duration MAX_SETTLE = Duration.ofSeconds(30);
    private static final Duration MAX_POWER_SETTLE = Duration.ofMinutes(10);
    private static final Duration MAX_CHIRP = Duration.ofSeconds(5);
    private static final Duration MAX_AUDIBLE = Duration.ofMinutes(5);

    private SupervisionSection() {
    }

    /** An input's {@code settle}: for a power input only, how long a new level must hold. */
    static Duration inputSettle(Yaml.Section s, InputRole role, Problems problems) {
        boolean power = role == InputRole.MAINS || role == InputRole.BATTERY_LOW || role == InputRole.BATTERY_CRITICAL;
        if (!power) {
            if (s.has("settle")) {
                problems.add(s.line("settle"), "settle is for mains and battery inputs (an output's feedback "
                        + "takes its settle on the output)");
            }
            return Duration.ZERO;
        }
        Duration d = s.duration("settle", DEFAULT_POWER_SETTLE);
        if (d.isNegative() || d.compareTo(MAX_POWER_SETTLE) > 0) {
            problems.add(s.line("settle"), "settle must be 0s..10m");
        }
        return d;
    }

    /** An output's {@code settle}: only beside a {@code feedback}. */
    static Duration outputSettle(Yaml.Section s, Problems problems) {
        if (!s.has("feedback")) {
            if (s.has("settle")) {
                problems.add(s.line("settle"), "settle needs a feedback input to time");
            }
            return DEFAULT_SETTLE;
        }
        Duration d = s.duration("settle", DEFAULT_SETTLE);
        if (d.compareTo(Duration.ofMillis(10)) < 0 || d.compareTo(MAX_SETTLE) > 0) {
            problems.add(s.line("settle"), "settle must be 10ms..30s");
        }
        return d;
    }

    /**
     * The feedback and supply wiring, checked across inputs and outputs: a feedback is a feedback input
     * named by one siren or strobe, a supply is a supply-cut output, and no such line is left unnamed.
     */
    static void wiring(List<InputSpec> inputs, List<OutputSpec> outputs, Problems problems) {
        Map<String, InputSpec> inputById = new HashMap<>();
        inputs.forEach(i -> inputById.put(i.id(), i));
        Map<String, OutputSpec> outputById = new HashMap<>();
        outputs.forEach(o -> outputById.put(o.id(), o));
        Map<String, String> feedbackOf = new HashMap<>();
        Set<String> supplies = new java.util.HashSet<>();
        for (OutputSpec o : outputs) {
            if (o.feedback() != null) {
                InputSpec in = inputById.get(o.feedback());
                if (in == null) {
                    problems.add(o.line(), "output '" + o.id() + "': feedback names no input '" + o.feedback() + "'");
                } else if (in.role() != InputRole.FEEDBACK) {
                    problems.add(o.line(), "output '" + o.id() + "': input '" + in.id() + "' must have role: feedback "
                            + "to be its feedback");
                } else if (feedbackOf.putIfAbsent(in.id(), o.id()) != null) {
                    problems.add(o.line(), "output '" + o.id() + "': input '" + in.id() + "' is already the feedback of '"
                            + feedbackOf.get(in.id()) + "'");
                }
                if (o.role() != null && !o.role().sounds()) {
                    problems.add(o.line(), "output '" + o.id() + "': only a siren or a strobe is supervised through "
                            + "a feedback");
                }
            }
            if (o.supply() != null) {
                OutputSpec sup = outputById.get(o.supply());
                if (o.feedback() == null) {
                    problems.add(o.line(), "output '" + o.id() + "': supply is for the silent test, which needs a "
                            + "feedback");
                }
                if (sup == null) {
                    problems.add(o.line(), "output '" + o.id() + "': supply names no output '" + o.supply() + "'");
                } else if (sup.role() != OutputRole.SUPPLY_CUT) {
                    problems.add(o.line(), "output '" + o.id() + "': output '" + sup.id() + "' must have role: "
                            + "supply-cut to switch its supply");
                } else {
                    supplies.add(sup.id());
                }
            }
        }
        for (InputSpec i : inputs) {
            if (i.role() == InputRole.FEEDBACK && i.id() != null && !feedbackOf.containsKey(i.id())) {
                problems.add(i.line(), "feedback input '" + i.id() + "' is the feedback of no output: name it in "
                        + "an output's feedback, or remove it");
            }
        }
        for (OutputSpec o : outputs) {
            if (o.role() == OutputRole.SUPPLY_CUT && o.id() != null && !supplies.contains(o.id())) {
                problems.add(o.line(), "supply-cut output '" + o.id() + "' is the supply of no output: name it in "
                        + "an output's supply, or remove it");
            }
        }
        Map<InputRole, InputSpec> power = new EnumMap<>(InputRole.class);
        for (InputSpec i : inputs) {
            if (i.role() != null && i.role().supervises() && i.role() != InputRole.FEEDBACK) {
                InputSpec first = power.putIfAbsent(i.role(), i);
                if (first != null) {
                    problems.add(i.line(), "input '" + i.id() + "': '" + first.id() + "' already has the role "
                            + i.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                }
            }
        }
    }

    /** The {@code selftest} section: the circuit test and the audible test, each optional. */
    static SelfTests read(Yaml.Section s, List<OutputSpec> outputs, Map<String, SirenPattern> patterns,
                          SiteProfile.CentreSpec centre, Problems problems) {
        if (s == null) {
            return SelfTests.NONE;
        }
        s.allowOnly(Set.of("circuit", "audible"));
        List<SelfTests.Test> tests = new ArrayList<>();
        Yaml.Section c = s.optionalSection("circuit");
        if (c != null) {
            SelfTests.Test t = circuit(c, outputs, problems);
            if (t != null) {
                tests.add(t);
            }
        }
        Yaml.Section a = s.optionalSection("audible");
        if (a != null) {
            SelfTests.Test t = audible(a, outputs, patterns, centre, problems);
            if (t != null) {
                tests.add(t);
            }
        }
        return new SelfTests(tests);
    }

    private static SelfTests.Test circuit(Yaml.Section c, List<OutputSpec> outputs, Problems problems) {
        c.allowOnly(Set.of("every", "method", "chirp"));
        Schedule when = schedule(c, problems);
        String m = c.string("method", "silent");
        List<OutputSpec> watched = outputs.stream().filter(o -> o.feedback() != null).toList();
        if (watched.isEmpty()) {
            problems.add(c.line(), "selftest.circuit: no output has a feedback input to test");
        }
        Duration slowest = watched.stream().map(OutputSpec::settle).max(Duration::compareTo).orElse(DEFAULT_SETTLE);
        Method method;
        Duration drive;
        if ("silent".equals(m)) {
            method = Method.SILENT;
            drive = slowest.plusMillis(100); // held past the slowest settle, so a slow contact fails the test
            for (OutputSpec o : watched) {
                if (o.supply() == null) {
                    problems.add(c.line("method"), "selftest.circuit: method silent needs a supply (a supply-cut "
                            + "output) on output '" + o.id() + "'; wire one, or use method: chirp");
                }
            }
            if (c.has("chirp")) {
                problems.add(c.line("chirp"), "selftest.circuit: chirp is for method: chirp");
            }
        } else if ("chirp".equals(m)) {
            method = Method.CHIRP;
            drive = c.duration("chirp", slowest.plusMillis(100));
            if (drive.compareTo(slowest) <= 0 || drive.compareTo(MAX_CHIRP) > 0) {
                problems.add(c.line("chirp"), "selftest.circuit: chirp must be longer than the slowest settle ("
                        + slowest.toMillis() + "ms) and at most 5s");
            }
        } else {
            problems.add(c.line("method"), "selftest.circuit: method is '" + m + "', expected one of [chirp, silent]");
            return null;
        }
        return when == null ? null : new SelfTests.Test("circuit", when, method, drive, null);
    }

    private static SelfTests.Test audible(Yaml.Section a, List<OutputSpec> outputs, Map<String, SirenPattern> patterns,
                                          SiteProfile.CentreSpec centre, Problems problems) {
        a.allowOnly(Set.of("every", "pattern", "duration"));
        Schedule when = schedule(a, problems);
        SirenPattern pattern = centre.testPattern();
        if (a.has("pattern")) {
            String name = a.string("pattern");
            pattern = patterns.get(name);
            if (pattern == null) {
                problems.add(a.line("pattern"), "unknown pattern '" + name + "'");
            } else if (!pattern.equals(centre.testPattern())) {
                problems.add(a.line("pattern"), "selftest.audible: pattern '" + name + "' is not the test pattern ("
                        + centre.testPattern().name() + ", centre.test_pattern): the community must hear the "
                        + "same test every time");
            }
        }
        Duration d = a.duration("duration", Duration.ofNanos(centre.testMax().toNanos()));
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_AUDIBLE) > 0) {
            problems.add(a.line("duration"), "selftest.audible: duration must be 1s..5m");
        }
        if (outputs.stream().noneMatch(o -> o.role() != null && o.role().sounds())) {
            problems.add(a.line(), "selftest.audible: the post has no siren or strobe to test");
        }
        return when == null || pattern == null ? null : new SelfTests.Test("audible", when, Method.AUDIBLE, d, pattern);
    }

    private static Schedule schedule(Yaml.Section s, Problems problems) {
        String every = s.string("every");
        if (every == null) {
            return null;
        }
        try {
            return Schedule.parse(every);
        } catch (IllegalArgumentException e) {
            problems.add(s.line("every"), e.getMessage());
            return null;
        }
    }

    /** The loop's form: indexes and nanoseconds. */
    static SupervisionRules rules(SiteProfile p) {
        List<SupervisionRules.Feedback> feedback = new ArrayList<>();
        for (int o = 0; o < p.outputs().size(); o++) {
            OutputSpec spec = p.outputs().get(o);
            if (spec.feedback() != null) {
                feedback.add(new SupervisionRules.Feedback(o, p.inputIndex(spec.feedback()), spec.settle().toNanos(),
                        spec.supply() == null ? -1 : p.outputIndex(spec.supply())));
            }
        }
        List<SupervisionRules.PowerLine> power = new ArrayList<>();
        for (int i = 0; i < p.inputs().size(); i++) {
            InputSpec in = p.inputs().get(i);
            SupervisionRules.Power kind = switch (in.role()) {
                case MAINS -> SupervisionRules.Power.MAINS;
                case BATTERY_LOW -> SupervisionRules.Power.BATTERY_LOW;
                case BATTERY_CRITICAL -> SupervisionRules.Power.BATTERY_CRITICAL;
                default -> null;
            };
            if (kind != null) {
                power.add(new SupervisionRules.PowerLine(i, kind, in.settle().toNanos()));
            }
        }
        List<SupervisionRules.Test> tests = p.selftest().tests().stream().map(t -> new SupervisionRules.Test(t.name(),
                t.schedule(), t.method(), t.drive().toNanos(), t.pattern())).toList();
        return new SupervisionRules(feedback, power, tests);
    }
}
