package id.kentongan.dispatch;

/**
 * The loop's proof of life to whoever supervises the process (systemd's watchdog on a post). The loop
 * calls {@link #kick} on its own thread once a turn, so a loop that is stuck stops kicking by itself;
 * the implementation decides whether the rest of the post is healthy enough to pass the kick on.
 *
 * <p>Threads: {@link #kick} from the {@code kentongan-dispatch} thread only. It runs every turn, so it
 * must not allocate, lock, block or log in the turns where nothing is due, and must never throw: the
 * loop that calls it is the post.
 */
@FunctionalInterface
public interface Watchdog {

    /** Nobody watches: the loop sleeps as long as its own timers allow. */
    Watchdog NONE = now -> Long.MAX_VALUE;

    /**
     * A turn of the loop has ended at {@code now} (the loop's nano clock).
     *
     * @return the nano time by which the loop must kick again, even if no input arrives
     */
    long kick(long now);
}
