package id.kentongan.dispatch;

/**
 * How the dispatch loop answers a field node's event. Called once, on the loop thread; an
 * implementation must not block (it registers the answer to be sent when the row is durable).
 */
public interface FieldReply {

    /**
     * @param seq        the journal sequence number that holds the event
     * @param identifier its CAP identifier
     * @param fresh      {@code false} if this was a retry (or the same danger, still sounding) and no
     *                   new alert was raised
     */
    void accepted(long seq, String identifier, boolean fresh);

    /**
     * The loop refused the event with a reason a technician may read in the node's log (an unknown card
     * at a checkpoint, #14); nothing was journaled. A node that cannot be told so is simply not answered.
     */
    default void refused(String reason) {
    }
}
