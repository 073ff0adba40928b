package id.kentongan.dispatch;

import id.kentongan.alert.Event;

/**
 * Where the dispatch loop hands a fresh event to be published at once, side by side with its journal
 * write. Called by the loop thread; must not block. Losing the hand-off (uplink down, queue full) is
 * safe: the journal replays whatever is not marked delivered.
 */
public interface UplinkSink {

    void publish(Event event);

    /**
     * An alert left unacknowledged too long: publish it on the village-wide topic as well, so every
     * post and every centre of the village sees it. Must not block.
     */
    default void escalate(Event event) {
    }

    /** The answer to a command, for the centre that sent it. Must not block. */
    default void commandResult(String verb, String nonce, boolean accepted, String detail) {
    }
}
