package id.kentongan.dispatch;

/**
 * Where the dispatch loop reports the post's alert level whenever it changes, for field displays and
 * remote sirens that observe it. Called on the loop thread; must not block.
 */
public interface LevelSink {

    void level(AlertLevel level);

    /** Nobody observes: the loop still runs. */
    LevelSink NONE = level -> { };

    /** Tells every one of {@code sinks}. */
    static LevelSink all(LevelSink... sinks) {
        return level -> {
            for (LevelSink s : sinks) {
                s.level(level);
            }
        };
    }
}
