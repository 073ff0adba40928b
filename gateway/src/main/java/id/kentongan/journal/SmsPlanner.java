package id.kentongan.journal;

import id.kentongan.alert.Event;

import java.sql.SQLException;
import java.util.List;

/**
 * Decides which SMS an event causes. Called by the journal writer on its own thread, inside the
 * transaction that inserts the event, so the messages are durable exactly when the event is: a
 * crash loses both or neither. Must be deterministic (a retried batch plans again) and quick (it holds
 * the commit); it must not throw, and if it does the event is journaled without its messages, and
 * the failure logged.
 */
public interface SmsPlanner {

    /** What the planner may read in the same transaction: events and messages journaled before. */
    interface Journaled {
        /** The event with this CAP identifier, or {@code null}. */
        Event event(String identifier) throws SQLException;

        /** Recipients a message about {@code key} was handed or sent to (not those still queued). */
        List<String> reached(String key) throws SQLException;
    }

    /** What the planner asks for. */
    interface Plan {
        void send(SmsRow row);

        /** Messages about {@code key} still queued are not sent after all (the all-clear came first). */
        void cancelQueued(String key, String reason);
    }

    void plan(Event event, Journaled journaled, Plan plan) throws SQLException;

    SmsPlanner NONE = (event, journaled, plan) -> { };
}
