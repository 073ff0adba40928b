package id.kentongan.dispatch;

/**
 * The post's alert level (what sounds, how many alerts are open, the last sequence) told to its
 * {@link LevelSink} (field displays, remote sirens) at the end of a turn, and only when it changed.
 * Loop thread only, apart from {@link #reportTo} from the owner before the loop starts.
 */
final class LevelChanges {

    private final OpenAlerts open;
    private final Sirens sirens;
    private final Stamper stamper;
    private LevelSink sink = LevelSink.NONE;
    private AlertLevel level = AlertLevel.QUIET;
    private boolean dirty = true;

    LevelChanges(OpenAlerts open, Sirens sirens, Stamper stamper) {
        this.open = open;
        this.sirens = sirens;
        this.stamper = stamper;
    }

    void reportTo(LevelSink sink) {
        this.sink = sink;
    }

    /** An event was handed on: the level may have changed. */
    void mayHaveChanged() {
        dirty = true;
    }

    /** End of a turn: tells the sink the level if it changed. */
    void tell() {
        if (dirty) {
            dirty = false;
            AlertLevel l = new AlertLevel(open.soundingLevel(), sirens.sirenPattern(), open.size(), stamper.lastSeq());
            if (!l.equals(level)) {
                level = l;
                sink.level(l);
            }
        }
    }
}
