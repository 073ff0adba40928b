package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMS outbox in the journal: messages made in the event's own transaction, once per person however
 * often planned, handed over in the order that puts life-safety and the phone tree first, their fate
 * only ever moving forward; and an all-clear that stops what has not gone yet.
 */
class JournalSmsTest {

    private static final Post POST = new Post("sukamaju", "rt03-rw05", "Pos", "z1", ZoneId.of("Asia/Jakarta"));

    @TempDir
    Path dir;

    private static Event event(long seq, AlertKind kind, Event.MsgType type, String refs) {
        return new Event(seq, 1, Event.identifier(POST, 1, seq), kind, kind.defaultPriority(), "src", "z1",
                1_700_000_000_000L + seq, Event.CapStatus.Actual, type, refs);
    }

    /** Alarms reach r1..r3 (r1 a person, rank 0); an all-clear reaches whoever the alarm reached. */
    private static final SmsPlanner PLANNER = (e, journaled, plan) -> {
        if (e.kind() == AlertKind.ALL_CLEAR) {
            for (String id : CapJson.referencedIdentifiers(e.references())) {
                plan.cancelQueued(id, "all clear before it was sent");
                for (String r : journaled.reached(id)) {
                    plan.send(new SmsRow(e.identifier(), r, e.seq(), e.priority(), 1, "all-clear", "Aman"));
                }
            }
        } else if (e.priority().isAlarm()) {
            for (int r = 3; r >= 1; r--) {
                plan.send(new SmsRow(e.identifier(), "r" + r, e.seq(), e.priority(), r == 1 ? 0 : 1,
                        r == 1 ? "page" : "resident", "Bahaya #" + e.seq()));
            }
        }
    };

    private static final class Heard implements JournalWriter.Listener {
        final AtomicInteger queued = new AtomicInteger();
        final List<SmsRow.Marked> marked = new CopyOnWriteArrayList<>();
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public void committed(long highestSeq, List<Event> events) {
            commits.incrementAndGet();
        }

        @Override
        public void delivered(long[] seqs) {
        }

        @Override
        public void smsQueued(int rows) {
            queued.addAndGet(rows);
        }

        @Override
        public void smsMarked(List<SmsRow.Marked> marks) {
            marked.addAll(marks);
        }
    }

    private static void awaitThat(java.util.concurrent.Callable<Boolean> c) {
        await().atMost(Duration.ofSeconds(10)).until(c);
    }

    @Test
    void an_alarms_messages_are_durable_with_it_once_per_person_and_come_out_people_first_and_life_safety_first()
            throws Exception {
        Heard heard = new Heard();
        try (Journal j = Journal.open(dir.resolve("journal.db"))) {
            JournalWriter w = new JournalWriter(j, heard);
            w.planSmsWith(PLANNER);
            w.start();
            try {
                Event tamper = event(1, AlertKind.TAMPER, Event.MsgType.Alert, null);
                Event panic = event(2, AlertKind.PANIC, Event.MsgType.Alert, null);
                w.append(tamper);
                w.append(panic);
                awaitThat(() -> heard.queued.get() == 6);
                w.append(tamper); // a retried batch: the same messages, not new ones
                awaitThat(() -> heard.commits.get() >= 2);
                SmsOutbox outbox = j.smsOutbox();
                assertEquals(6L, outbox.counts().get(SmsRow.State.QUEUED));
                List<SmsRow.Waiting> next = outbox.next(10, h -> false, 0);
                assertEquals(List.of("2:r1", "2:r3", "2:r2", "1:r1", "1:r3", "1:r2"),
                        next.stream().map(x -> x.seq() + ":" + x.recipient()).toList(),
                        "life-safety before security; within one, the person before residents, then in planned order");
                assertEquals(SmsRow.handle(panic.identifier(), "r1"), next.get(0).handle());
                assertEquals(List.of("2:r3"), outbox.next(1, h -> h.equals(next.get(0).handle()), 1).stream()
                        .map(x -> x.seq() + ":" + x.recipient()).toList(), "what the caller holds is skipped");
            } finally {
                w.stop();
            }
        }
    }

