package id.kentongan.journal;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal file's shape: how it is opened (WAL, {@code synchronous=FULL}), its tables, and the
 * migrations from every older version, kept in SQLite's {@code user_version}. A journal newer than
 * this gateway is never touched. Stateless; called by whoever opens a connection.
 */
final class Schema {

    /** Schema version, kept in SQLite's {@code user_version}. */
    static final int VERSION = 4;

    private Schema() {
    }

    /** A connection as every part of the journal uses it: a commit that returned survives a power cut. */
    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Brings the file to {@link #VERSION}, from nothing or any older version. */
    static void migrate(Connection c) throws SQLException {
        int version;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > VERSION) {
            throw new SQLException("journal schema " + version + " is newer than this gateway understands ("
                    + VERSION + "); refusing to touch it");
        }
        if (version < 1) {
            createVersion1(c);
        }
        if (version < 2) {
            try (Statement st = c.createStatement()) {
                // field nodes: the node's own name for an event, by which its retries are recognised
                st.executeUpdate("ALTER TABLE events ADD COLUMN source_ref TEXT");
                st.executeUpdate("ALTER TABLE events ADD COLUMN value REAL");
                st.executeUpdate("CREATE UNIQUE INDEX events_source_ref ON events(source, source_ref) "
                        + "WHERE source_ref IS NOT NULL");
                st.executeUpdate("PRAGMA user_version = 2");
            }
        }
        if (version < 3) {
            try (Statement st = c.createStatement()) {
                // the clock behind sent_ms was not known to be right; rows of older gateways never asked: 0
                st.executeUpdate("ALTER TABLE events ADD COLUMN clock_unsynced INTEGER NOT NULL DEFAULT 0");
                st.executeUpdate("PRAGMA user_version = 3");
            }
        }
        if (version < 4) {
            try (Statement st = c.createStatement()) {
                // SMS: a resident's words with a report, and the outbox of messages to people
                st.executeUpdate("ALTER TABLE events ADD COLUMN text TEXT");
                SmsRows.create(st);
                st.executeUpdate("PRAGMA user_version = 4");
            }
        }
    }

    private static void createVersion1(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            st.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS events (
                      seq          INTEGER PRIMARY KEY,
                      boot         INTEGER NOT NULL,
                      identifier   TEXT NOT NULL UNIQUE,
                      kind         TEXT NOT NULL,
                      priority     INTEGER NOT NULL,
                      source       TEXT NOT NULL,
                      zone         TEXT NOT NULL,
                      sent_ms      INTEGER NOT NULL,
                      status       TEXT NOT NULL,
                      msg_type     TEXT NOT NULL,
                      refs         TEXT,
                      delivered_ms INTEGER
                    )""");
            st.executeUpdate("CREATE INDEX IF NOT EXISTS events_owed ON events(priority, seq) "
                    + "WHERE delivered_ms IS NULL");
            st.executeUpdate("PRAGMA user_version = 1");
        }
    }

    /** Counts one more boot and returns it: 1 on the first start of a fresh journal. */
    static long countBoot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO meta(key, value) VALUES('boot', 1) "
                    + "ON CONFLICT(key) DO UPDATE SET value = value + 1");
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'boot'")) {
                return rs.getLong(1);
            }
        }
    }

    /** Sets the boot counter to at least {@code boot}, so that later boots count on from it. */
    static void raiseBoot(Connection c, long boot) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO meta(key, value) VALUES('boot', " + boot + ") "
                    + "ON CONFLICT(key) DO UPDATE SET value = MAX(value, " + boot + ")");
        }
    }
}
