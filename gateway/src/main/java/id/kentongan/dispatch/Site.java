package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The site's rules in the form the dispatch loop runs them: inputs and outputs by index, times in
 * nanoseconds. Made from a validated site profile. Immutable; any thread.
 *
 * @param inputs  one rule per wired input, in the order the hardware adapter numbers them
 * @param outputs one definition per wired output, in the order {@link Outputs} numbers them
 * @param uplinkLostAfterNanos how long the uplink may be down before the post journals one
 *                             {@code uplink-lost} supervision alert for the outage
 * @param nodes   the field nodes allowed to report to this post
 */
public record Site(Post post, List<InputRule> inputs, List<OutputDef> outputs, long uplinkLostAfterNanos,
                   List<NodeRule> nodes, Centre centre, People people, SupervisionRules supervision,
                   Ronda ronda) {

    public Site {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        nodes = List.copyOf(nodes);
    }

    /**
     * The night watch (ronda, #14): when shifts run in the post's time zone, who is on the roster each
     * night, and the checkpoints the guards must visit during a shift. Guards are named by their short
     * name (the register's key); their cards and phones stay in the register.
     *
     * @param roster      by the day a shift starts on: the guards on watch that night
     * @param graceNanos  after a shift starts, how long before nobody signed on is a {@code shift-unmanned}
     * @param beat        the routine signal played on sign-on, or {@code null}
     * @param beatOutput  output index that plays {@code beat}, or -1
     * @param reader      the card reader at the post, for the composition root (the loop only sees its taps):
     *                    the PC/SC reader's name (a part of it), empty for the first one connected, or
     *                    {@code null} when the post has none
     */
    public record Ronda(List<Shift> shifts, Map<DayOfWeek, List<String>> roster,
                        List<Checkpoint> checkpoints, long graceNanos, SirenPattern beat, int beatOutput,
                        String reader) {

        public Ronda {
            shifts = List.copyOf(shifts);
            roster = Map.copyOf(roster);
            checkpoints = List.copyOf(checkpoints);
        }

        public static final Ronda NONE = new Ronda(List.of(), Map.of(), List.of(), 0, null, -1, null);

        public boolean watched() {
            return !shifts.isEmpty();
        }

        /** A shift from {@code start} to {@code end}, past midnight when {@code end} is not after it. */
        public record Shift(String id, LocalTime start, LocalTime end,
                            Set<DayOfWeek> days) {
            public Shift {
                days = Set.copyOf(days);
            }
        }

        /**
         * A place the guards must visit at least every {@code everyNanos} during a shift.
         *
         * @param node  the field node whose reader it is, or -1 for the reader at the post itself
         */
        public record Checkpoint(String id, int node, String place, String zone, long everyNanos) {
        }

        /** The checkpoint read by field node {@code node} (or the post's reader, -1), or -1. */
        public int checkpointAt(int node) {
            for (int i = 0; i < checkpoints.size(); i++) {
                if (checkpoints.get(i).node() == node) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A site that supervises nothing of itself (#16), without the night watch (#14). */
    public Site(Post post, List<InputRule> inputs, List<OutputDef> outputs, long uplinkLostAfterNanos,
                List<NodeRule> nodes, Centre centre, People people) {
        this(post, inputs, outputs, uplinkLostAfterNanos, nodes, centre, people, SupervisionRules.NONE, Ronda.NONE);
    }

    /** A site without SMS: nobody to page. */
    public Site(Post post, List<InputRule> inputs, List<OutputDef> outputs, long uplinkLostAfterNanos,
                List<NodeRule> nodes, Centre centre) {
        this(post, inputs, outputs, uplinkLostAfterNanos, nodes, centre, People.NONE);
    }

    /**
     * The people the loop pages by SMS (#13): the phone tree's levels per alarm kind, by register key, and
     * whether the centre has a duty phone that takes life-safety alarms while the uplink is lost.
     */
    public record People(Map<AlertKind, List<Level>> tree, boolean duty) {

        public People {
            tree = Map.copyOf(tree);
        }

        public static final People NONE = new People(Map.of(), false);

        /** @param afterNanos since the alarm, when this level is paged if nobody has acknowledged it */
        public record Level(long afterNanos, List<String> people) {
            public Level {
                people = List.copyOf(people);
            }
        }

        /** Whether {@code person} is on any level of {@code kind}'s tree. */
        public boolean lists(AlertKind kind, String person) {
            for (Level l : tree.getOrDefault(kind, List.of())) {
                if (l.people().contains(person)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A site with no field nodes. */
    public Site(Post post, List<InputRule> inputs, List<OutputDef> outputs, long uplinkLostAfterNanos) {
        this(post, inputs, outputs, uplinkLostAfterNanos, List.of(), Centre.DEFAULTS);
    }

    /**
     * What the command centre's commands and acknowledgements do at this post.
     *
     * @param zones             every zone of the post: a village-wide alert for any of them sounds here
     * @param patterns          patterns a centre's alert may name
     * @param testPattern       what tests and drills play: never a pattern a real alert plays
     * @param testMaxNanos      how long a test or drill sounds
     * @param alertMaxNanos     how long a centre's alert sounds
     * @param republishFirstNanos first re-publish of an unacknowledged alarm (life-safety, security); the gap doubles
     * @param republishMaxNanos   the longest gap between re-publishes
     * @param escalateAfterNanos  an alert still unacknowledged this long goes to the village-wide topic
     */
    public record Centre(List<String> zones, Map<String, SirenPattern> patterns, SirenPattern testPattern,
                         long testMaxNanos, long alertMaxNanos, long republishFirstNanos, long republishMaxNanos,
                         long escalateAfterNanos) {

        public Centre {
            zones = List.copyOf(zones);
            patterns = Map.copyOf(patterns);
        }

        public static final Centre DEFAULTS = new Centre(List.of(), Map.of(),
                SirenPattern.beats("test", 1, Duration.ofMillis(100), Duration.ofMillis(100),
                        Duration.ofSeconds(5)), 10_000_000_000L, 900_000_000_000L, 30_000_000_000L,
                300_000_000_000L, 600_000_000_000L);
    }

    /**
     * A field node and what its events do.
     *
     * @param events           the kinds it may report
     * @param silentAfterNanos how long without a heartbeat before it is reported silent (once)
     * @param outputs          outputs that play {@code pattern} for its alerts (may be empty)
     */
    public record NodeRule(String id, String zone, Set<AlertKind> events, long silentAfterNanos,
                           SirenPattern pattern, int[] outputs, long maxSoundingNanos) {
        public NodeRule {
            events = Set.copyOf(events);
            outputs = outputs.clone();
        }
    }

    /** What an output is for: sirens and strobes play patterns, the LEDs show state to the guard. */
    public enum OutputRole {
        SIREN, STROBE, ACK_LED, UPLINK_LED,
        /** The night watch's routine beats alone (#14, a small kentongan): no alert ever sounds on it. */
        BEAT,
        /** Switches the sirens' supply off while active (a normally-closed relay): the silent self-test's (#16). */
        SUPPLY_CUT;

        /** Whether it plays alerts' patterns (a siren or a strobe), rather than showing state. */
        public boolean sounds() {
            return this == SIREN || this == STROBE;
        }
    }

    public record OutputDef(String id, OutputRole role) {
    }

    /**
     * What an input's activation does.
     *
     * @param silence     the guard's silence input: stops every sounding output; the fields below are unused
     * @param outputs     output indexes that play {@code pattern}
     * @param maxSoundingNanos how long the outputs may sound before they stop on their own
     * @param rearmNanos  how long an input that sounds nothing rests before its next activation is a new event
     */
    public record InputRule(String id, long debounceNanos, long rearmNanos, boolean silence, AlertKind kind,
                            Priority priority,
                            SirenPattern pattern, int[] outputs, long maxSoundingNanos, String zone) {

        public InputRule {
            outputs = outputs.clone();
        }

        public static InputRule silence(String id, long debounceNanos) {
            return new InputRule(id, debounceNanos, 0, true, null, null, null, new int[0], 0, null);
        }

        /** A feedback or power input (#16): its edges go to the loop's supervision, never to the presses. */
        public static InputRule watched(String id) {
            return new InputRule(id, 0, 0, false, null, null, null, new int[0], 0, null);
        }

        /** Whether this is a feedback or power input rather than a press. */
        public boolean watched() {
            return !silence && kind == null;
        }
    }
}
