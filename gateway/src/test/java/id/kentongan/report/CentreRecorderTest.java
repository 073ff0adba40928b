package id.kentongan.report;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The centre's recorder on a real SQLite file: re-publishes kept once, gaps asked for, restarts survived. */
class CentreRecorderTest {

    static final Post POST = new Post("sukamaju", "rt03-rw05", "Pos", "rw05-pos", ZoneId.of("Asia/Jakarta"));
    static final String ALERTS = "kentongan/v1/sukamaju/rt03-rw05/alert";

    @TempDir
    Path dir;

    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void no_thread_left() {
        Threads.assertNoGatewayThreadsLeft();
    }

    CentreRecorder recorder(CentreJournal journal) throws Exception {
        CentreRecorder r = new CentreRecorder(journal, (v, p, from, to) -> asked.add(v + "/" + p + " " + from + ".." + to),
                new CentreRecorder.Timing(TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.SECONDS.toNanos(60)),
                System::nanoTime, System::currentTimeMillis, log::add);
        r.start();
        return r;
    }

    static byte[] event(long seq) {
        Event e = new Event(seq, 1, Event.identifier(POST, 1, seq), AlertKind.PANIC, Priority.LIFE_SAFETY, "panic-1",
                "rw05-pos", 1_795_000_000_000L + seq * 1000, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        return CapJson.encode(e, POST);
    }

    @Test
    void re_published_alerts_are_kept_once_across_a_restart_of_the_centre() throws Exception {
        Path db = dir.resolve("centre.db");
        try (CentreJournal journal = CentreJournal.open(db)) {
            CentreRecorder r = recorder(journal);
            r.offer(ALERTS, event(1));
            r.offer(ALERTS, event(1)); // re-published: the centre had not acknowledged it
            r.offer("kentongan/v1/sukamaju/all/alert", event(1)); // escalated to the village: the same alert
            r.offer(ALERTS, event(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.counts().received() + r.counts().duplicates() == 4);
            r.close();
            assertEquals(2, r.counts().received());
            assertEquals(2, r.counts().duplicates());
        }
        try (CentreJournal journal = CentreJournal.open(db)) {
            CentreRecorder r = recorder(journal);
            r.offer(ALERTS, event(2)); // after the restart, still known
            await().atMost(Duration.ofSeconds(10)).until(() -> r.counts().duplicates() == 1);
            r.close();
        }
        List<String> ids = new ArrayList<>();
        JournalRows.centre(db, Window.days("2026-11-01", "2026-12-31", ZoneId.of("Asia/Jakarta")),
                row -> ids.add(row.identifier()));
        assertEquals(List.of("KTG-sukamaju-rt03-rw05-1-1", "KTG-sukamaju-rt03-rw05-1-2"), ids);
    }

    @Test
    void a_gap_is_asked_for_once_settled_and_closes_when_the_replay_arrives_even_after_a_restart() throws Exception {
        Path db = dir.resolve("centre.db");
        try (CentreJournal journal = CentreJournal.open(db)) {
            CentreRecorder r = recorder(journal);
            r.offer(ALERTS, event(1));
            r.offer(ALERTS, event(2));
            r.offer(ALERTS, event(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> asked.contains("sukamaju/rt03-rw05 3..4"));
            assertEquals(2, r.counts().missing());
            r.close();
        }
        asked.clear();
        try (CentreJournal journal = CentreJournal.open(db)) {
            CentreRecorder r = recorder(journal);
            // the centre restarted before the replay came: it finds the gap in its journal and asks again
            await().atMost(Duration.ofSeconds(10)).until(() -> asked.contains("sukamaju/rt03-rw05 3..4"));
            r.offer(ALERTS, event(3));
            r.offer(ALERTS, event(4));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.counts().missing() == 0);
            r.close();
        }
    }

    @Test
    void what_is_too_large_or_not_an_event_is_refused_and_counted_and_the_rest_is_kept() throws Exception {
        try (CentreJournal journal = CentreJournal.open(dir.resolve("centre.db"))) {
            CentreRecorder r = recorder(journal);
            assertFalse(r.offer(ALERTS, new byte[CapRows.MAX_PAYLOAD + 1]));
            r.offer(ALERTS, "not json".getBytes(StandardCharsets.UTF_8));
            r.offer(ALERTS, new byte[] {(byte) 0xff, 0, 1});
            r.offer(ALERTS, event(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.counts().received() == 1);
            r.close();
            assertEquals(3, r.counts().refused());
        }
    }
}