    @Test
    void a_fate_only_moves_forward_and_the_daemons_reason_is_kept() throws Exception {
        Heard heard = new Heard();
        try (Journal j = Journal.open(dir.resolve("journal.db"))) {
            JournalWriter w = new JournalWriter(j, heard);
            w.planSmsWith(PLANNER);
            w.start();
            try {
                Event panic = event(1, AlertKind.PANIC, Event.MsgType.Alert, null);
                w.append(panic);
                awaitThat(() -> heard.queued.get() == 3);
                String h1 = SmsRow.handle(panic.identifier(), "r1");
                String h2 = SmsRow.handle(panic.identifier(), "r2");
                w.markSms(h1, SmsRow.State.HANDED, 10, "modem-1", null);
                w.markSms(h1, SmsRow.State.SENT, 20, "modem-1", null);
                w.markSms(h1, SmsRow.State.HANDED, 30, "modem-1", null); // late: changes nothing
                w.markSms(h2, SmsRow.State.FAILED, 40, "modem-1", "Error sending SMS: TIMEOUT");
                awaitThat(() -> heard.marked.size() == 4);
                assertEquals(Map.of(SmsRow.State.QUEUED, 1L, SmsRow.State.HANDED, 0L, SmsRow.State.SENT, 1L,
                        SmsRow.State.FAILED, 1L, SmsRow.State.CANCELLED, 0L), j.smsOutbox().counts());
                List<SmsOutbox.Shown> shown = j.smsOutbox().newest(10);
                SmsOutbox.Shown r2 = shown.stream().filter(s -> s.recipient().equals("r2")).findFirst().orElseThrow();
                assertEquals("Error sending SMS: TIMEOUT", r2.reason());
                SmsOutbox.Shown r1 = shown.stream().filter(s -> s.recipient().equals("r1")).findFirst().orElseThrow();
                assertEquals("sent", r1.state());
                assertEquals(10L, r1.handedMillis());
                assertEquals(20L, r1.doneMillis());
            } finally {
                w.stop();
            }
        }
    }

    @Test
    void an_all_clear_cancels_what_has_not_gone_and_reaches_whoever_the_alarm_reached() throws Exception {
        Heard heard = new Heard();
        try (Journal j = Journal.open(dir.resolve("journal.db"))) {
            JournalWriter w = new JournalWriter(j, heard);
            w.planSmsWith(PLANNER);
            w.start();
            try {
                Event panic = event(1, AlertKind.PANIC, Event.MsgType.Alert, null);
                w.append(panic);
                awaitThat(() -> heard.queued.get() == 3);
                w.markSms(SmsRow.handle(panic.identifier(), "r1"), SmsRow.State.HANDED, 10, "modem-1", null);
                w.markSms(SmsRow.handle(panic.identifier(), "r3"), SmsRow.State.SENT, 10, "modem-1", null);
                awaitThat(() -> heard.marked.size() == 2);
                w.append(event(2, AlertKind.ALL_CLEAR, Event.MsgType.Cancel, CapJson.reference(panic, POST)));
                awaitThat(() -> heard.queued.get() == 5);
                Map<SmsRow.State, Long> counts = j.smsOutbox().counts();
                assertEquals(1L, counts.get(SmsRow.State.CANCELLED), "r2's alarm never went: nor does it now");
                assertEquals(List.of("r1", "r3"), j.smsOutbox().next(10, h -> false, 0).stream()
                        .map(SmsRow.Waiting::recipient).sorted().toList());
            } finally {
                w.stop();
            }
        }
    }

    @Test
    void a_planner_that_throws_costs_its_event_the_messages_never_the_event() throws Exception {
        Heard heard = new Heard();
        try (Journal j = Journal.open(dir.resolve("journal.db"))) {
            JournalWriter w = new JournalWriter(j, heard);
            w.planSmsWith((e, journaled, plan) -> {
                plan.send(new SmsRow(e.identifier(), "r1", e.seq(), Priority.LIFE_SAFETY, 0, "page", "x"));
                throw new IllegalStateException("a bug");
            });
            w.start();
            try {
                w.append(event(1, AlertKind.PANIC, Event.MsgType.Alert, null));
                awaitThat(() -> heard.commits.get() == 1);
            } finally {
                w.stop();
            }
            assertEquals(1, j.size(), "the event is journaled");
            assertEquals(0L, j.smsOutbox().counts().get(SmsRow.State.QUEUED));
            assertEquals(1, w.planFailures());
            assertTrue(j.range(1, 1).get(0).text() == null);
        }
    }
}
