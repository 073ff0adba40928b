package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {

    private static final Post POST = new Post("sukamaju", "rt03-rw05", "Pos", "rw05-pos", ZoneId.of("Asia/Jakarta"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Records what the writer says has become durable. */
    private static final class Recorder implements JournalWriter.Listener {
        final List<Long> committedSeqs = new CopyOnWriteArrayList<>();
        final List<Long> highest = new CopyOnWriteArrayList<>();
        final List<Long> delivered = new CopyOnWriteArrayList<>();

        @Override
        public void committed(long highestSeq, List<Event> events) {
            events.forEach(e -> committedSeqs.add(e.seq()));
            highest.add(highestSeq);
        }

        @Override
        public void delivered(long[] seqs) {
            Arrays.stream(seqs).forEach(delivered::add);
        }
    }

    private static Event event(long seq, Priority p) {
        AlertKind kind = switch (p) {
            case LIFE_SAFETY -> AlertKind.PANIC;
            case SECURITY -> AlertKind.TAMPER;
            case SUPERVISION -> AlertKind.POWER_LOST;
            case TELEMETRY -> AlertKind.DOOR;
        };
        return new Event(seq, 1, Event.identifier(POST, 1, seq), kind, p, "src-" + seq, "rw05-pos",
                1_700_000_000_000L + seq, Event.CapStatus.Actual, Event.MsgType.Alert, null);
    }

    private Path file() {
        return dir.resolve("state").resolve("journal.db");
    }

    private Connection plain() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file().toAbsolutePath());
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            assertTrue(rs.next(), "PRAGMA " + name + " returned nothing");
            return rs.getString(1);
        }
    }

    private static List<Long> seqs(List<Event> events) {
        return events.stream().map(Event::seq).toList();
    }

    @AfterEach
    void no_kentongan_thread_is_left_running() {
        List<String> alive = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("kentongan-"))
                .toList();
        assertEquals(List.of(), alive, "threads left running");
    }

    @Test
    void fresh_journal_counts_boot_one_and_each_reopen_counts_another() throws Exception {
        try (Journal j = Journal.open(file())) {
            assertEquals(1, j.boot());
            assertEquals(0, j.lastSeq());
            assertEquals(0, j.size());
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(2, j.boot());
            assertEquals(0, j.lastSeq());
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(3, j.boot());
        }
    }

    @Test
    void reopening_after_committed_events_continues_from_the_highest_seq() throws Exception {
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, new Recorder());
            w.start();
            try {
                w.append(event(1, Priority.TELEMETRY));
                w.append(event(2, Priority.LIFE_SAFETY));
                w.append(event(17, Priority.SECURITY));
            } finally {
                w.stop();
            }
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(17, j.lastSeq());
            assertEquals(2, j.boot());
            assertEquals(3, j.size());
        }
    }

    @Test
    void journal_runs_in_wal_mode_with_synchronous_full() throws Exception {
        try (Journal j = Journal.open(file())) {
            // journal_mode=WAL is stored in the database file, so any connection sees it
            try (Connection c = plain()) {
                assertEquals("wal", pragma(c, "journal_mode").toLowerCase());
            }
            // synchronous is per connection, so ask the writer's own connection (package-private). Note that
            // this SQLite build defaults to FULL anyway: this catches a change to NORMAL/OFF, not a dropped setting
            assertEquals("2", pragma(j.writeConnection(), "synchronous"), "2 is FULL");
        }
    }

    @Test
    void delivery_marks_alone_wait_for_the_next_flush_and_an_event_never_does() throws Exception {
        Recorder r = new Recorder();
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, r);
            w.start();
            try {
                w.append(event(1, Priority.LIFE_SAFETY));
                await().atMost(WAIT).until(() -> r.committedSeqs.contains(1L));
                assertEquals("2", pragma(j.writeConnection(), "synchronous"), "an event: FULL, flushed");
                w.markDelivered(1, 1_700_000_000_500L); // the broker's PUBACK
                await().atMost(WAIT).until(() -> r.delivered.contains(1L));
                assertEquals("1", pragma(j.writeConnection(), "synchronous"), "a mark alone: NORMAL");
                w.append(event(2, Priority.TELEMETRY));
                await().atMost(WAIT).until(() -> r.committedSeqs.contains(2L));
                assertEquals("2", pragma(j.writeConnection(), "synchronous"), "the next event is flushed again");
                w.markDelivered(2, 1_700_000_000_600L);
                await().atMost(WAIT).until(() -> r.delivered.contains(2L));
            } finally {
                w.stop();
            }
            JournalWriter next = new JournalWriter(j, r); // on the same connection, left after marks alone
            next.start();
            try {
                next.append(event(3, Priority.LIFE_SAFETY));
                await().atMost(WAIT).until(() -> r.committedSeqs.contains(3L));
                assertEquals("2", pragma(j.writeConnection(), "synchronous"), "a later writer's event is flushed");
            } finally {
                next.stop();
            }
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(List.of(3L), seqs(j.pending(10, s -> false)), "the marks are in the file: only event 3 is owed");
        }
    }

    @Test
    void delivery_marks_alone_wait_to_share_a_commit_and_a_stop_still_commits_them() throws Exception {
        Recorder r = new Recorder();
        try (Journal j = Journal.open(file())) {
            // marks wait a minute here, not the service's 100 ms, so no pause of this machine decides the test
            JournalWriter w = new JournalWriter(j, r, TimeUnit.MINUTES.toNanos(1));
            w.start();
            try {
                w.append(event(1, Priority.TELEMETRY));
                w.append(event(2, Priority.TELEMETRY));
                await().atMost(WAIT).until(() -> r.committedSeqs.contains(2L));
                long before = w.commits();
                w.markDelivered(1, 1_700_000_000_500L);
                await().atMost(WAIT).until(() -> w.queued() == 0); // the writer holds the mark: it waits for company
                w.markDelivered(2, 1_700_000_000_600L); // one more mark does not end the wait
                assertEquals(0, w.stalledMillis(), "marks waiting for company are no stuck disk");
                w.append(event(3, Priority.LIFE_SAFETY)); // an alert does not wait: it takes them along
                await().atMost(WAIT).until(() -> r.committedSeqs.contains(3L) && r.delivered.containsAll(List.of(1L, 2L)));
                assertEquals(before + 1, w.commits(), "the marks and the event in one commit");
                w.markDelivered(3, 1_700_000_000_700L);
                await().atMost(WAIT).until(() -> w.queued() == 0);
            } finally {
                // stopped while a mark waits: committed at once, not after its minute
                assertTimeoutPreemptively(Duration.ofSeconds(20), w::stop);
            }
            assertEquals(List.of(1L, 2L, 3L), r.delivered);
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(List.of(), j.pending(10, s -> false), "every mark is in the file");
        }
    }

    @Test
    void schema_version_is_kept_in_user_version() throws Exception {
        try (Journal j = Journal.open(file())) {
            try (Connection c = plain()) {
                assertEquals(String.valueOf(Journal.SCHEMA_VERSION), pragma(c, "user_version"));
            }
        }
    }

    @Test
    void pending_events_come_most_important_first_then_oldest_first() throws Exception {
        Recorder rec = new Recorder();
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, rec);
            w.start();
            try {
                w.append(event(1, Priority.TELEMETRY));
                w.append(event(2, Priority.SECURITY));
                w.append(event(3, Priority.LIFE_SAFETY));
                w.append(event(4, Priority.SUPERVISION));
                w.append(event(5, Priority.LIFE_SAFETY));
                w.append(event(6, Priority.TELEMETRY));
                w.append(event(7, Priority.SECURITY));

                await().atMost(WAIT).until(() -> rec.committedSeqs.size() == 7);
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), rec.committedSeqs, "committed in append order");
                assertEquals(7L, rec.highest.get(rec.highest.size() - 1));

                List<Event> pending = j.pending(100, s -> false);
                assertEquals(List.of(3L, 5L, 2L, 7L, 4L, 1L, 6L), seqs(pending));
                Event first = pending.get(0);
                assertEquals(AlertKind.PANIC, first.kind());
                assertEquals(Priority.LIFE_SAFETY, first.priority());
                assertEquals(Event.identifier(POST, 1, 3), first.identifier());
                assertEquals("src-3", first.source());

                Map<Priority, Long> counts = j.pendingCounts();
                assertEquals(Map.of(Priority.LIFE_SAFETY, 2L, Priority.SECURITY, 2L, Priority.SUPERVISION, 1L,
                        Priority.TELEMETRY, 2L), counts);
            } finally {
                w.stop();
            }
        }
    }

    @Test
    void delivered_event_leaves_pending_and_listener_is_told() throws Exception {
        Recorder rec = new Recorder();
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, rec);
            w.start();
            try {
                w.append(event(1, Priority.LIFE_SAFETY));
                w.append(event(2, Priority.LIFE_SAFETY));
                w.append(event(3, Priority.SECURITY));
                await().atMost(WAIT).until(() -> rec.committedSeqs.size() == 3);

                w.markDelivered(2, 1_700_000_100_000L);
                await().atMost(WAIT).until(() -> rec.delivered.contains(2L));

                assertEquals(List.of(2L), rec.delivered);
                assertEquals(List.of(1L, 3L), seqs(j.pending(100, s -> false)));
                assertEquals(1L, j.pendingCounts().get(Priority.LIFE_SAFETY));
                assertEquals(1L, j.pendingCounts().get(Priority.SECURITY));
                assertEquals(3, j.size(), "delivered rows are kept, only marked");
            } finally {
                w.stop();
            }
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(List.of(1L, 3L), seqs(j.pending(100, s -> false)), "the mark survives a restart");
        }
    }

    @Test
    void pending_skips_held_seqs_without_counting_them_towards_the_limit() throws Exception {
        Recorder rec = new Recorder();
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, rec);
            w.start();
            try {
                for (long seq = 1; seq <= 100; seq++) {
                    w.append(event(seq, Priority.SECURITY));
                }
                await().atMost(WAIT).until(() -> rec.committedSeqs.size() == 100);

                assertEquals(List.of(3L, 4L, 5L), seqs(j.pending(3, s -> s == 1 || s == 2)));
                // more held than one read page (64 rows): the next page must be read too
                assertEquals(List.of(71L, 72L, 73L, 74L, 75L), seqs(j.pending(5, s -> s <= 70)));
                assertEquals(List.of(), seqs(j.pending(5, s -> true)));
                assertEquals(100, j.pending(1000, s -> false).size());
            } finally {
                w.stop();
            }
        }
    }

    @Test
    void pending_after_a_row_goes_on_from_it_in_delivery_order_across_the_classes() throws Exception {
        Recorder rec = new Recorder();
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, rec);
            w.start();
            try {
                for (long seq = 1; seq <= 12; seq++) {
                    w.append(event(seq, seq % 3 == 0 ? Priority.LIFE_SAFETY : Priority.TELEMETRY));
                }
                await().atMost(WAIT).until(() -> rec.committedSeqs.size() == 12);
                w.markDelivered(6, 1_000);
                await().atMost(WAIT).until(() -> !seqs(j.pending(20, s -> false)).contains(6L));

                List<Event> all = j.pending(20, s -> false);
                assertEquals(List.of(3L, 9L, 12L, 1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L), seqs(all));
                assertEquals(List.of(12L, 1L, 2L), seqs(j.pending(Priority.LIFE_SAFETY, all.get(1).seq(), 3, s -> false)),
                        "after the second life-safety row: the last of its class, then telemetry from the first");
                assertEquals(List.of(4L, 7L), seqs(j.pending(Priority.TELEMETRY, all.get(4).seq(), 2, s -> s == 5)),
                        "within a class, the rows held still passed over");
                assertEquals(List.of(), seqs(j.pending(Priority.TELEMETRY, all.getLast().seq(), 5, s -> false)));
            } finally {
                w.stop();
            }
        }
    }

    @Test
    void stop_commits_everything_appended_before_it() throws Exception {
        int n = 2000;
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, new Recorder());
            w.start();
            try {
                for (long seq = 1; seq <= n; seq++) {
                    w.append(event(seq, seq % 3 == 0 ? Priority.LIFE_SAFETY : Priority.TELEMETRY));
                }
            } finally {
                w.stop();
            }
            assertEquals(0, w.queued());
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(n, j.size());
            assertEquals(n, j.lastSeq());
            assertEquals(n, j.pending(n + 10, s -> false).size());
        }
    }

    @Test
    void stop_during_a_retry_pause_still_commits_the_failed_batch() throws Exception {
        try (Journal j = Journal.open(file())) {
            JournalWriter w = new JournalWriter(j, new Recorder());
            try (Connection c = plain(); Statement st = c.createStatement()) {
                // a failing disk, simulated: every insert is refused until the trigger is dropped
                st.executeUpdate("CREATE TRIGGER refuse BEFORE INSERT ON events "
                        + "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END");
                w.start();
                try {
                    w.append(event(1, Priority.LIFE_SAFETY));
                    // the first commit failed and the writer waits before retrying
                    await().atMost(WAIT).until(() -> journalThreadIsIn("pause"));
                    st.executeUpdate("DROP TRIGGER refuse"); // the disk recovers
                } finally {
                    w.stop(); // lands in the pause: the writer must make its last attempt
                }
            }
        }
        try (Journal j = Journal.open(file())) {
            assertEquals(1, j.size(), "the event handed in before stop() must be durable");
        }
    }

    private static boolean journalThreadIsIn(String method) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("kentongan-journal"))
                .flatMap(e -> Arrays.stream(e.getValue()))
                .anyMatch(f -> f.getClassName().equals(JournalWriter.class.getName())
                        && f.getMethodName().equals(method));
    }
}
