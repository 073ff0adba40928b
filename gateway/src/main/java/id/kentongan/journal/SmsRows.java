package id.kentongan.journal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code sms_outbox} table: its shape, the insert a planned message is written with, and the
 * marks that record its fate. The one place its columns are named (beside {@link Schema}, which
 * creates it at version 4). Stateless; any thread.
 */
final class SmsRows {

    private SmsRows() {
    }

    static void create(Statement st) throws SQLException {
        st.executeUpdate("""
                CREATE TABLE sms_outbox (
                  id         INTEGER PRIMARY KEY,
                  msg_key    TEXT NOT NULL,
                  recipient  TEXT NOT NULL,
                  seq        INTEGER NOT NULL,
                  priority   INTEGER NOT NULL,
                  rank       INTEGER NOT NULL,
                  purpose    TEXT NOT NULL,
                  text       TEXT NOT NULL,
                  handle     TEXT NOT NULL UNIQUE,
                  state      INTEGER NOT NULL DEFAULT 0,
                  queued_ms  INTEGER NOT NULL,
                  handed_ms  INTEGER,
                  done_ms    INTEGER,
                  modem      TEXT,
                  reason     TEXT,
                  UNIQUE (msg_key, recipient)
                )""");
        // the queue in the order it is handed over; the rest of the table is history
        st.executeUpdate("CREATE INDEX sms_waiting ON sms_outbox(priority, rank, seq, id) WHERE state = 0");
        st.executeUpdate("CREATE INDEX sms_state ON sms_outbox(state)");
    }

    /** A message planned twice (a retried batch, an alert paged again after a restart) is one message. */
    static final String INSERT = "INSERT INTO sms_outbox(msg_key, recipient, seq, priority, rank, purpose, text, "
            + "handle, queued_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /**
     * Handed, sent, failed: only forwards, so a late or repeated mark changes nothing. A message cancelled
     * while it was being handed over (the all-clear in the same moment) is recorded as what it became.
     */
    static final String MARK = "UPDATE sms_outbox SET state = ?, handed_ms = COALESCE(handed_ms, ?), "
            + "done_ms = CASE WHEN ? >= 2 THEN ? ELSE done_ms END, modem = COALESCE(?, modem), "
            + "reason = COALESCE(?, reason) WHERE handle = ? AND (state = 4 OR (state < ? AND state < 2))";

    /** Messages about {@code msg_key} not yet handed over: the danger passed before they went. */
    static final String CANCEL = "UPDATE sms_outbox SET state = 4, done_ms = ?, reason = ? "
            + "WHERE msg_key = ? AND state = 0";

    static final String RECIPIENTS = "SELECT recipient FROM sms_outbox WHERE msg_key = ? AND state IN (1, 2)";

    static void bind(PreparedStatement ps, SmsRow r, long nowMillis) throws SQLException {
        ps.setString(1, r.key());
        ps.setString(2, r.recipient());
        ps.setLong(3, r.seq());
        ps.setInt(4, r.priority().ordinal());
        ps.setInt(5, r.rank());
        ps.setString(6, r.purpose());
        ps.setString(7, r.text());
        ps.setString(8, r.handle());
        ps.setLong(9, nowMillis);
    }

    static void bindMark(PreparedStatement ps, String handle, SmsRow.State state, long atMillis, String modem,
                         String reason) throws SQLException {
        ps.setInt(1, state.ordinal());
        ps.setLong(2, atMillis);
        ps.setInt(3, state.ordinal());
        ps.setLong(4, atMillis);
        ps.setString(5, modem);
        ps.setString(6, reason);
        ps.setString(7, handle);
        ps.setInt(8, state.ordinal());
    }
}
