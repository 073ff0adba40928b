package id.kentongan.report;

import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Streams a journal's rows to a consumer, one at a time, over a read-only SQLite connection of its own:
 * it never writes, takes no lock a writer waits on (WAL), and holds no more than the row in hand, so it
 * is safe beside a running gateway and costs the same heap for a month or a year. Rows come in sequence
 * order per post, which is the order of record (a wall clock can jump; the sequence cannot).
 * Stateless; the caller's thread.
 */
final class JournalRows {

    private JournalRows() {
    }

    /**
     * The rows of a post's journal (its {@code events} table, any schema version) stamped in the window or
     * in its follow-up time.
     */
    static void post(Path file, String post, Window w, Consumer<Row> sink) throws SQLException, NoSuchFileException {
        try (Connection c = open(file)) {
            int version;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            // columns added by later schema versions are read as their defaults from older journals
            String value = version >= 2 ? "value" : "NULL";
            String unsynced = version >= 3 ? "clock_unsynced" : "0";
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, boot, identifier, kind, priority, source, zone, "
                    + "sent_ms, status, msg_type, refs, delivered_ms, " + unsynced + ", " + value + " FROM events "
                    + "WHERE sent_ms >= ? AND sent_ms < ? ORDER BY seq")) {
                stream(ps, w, rs -> post, sink);
            }
        }
    }

    /** The rows of a centre's journal ({@link CentreJournal}), post by post, each in sequence order. */
    static void centre(Path file, Window w, Consumer<Row> sink) throws SQLException, NoSuchFileException {
        try (Connection c = open(file);
             PreparedStatement ps = c.prepareStatement("SELECT seq, boot, identifier, kind, priority, source, zone, "
                     + "sent_ms, status, msg_type, refs, received_ms, clock_unsynced, value, village, post "
                     + "FROM received WHERE sent_ms >= ? AND sent_ms < ? ORDER BY village, post, seq")) {
            stream(ps, w, rs -> rs.getString(15) + "/" + rs.getString(16), sink);
        }
    }

    private interface PostOf {
        String of(ResultSet rs) throws SQLException;
    }

    private static void stream(PreparedStatement ps, Window w, PostOf postOf, Consumer<Row> sink) throws SQLException {
        ps.setLong(1, w.fromMs());
        ps.setLong(2, w.readUntil());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long delivered = rs.getLong(12);
                boolean neverDelivered = rs.wasNull();
                double v = rs.getDouble(14);
                Double value = rs.wasNull() ? null : v;
                sink.accept(new Row(postOf.of(rs), rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), neverDelivered ? Row.NONE : delivered, rs.getInt(13) != 0,
                        value));
            }
        }
    }

    /** Read-only, so that nothing here can change a journal, not even by a migration. */
    static Connection open(Path file) throws SQLException, NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no journal there");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
