package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;

import java.util.List;

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
                   List<NodeRule> nodes) {

    public Site {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        nodes = List.copyOf(nodes);
    }

    /** A site with no field nodes. */
    public Site(Post post, List<InputRule> inputs, List<OutputDef> outputs, long uplinkLostAfterNanos) {
        this(post, inputs, outputs, uplinkLostAfterNanos, List.of());
    }

    /**
     * A field node and what its events do.
     *
     * @param events           the kinds it may report
     * @param silentAfterNanos how long without a heartbeat before it is reported silent (once)
     * @param outputs          outputs that play {@code pattern} for its alerts (may be empty)
     */
    public record NodeRule(String id, String zone, java.util.Set<AlertKind> events, long silentAfterNanos,
                           SirenPattern pattern, int[] outputs, long maxSoundingNanos) {
        public NodeRule {
            events = java.util.Set.copyOf(events);
            outputs = outputs.clone();
        }
    }

    /** What an output is for: sirens and strobes play patterns, the LEDs show state to the guard. */
    public enum OutputRole { SIREN, STROBE, ACK_LED, UPLINK_LED }

    public record OutputDef(String id, OutputRole role) {
    }

    /**
     * What an input's activation does.
     *
     * @param silence     the guard's silence input: stops every sounding output; the fields below are unused
     * @param outputs     output indexes that play {@code pattern}
     * @param maxSounding nanoseconds the outputs may sound before they stop on their own
     */
    public record InputRule(String id, long debounceNanos, boolean silence, AlertKind kind, Priority priority,
                            SirenPattern pattern, int[] outputs, long maxSoundingNanos, String zone) {

        public InputRule {
            outputs = outputs.clone();
        }

        public static InputRule silence(String id, long debounceNanos) {
            return new InputRule(id, debounceNanos, true, null, null, null, new int[0], 0, null);
        }
    }
}
