package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the systemd watchdog reads from the journal: a commit that cannot finish (the file held by
 * another writer, as an fsync that never returns would hold it) shows as stuck; a commit that fails at
 * once (a full disk, here a trigger that refuses every insert) does not, so the post stays up.
 */
@Timeout(60)
class JournalWriterStuckTest {

    static final Post POST = new Post("desa", "pos", "Pos", "z1", ZoneId.of("UTC"));

    @TempDir
    Path tmp;

    @Test
    void a_blocked_commit_is_stuck_a_failing_one_is_not() throws Exception {
        Path file = tmp.resolve("journal.db");
        try (Journal journal = Journal.open(file);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = other.createStatement()) {
            JournalWriter writer = new JournalWriter(journal, JournalWriter.Listener.all());
            writer.start();
            try {
                // failing at once: every insert refused
                st.executeUpdate("CREATE TRIGGER disk_full BEFORE INSERT ON events BEGIN "
                        + "SELECT RAISE(ABORT, 'disk full'); END");
                writer.append(event(journal, 1));
                await().atMost(Duration.ofSeconds(10)).until(writer::failing);
                long failingFor = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < failingFor) { // through a few retries
                    assertTrue(writer.stuckNanos() < TimeUnit.MILLISECONDS.toNanos(500),
                            "a failing commit is not stuck: " + writer.stuckNanos());
                    Thread.onSpinWait();
                }
                st.executeUpdate("DROP TRIGGER disk_full");
                await().atMost(Duration.ofSeconds(10)).until(() -> !writer.failing());

                // blocked: another connection holds the write lock; the commit waits on it
                st.execute("BEGIN EXCLUSIVE");
                writer.append(event(journal, 2));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> writer.stuckNanos() > TimeUnit.MILLISECONDS.toNanos(1_000));
                st.execute("COMMIT");
                await().atMost(Duration.ofSeconds(10)).until(() -> writer.stuckNanos() == 0 && writer.queued() == 0
                        && !writer.failing());
            } finally {
                writer.stop();
            }
        }
    }

    private static Event event(Journal journal, long n) {
        long seq = journal.lastSeq() + n;
        return new Event(seq, journal.boot(), Event.identifier(POST, journal.boot(), seq), AlertKind.PANIC,
                Priority.LIFE_SAFETY, "panic-1", "z1", System.currentTimeMillis(), Event.CapStatus.Actual,
                Event.MsgType.Alert, null);
    }
}
