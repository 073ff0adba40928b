package id.kentongan.report;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A command centre's own journal: every event it receives from its posts, once each (deduplicated on the
 * CAP {@code identifier}, which a post keeps across re-publishes, replays and restarts), with the time it
 * first arrived. SQLite, WAL, {@code synchronous=FULL}: what was committed survives the centre's restart.
 * {@code kentongan report --centre} reads it ({@link JournalRows#centre}).
 *
 * <p>Owned by the centre's recording thread ({@link CentreRecorder}): one connection, one writer.
 */
public final class CentreJournal implements AutoCloseable {

    static final int VERSION = 1;

    private final Connection c;
    private final PreparedStatement insert;

    private CentreJournal(Connection c) throws SQLException {
        this.c = c;
        this.insert = c.prepareStatement("INSERT INTO received(identifier, village, post, seq, boot, kind, priority, "
                + "source, zone, sent_ms, status, msg_type, refs, value, clock_unsynced, received_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(identifier) DO NOTHING");
    }

    /** Opens (or makes) the journal at {@code file}; refuses one made by a newer version. */
    public static CentreJournal open(Path file) throws IOException, SQLException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            migrate(c);
            c.setAutoCommit(false);
            return new CentreJournal(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            if (version > VERSION) {
                throw new SQLException("centre journal schema " + version + " is newer than this version understands ("
                        + VERSION + "); refusing to touch it");
            }
            if (version < 1) {
                st.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS received (
                          identifier     TEXT PRIMARY KEY,
                          village        TEXT NOT NULL,
                          post           TEXT NOT NULL,
                          seq            INTEGER NOT NULL,
                          boot           INTEGER NOT NULL,
                          kind           TEXT NOT NULL,
                          priority       INTEGER NOT NULL,
                          source         TEXT NOT NULL,
                          zone           TEXT NOT NULL,
                          sent_ms        INTEGER NOT NULL,
                          status         TEXT NOT NULL,
                          msg_type       TEXT NOT NULL,
                          refs           TEXT,
                          value          REAL,
                          clock_unsynced INTEGER NOT NULL,
                          received_ms    INTEGER NOT NULL
                        )""");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS received_post_seq ON received(village, post, seq)");
                st.executeUpdate("PRAGMA user_version = 1");
            }
        }
    }

    /**
     * Keeps the rows not held yet, in one transaction.
     *
     * @return per row, whether it was new (a re-publish or a replay of one held is not)
     */
    boolean[] add(List<Row> rows) throws SQLException {
        boolean[] fresh = new boolean[rows.size()];
        try {
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                String[] vp = r.post().split("/", 2);
                insert.setString(1, r.identifier());
                insert.setString(2, vp[0]);
                insert.setString(3, vp[1]);
                insert.setLong(4, r.seq());
                insert.setLong(5, r.boot());
                insert.setString(6, r.kind());
                insert.setInt(7, r.priority());
                insert.setString(8, r.source());
                insert.setString(9, r.zone());
                insert.setLong(10, r.sentMs());
                insert.setString(11, r.status());
                insert.setString(12, r.msgType());
                insert.setString(13, r.refs());
                if (r.value() == null) {
                    insert.setNull(14, Types.REAL);
                } else {
                    insert.setDouble(14, r.value());
                }
                insert.setInt(15, r.unsynced() ? 1 : 0);
                insert.setLong(16, r.deliveredMs());
                fresh[i] = insert.executeUpdate() == 1;
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
        return fresh;
    }

    /** Each post's highest sequence number held and its boot: {@code village/post}, seq, boot. */
    List<Object[]> posts() throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT r.village, r.post, r.seq, r.boot FROM received r JOIN (SELECT village, post, MAX(seq) AS top "
                        + "FROM received GROUP BY village, post) m ON r.village = m.village AND r.post = m.post "
                        + "AND r.seq = m.top")) {
            while (rs.next()) {
                out.add(new Object[] {rs.getString(1) + "/" + rs.getString(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        c.commit();
        return out;
    }

    /** The runs of sequence numbers missing between those held of one post, lowest first, at most {@code max}. */
    List<long[]> gaps(String post, int max) throws SQLException {
        String[] vp = post.split("/", 2);
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq + 1, nxt - 1 FROM (SELECT seq, LEAD(seq) OVER "
                + "(ORDER BY seq) AS nxt FROM received WHERE village = ? AND post = ?) WHERE nxt > seq + 1 "
                + "ORDER BY seq LIMIT ?")) {
            ps.setString(1, vp[0]);
            ps.setString(2, vp[1]);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        c.commit();
        return out;
    }

    @Override
    public void close() throws SQLException {
        try {
            insert.close();
        } finally {
            c.close();
        }
    }
}
