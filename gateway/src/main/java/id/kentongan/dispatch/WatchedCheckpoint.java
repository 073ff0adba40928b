package id.kentongan.dispatch;

/**
 * A checkpoint of the night watch and what {@link Watch} knows of it: the last visit (nano time for the
 * round's timing, wall time for the guard's eyes), who made it, the visits this shift, and the
 * round-missed alert it holds. Mutable; the loop thread only.
 */
final class WatchedCheckpoint {

    final Site.Ronda.Checkpoint cp;
    long last = Watch.NEVER; // nano time of the last visit
    long lastWall = -1;      // its wall time, for the guard's eyes
    String lastGuard;
    long visits;             // this shift
    OpenAlert missed;
    String missedFor;

    WatchedCheckpoint(Site.Ronda.Checkpoint cp) {
        this.cp = cp;
    }
}
