package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unsynchronised-clock flag in the journal: schema 3, migrated from a journal an older gateway wrote. */
class JournalClockTest {

    private static final Post POST = new Post("sukamaju", "rt03-rw05", "Pos", "rw05-pos", ZoneId.of("Asia/Jakarta"));

    @TempDir
    Path dir;

    /** A journal as a gateway of schema 2 left it: one undelivered panic, one delivered door event. */
    private Path schema2Journal() throws Exception {
        Path file = dir.resolve("journal.db");
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            st.executeUpdate("""
                    CREATE TABLE events (seq INTEGER PRIMARY KEY, boot INTEGER NOT NULL,
                      identifier TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, priority INTEGER NOT NULL,
                      source TEXT NOT NULL, zone TEXT NOT NULL, sent_ms INTEGER NOT NULL, status TEXT NOT NULL,
                      msg_type TEXT NOT NULL, refs TEXT, delivered_ms INTEGER, source_ref TEXT, value REAL)""");
            st.executeUpdate("CREATE INDEX events_owed ON events(priority, seq) WHERE delivered_ms IS NULL");
            st.executeUpdate("CREATE UNIQUE INDEX events_source_ref ON events(source, source_ref) "
                    + "WHERE source_ref IS NOT NULL");
            st.executeUpdate("INSERT INTO meta VALUES('boot', 4)");
            st.executeUpdate("INSERT INTO events(seq, boot, identifier, kind, priority, source, zone, sent_ms, status, "
                    + "msg_type) VALUES (1, 4, 'KTG-sukamaju-rt03-rw05-4-1', 'panic', 0, 'panic-1', 'rw05-pos', "
                    + "1700000000000, 'Actual', 'Alert')");
            st.executeUpdate("INSERT INTO events(seq, boot, identifier, kind, priority, source, zone, sent_ms, status, "
                    + "msg_type, delivered_ms) VALUES (2, 4, 'KTG-sukamaju-rt03-rw05-4-2', 'door', 3, 'door-1', "
                    + "'rw05-pos', 1700000001000, 'Actual', 'Alert', 1700000001500)");
            st.executeUpdate("PRAGMA user_version = 2");
        }
        return file;
    }

    @Test
    void an_old_journal_is_migrated_its_rows_unflagged_and_new_rows_keep_their_flag() throws Exception {
        Path file = schema2Journal();
        List<Event> committed = new CopyOnWriteArrayList<>();
        try (Journal j = Journal.open(file)) {
            assertEquals(5, j.boot(), "the boot counter goes on");
            assertEquals(2, j.lastSeq(), "and so does the sequence");
            List<Event> owed = j.pending(10, s -> false);
            assertEquals(1, owed.size(), "the old undelivered panic is still owed");
            assertFalse(owed.get(0).unsynchronised(), "an older gateway never asked: its rows carry no flag");

            JournalWriter w = new JournalWriter(j, new JournalWriter.Listener() {
                @Override
                public void committed(long highestSeq, List<Event> events) {
                    committed.addAll(events);
                }

                @Override
                public void delivered(long[] seqs) {
                }
            });
            w.start();
            try {
                w.append(new Event(3, 5, Event.identifier(POST, 5, 3), AlertKind.PANIC, Priority.LIFE_SAFETY,
                        "panic-1", "rw05-pos", 1_600_000_000_000L, Event.CapStatus.Actual, Event.MsgType.Alert,
                        null, null, null, true));
                w.append(new Event(4, 5, Event.identifier(POST, 5, 4), AlertKind.CLOCK_JUMPED, Priority.SUPERVISION,
                        "clock", "rw05-pos", 1_700_000_100_000L, Event.CapStatus.Actual, Event.MsgType.Alert,
                        null, null, 86_400.0, false));
                await().atMost(Duration.ofSeconds(10)).until(() -> committed.size() == 2);
            } finally {
                w.stop();
            }
            List<Event> rows = j.range(1, 4);
            assertEquals(List.of(1L, 2L, 3L, 4L), rows.stream().map(Event::seq).toList(),
                    "by sequence, though seq 3 was stamped years before seq 1");
            assertEquals(List.of(false, false, true, false), rows.stream().map(Event::unsynchronised).toList());
            assertEquals(86_400.0, rows.get(3).value());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            assertEquals(Journal.SCHEMA_VERSION, rs.getInt(1), "migrated on to this gateway's version");
        }
        assertTrue(JournalFile.lookUp(file, "3").unsynchronised(), "export-cap reads the flag back");
    }
}
