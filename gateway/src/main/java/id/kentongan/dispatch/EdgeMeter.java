package id.kentongan.dispatch;

/**
 * Told, on the dispatch loop thread, how long each input edge took from the line to handled: the
 * outputs written and the event handed to the journal and the uplink. It sits on the press path, so an
 * implementation must not block, lock, allocate or do I/O (a wait-free recorder, a primitive field).
 */
@FunctionalInterface
public interface EdgeMeter {

    EdgeMeter NONE = (edgeNanos, handledNanos) -> { };

    /** Both times are on the loop's nano clock; the edge's is the one its input stamped. */
    void handled(long edgeNanos, long handledNanos);
}
