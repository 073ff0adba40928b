package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The self-test record (#16) in a real journal: a slot's postponement and its result, and two tests
 * asked for now, are each their own row (the journal holds (source, ref) unique), and the record reads
 * back newest first, from the gateway's connection and read-only beside it, without the other events.
 */
class SelfTestRecordTest {

    private static final Post POST = new Post("desa", "pos-1", "Pos", "z1", ZoneId.of("Asia/Jakarta"));

    @TempDir
    Path dir;

    private static Event record(long seq, AlertKind kind, String test, String ref) {
        return new Event(seq, 1, Event.identifier(POST, 1, seq), kind, kind.defaultPriority(), "selftest:" + test,
                "z1", 1_700_000_000_000L + seq, Event.CapStatus.Actual, Event.MsgType.Alert, null, ref, 0.0, false,
                null);
    }

    @Test
    void every_record_is_kept_and_read_back_newest_first() throws Exception {
        Path file = dir.resolve("journal.db");
        List<Long> committed = new CopyOnWriteArrayList<>();
        try (Journal j = Journal.open(file)) {
            JournalWriter w = new JournalWriter(j, new JournalWriter.Listener() {
                @Override
                public void committed(long highestSeq, List<Event> events) {
                    events.forEach(e -> committed.add(e.seq()));
                }

                @Override
                public void delivered(long[] seqs) {
                }
            });
            w.start();
            try {
                w.append(record(1, AlertKind.SELF_TEST_POSTPONED, "circuit", "2026-12-02T03:00#1"));
                w.append(new Event(2, 1, Event.identifier(POST, 1, 2), AlertKind.PANIC, Priority.LIFE_SAFETY,
                        "panic-1", "z1", 1_700_000_000_002L, Event.CapStatus.Actual, Event.MsgType.Alert, null));
                w.append(record(3, AlertKind.SELF_TEST_PASSED, "circuit", "2026-12-02T03:00#3"));
                w.append(record(4, AlertKind.SELF_TEST_PASSED, "circuit", "now#4"));
                w.append(record(5, AlertKind.SELF_TEST_FAILED, "circuit", "now#5"));
                w.append(record(6, AlertKind.SELF_TEST_PASSED, "audible", "2026-12-07T10:00#6"));
                await().atMost(Duration.ofSeconds(10)).until(() -> committed.size() == 6);
                assertFalse(w.failing(), "no row refused");
                List<Long> expected = List.of(6L, 5L, 4L, 3L, 1L);
                assertEquals(expected, j.selfTests(100).stream().map(Event::seq).toList());
                assertEquals(expected, JournalFile.selfTests(file, 100).stream().map(Event::seq).toList(),
                        "read-only, beside the live gateway");
                assertEquals(List.of(6L, 5L), j.selfTests(2).stream().map(Event::seq).toList());
            } finally {
                w.stop();
            }
        }
    }
}
