package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapAreas;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.alert.Residents;
import id.kentongan.dispatch.Site;
import id.kentongan.dispatch.Site.OutputRole;
import id.kentongan.dispatch.SirenPattern;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Set;

/**
 * A guard post's site profile, validated: the post, its wired inputs and outputs, the siren patterns,
 * the rules from input to alert, the uplink, and the night watch ({@code ronda}: {@link Site.Ronda#NONE} when the
 * profile has none). Made only by {@link ProfileLoader}, which refuses a
 * profile that breaks any rule below, so whoever holds one may trust it. Immutable; any thread.
 */
public record SiteProfile(Path source, Post post, List<String> zones, List<InputSpec> inputs,
                          List<OutputSpec> outputs, Map<String, SirenPattern> patterns,
                          List<Rule> rules, UplinkSettings uplink, FieldSettings field, List<NodeSpec> nodes,
                          CentreSpec centre, Residents residents, String homeAssistantPrefix,
                          StatusSettings status, SmsSettings sms, SelfTests selftest, Site.Ronda ronda) {

    public SiteProfile {
        zones = List.copyOf(zones);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        patterns = Map.copyOf(patterns);
        rules = List.copyOf(rules);
        nodes = List.copyOf(nodes);
        selftest = selftest == null ? SelfTests.NONE : selftest;
    }

    public int nodeIndex(String id) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * How the post treats the command centre: the profile's {@code centre} section.
     *
     * @param window        a command whose time is further than this from the post's clock is stale
     * @param testPattern   what tests and drills sound: never a pattern of a real alert
     * @param escalateAfter an unacknowledged alarm (life-safety, security) goes to the village-wide topic after this
     * @param capAreas      which of the post's zones a relayed CAP alert's areas name
     */
    public record CentreSpec(Duration window, SirenPattern testPattern, Duration testMax, Duration alertMax,
                             Duration republishFirst, Duration republishMax, Duration escalateAfter,
                             CapAreas capAreas) {
    }

    /**
     * A field node allowed to report to this post.
     *
     * @param events      the kinds it may report; anything else is refused with 4.03
     * @param heartbeat   how often it promises a heartbeat
     * @param silentAfter how long without one before it is reported silent (default three heartbeats)
     * @param pattern     what {@code outputs} play for its alerts, or {@code null} to sound nothing
     */
    public record NodeSpec(String id, String zone, Set<AlertKind> events, Duration heartbeat,
                           Duration silentAfter, SirenPattern pattern, List<String> outputs, Duration maxSounding,
                           String label, int line) {
        public NodeSpec {
            events = Set.copyOf(events);
            outputs = List.copyOf(outputs);
        }
    }

    /** The rules in the form the dispatch loop runs them: indexes instead of names, nanoseconds. */
    public Site toSite() {
        List<Site.InputRule> in = new ArrayList<>();
        for (InputSpec i : inputs) {
            Rule r = rules.stream().filter(x -> x.input().equals(i.id())).findFirst().orElse(null);
            if (i.role().supervises()) {
                in.add(Site.InputRule.watched(i.id()));
            } else if (r == null) {
                in.add(Site.InputRule.silence(i.id(), i.debounce().toNanos()));
            } else {
                int[] outs = r.outputs().stream().mapToInt(this::outputIndex).toArray();
                in.add(new Site.InputRule(i.id(), i.debounce().toNanos(), i.rearm().toNanos(), false, r.kind(),
                        r.priority(),
                        r.pattern(), outs, r.maxSounding().toNanos(), r.zone()));
            }
        }
        List<Site.OutputDef> out = outputs.stream().map(o -> new Site.OutputDef(o.id(), o.role())).toList();
        List<Site.NodeRule> nodeRules = nodes.stream().map(n -> new Site.NodeRule(n.id(), n.zone(), n.events(),
                n.silentAfter().toNanos(), n.pattern(), n.outputs().stream().mapToInt(this::outputIndex).toArray(),
                n.maxSounding().toNanos())).toList();
        Site.Centre c = new Site.Centre(zones, patterns, centre.testPattern(), centre.testMax().toNanos(),
                centre.alertMax().toNanos(), centre.republishFirst().toNanos(), centre.republishMax().toNanos(),
                centre.escalateAfter().toNanos());
        return new Site(post, in, out, uplink.lostAfter().toNanos(), nodeRules, c, people(),
                SupervisionSection.rules(this), ronda);
    }

    /** The phone tree and duty phone in the loop's form; nobody without an {@code sms} section. */
    private Site.People people() {
        if (sms == null) {
            return Site.People.NONE;
        }
        Map<AlertKind, List<Site.People.Level>> tree = new java.util.EnumMap<>(AlertKind.class);
        sms.phoneTree().forEach((kind, levels) -> tree.put(kind, levels.stream()
                .map(l -> new Site.People.Level(l.after().toNanos(), l.people())).toList()));
        return new Site.People(tree, !sms.duty().isEmpty());
    }

    public Optional<InputSpec> input(String id) {
        return inputs.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public int inputIndex(String id) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    public int outputIndex(String id) {
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Internal pull resistor of an input line. */
    public enum Pull { UP, DOWN, OFF }

    /** What pressing an input means. */
    public enum InputRole {
        /** Raises an alert through its rule. */
        ALARM,
        /** The guard-reachable silence: stops every sounding siren at the post. */
        SILENCE,
        /** A siren's feedback (a relay's auxiliary contact, an optocoupler on its line), named by one output (#16). */
        FEEDBACK,
        /** Active while the mains is present (a UPS HAT's power-good signal). */
        MAINS,
        /** Active while the battery is low. */
        BATTERY_LOW,
        /** Active when the battery is about to fail: the post shuts down cleanly. */
        BATTERY_CRITICAL;

        /** Whether the dispatch loop's supervision takes its edges rather than the debounce of presses. */
        public boolean supervises() {
            return this != ALARM && this != SILENCE;
        }
    }

    /**
     * A wired input.
     *
     * @param pin        BCM GPIO line, 2..27
     * @param activeHigh true if the line reads high when pressed or tripped
     * @param debounce   after an accepted edge, further edges within this time are not taken as new
     *                   presses; the first edge is taken at once (leading-edge), so the siren is not
     *                   delayed by the debounce
     * @param settle     for a power input (mains, battery): how long a new level must hold before it is
     *                   reported, so a flicker of the mains is not a power cut; zero for other roles
     */
    public record InputSpec(String id, int pin, Pull pull, boolean activeHigh, Duration debounce, Duration rearm,
                            InputRole role, String label, int line, Duration settle) {
    }

    /**
     * A wired output, driven inactive at start and at shutdown.
     *
     * @param feedback the input that must follow it (#16), or {@code null} when it is not supervised
     * @param settle   how long the feedback may take to follow it
     * @param supply   the supply-cut output that switches its siren's power off for a silent test, or {@code null}
     */
    public record OutputSpec(String id, int pin, boolean activeHigh, OutputRole role, String label, int line,
                             String feedback, Duration settle, String supply) {
    }

    /**
     * What an input's activation means.
     *
     * @param outputs     ids of the outputs that play {@code pattern}
     * @param maxSounding how long the outputs may sound before they stop on their own
     */
    public record Rule(String input, AlertKind kind, Priority priority, SirenPattern pattern,
                       List<String> outputs, Duration maxSounding, String zone) {
        public Rule {
            outputs = List.copyOf(outputs);
        }
    }

}
