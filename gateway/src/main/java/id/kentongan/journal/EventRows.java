package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * An event as a row of the {@code events} table: its columns, how an {@link Event} is bound to the
 * insert and how a row is read back. The one place a new column is added (beside its migration in
 * {@link Schema}); before, a column touched four places in two classes. Stateless; any thread.
 */
final class EventRows {

    /** Every column an event is written and read with, in the order of {@link #bind} and {@link #read}. */
    private static final String COLUMNS = "seq, boot, identifier, kind, priority, source, zone, sent_ms, status, "
            + "msg_type, refs, source_ref, value, clock_unsynced, text";

    /** Every readable column of every row; add {@code WHERE ...} to choose. */
    static final String SELECT = "SELECT " + COLUMNS + " FROM events";

    /**
     * Owed rows after a (priority, seq) key, in that order, at most {@code ?3}: the key's own class from
     * its sequence on, then the classes after it, each a seek in the owed index merged in order. The
     * plain form, {@code priority > ?1 OR (priority = ?1 AND seq > ?2)}, made SQLite walk the index from
     * its first row to the key at every page (EXPLAIN QUERY PLAN: a SCAN, not a SEARCH).
     */
    static final String OWED_AFTER = "SELECT * FROM (" + SELECT + " WHERE delivered_ms IS NULL AND priority = ?1 "
            + "AND seq > ?2 UNION ALL " + SELECT + " WHERE delivered_ms IS NULL AND priority > ?1) "
            + "ORDER BY priority, seq LIMIT ?3";

    /** A retry of a batch whose commit was reported failed but landed is not a conflict. */
    static final String INSERT = "INSERT INTO events(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT(seq) DO NOTHING";

    /** Marks a row delivered (its PUBACK came); a row already marked keeps its first time. */
    static final String MARK_DELIVERED = "UPDATE events SET delivered_ms = ? WHERE seq = ? AND delivered_ms IS NULL";

    private EventRows() {
    }

    static void bind(PreparedStatement insert, Event e) throws SQLException {
        insert.setLong(1, e.seq());
        insert.setLong(2, e.boot());
        insert.setString(3, e.identifier());
        insert.setString(4, e.kind().wireName());
        insert.setInt(5, e.priority().ordinal());
        insert.setString(6, e.source());
        insert.setString(7, e.zone());
        insert.setLong(8, e.sentMillis());
        insert.setString(9, e.status().name());
        insert.setString(10, e.msgType().name());
        insert.setString(11, e.references());
        insert.setString(12, e.sourceRef());
        if (e.value() == null) {
            insert.setNull(13, Types.REAL);
        } else {
            insert.setDouble(13, e.value());
        }
        insert.setInt(14, e.unsynchronised() ? 1 : 0);
        insert.setString(15, e.text());
    }

    /** The row at {@code rs}, selected with {@link #SELECT}; throws for a row this gateway cannot read. */
    static Event read(ResultSet rs) throws SQLException {
        AlertKind kind = AlertKind.fromWireName(rs.getString(4));
        if (kind == null) {
            throw new SQLException("journal row " + rs.getLong(1) + " has unknown kind " + rs.getString(4));
        }
        int priority = rs.getInt(5);
        if (priority < 0 || priority >= Priority.values().length) {
            throw new SQLException("journal row " + rs.getLong(1) + " has priority " + priority);
        }
        return new Event(rs.getLong(1), rs.getLong(2), rs.getString(3), kind, Priority.ofOrdinal(priority),
                rs.getString(6), rs.getString(7), rs.getLong(8), Event.CapStatus.valueOf(rs.getString(9)),
                Event.MsgType.valueOf(rs.getString(10)), rs.getString(11), rs.getString(12),
                rs.getObject(13) == null ? null : rs.getDouble(13), rs.getInt(14) != 0, rs.getString(15));
    }
}
