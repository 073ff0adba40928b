package id.kentongan.dispatch;

import id.kentongan.alert.Event;

/** An alert the post still holds open, and how far it has got. Owned by the dispatch loop thread. */
final class OpenAlert {

    enum State { RAISED, DELIVERED }

    enum Sound { NONE, SOUNDING, SILENCED, TIMED_OUT }

    final Event event;
    State state = State.RAISED;
    Sound sound = Sound.NONE;
    int soundingOutputs;

    OpenAlert(Event event) {
        this.event = event;
    }
}
