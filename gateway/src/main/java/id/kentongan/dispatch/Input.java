package id.kentongan.dispatch;

import java.util.concurrent.CompletableFuture;

/**
 * Everything the dispatch loop is told, as one closed family of immutable messages; the loop handles
 * them with one exhaustive switch. Any thread may make one and {@link Inbox#offer} it.
 */
public sealed interface Input {

    /**
     * A GPIO line changed.
     *
     * @param input  index of the input in {@link Site#inputs()}
     * @param active true if the line is now at its active (pressed, tripped) level
     * @param nanos  when the edge was seen, on the loop's nano clock
     */
    record Edge(int input, boolean active, long nanos) implements Input {
    }

    /** The uplink connected to a broker ({@code true}) or lost it. */
    record UplinkChanged(boolean connected) implements Input {
    }

    /** The broker PUBACKed the event {@code seq}: raised becomes delivered. */
    record Delivered(long seq) implements Input {
    }

    /** Someone wants to see the loop's state; answered on the loop thread with a snapshot. */
    record StatusQuery(CompletableFuture<LoopStatus> reply) implements Input {
    }
}
