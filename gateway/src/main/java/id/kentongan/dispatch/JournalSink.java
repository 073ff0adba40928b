package id.kentongan.dispatch;

import id.kentongan.alert.Event;

/** Where the dispatch loop hands events to be made durable. Called by the loop thread; must not block. */
public interface JournalSink {

    void append(Event event);
}
