package id.kentongan.dispatch;

/**
 * The post's wired inputs as they are now, by index in {@link Site#inputs()}. Called by the dispatch
 * loop thread only, and only for a line whose edge the {@link Inbox} refused: the loop reads its level
 * again instead of trusting an input state that may have missed a release. An implementation reads the
 * line at once (a GPIO read, never disk or network).
 */
@FunctionalInterface
public interface Lines {

    /** Whether input {@code index} is at its active (pressed, tripped) level now. */
    boolean active(int index);
}
