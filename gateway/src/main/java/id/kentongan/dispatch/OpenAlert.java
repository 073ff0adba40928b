package id.kentongan.dispatch;

import id.kentongan.alert.Event;

/** An alert the post still holds open, and how far it has got. Owned by the dispatch loop thread. */
final class OpenAlert {

    enum State { RAISED, DELIVERED, ACKNOWLEDGED }

    /**
     * SUPERSEDED: its outputs were taken by an alert at least as important; the post still sounds, so
     * a new press of the same input adds nothing, and the silence or time limit that ends the sounding
     * ends this one too and says so.
     */
    enum Sound { NONE, SOUNDING, SUPERSEDED, SILENCED, TIMED_OUT }

    boolean stillSounding() {
        return sound == Sound.SOUNDING || sound == Sound.SUPERSEDED;
    }

    final Event event;
    State state = State.RAISED;
    Sound sound = Sound.NONE;
    int soundingOutputs;
    /** Alarms (life-safety, security) not yet acknowledged are published again at these times (nano clock). */
    long raisedAt;
    long nextRepublish = Long.MAX_VALUE;
    long republishGap;
    boolean escalated;

    OpenAlert(Event event) {
        this.event = event;
    }

    /** For logs and test failures: {@code #42 panic raised sounding}. */
    @Override
    public String toString() {
        return "#" + event.seq() + " " + event.kind().wireName() + " " + LoopStatus.wire(state) + " "
                + LoopStatus.wire(sound);
    }
}
