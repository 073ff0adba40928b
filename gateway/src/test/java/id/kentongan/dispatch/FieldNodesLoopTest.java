package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Field nodes as the dispatch loop sees them, stepped by hand: retries, supervision, battery, tamper. */
class FieldNodesLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1, z2]
            inputs:
              - { id: silence, pin: 25, role: silence }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            field:
              nodes:
                - { id: masjid-1, zone: z1, heartbeat: 1m, events: [panic], pattern: titir, outputs: [siren-1] }
                - { id: sungai-1, zone: z2, heartbeat: 10s, silent_after: 30s, events: [flood, level] }
            """;
    static final int MASJID = 0;
    static final int SUNGAI = 1;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    record Answer(long seq, String identifier, boolean fresh) {
    }

    final List<Event> journaled = new ArrayList<>();
    final List<Answer> answers = new ArrayList<>();
    final List<AlertLevel> levels = new ArrayList<>();
    final boolean[] lines = new boolean[1];
    Inbox inbox;
    DispatchLoop loop;
    long now = 5_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (i, on) -> lines[i] = on, journaled::add, e -> { },
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.reportLevelTo(levels::add);
        loop.rememberSourceEvents(Map.of("masjid-1", Map.of(
                "0/99", new SourceEvent(7, "KTG-desa-pos-1-0-7", AlertKind.PANIC,
                        Instant.parse("2026-11-23T11:30:00Z").toEpochMilli()),
                "0/50", new SourceEvent(3, "KTG-desa-pos-1-0-3", AlertKind.PANIC,
                        Instant.parse("2026-11-23T10:00:00Z").toEpochMilli()))));
        inbox.offer(new Input.UplinkChanged(true));
        loop.runPending(now);
    }

    void event(int node, String ref, AlertKind kind) {
        inbox.offer(new Input.FieldEvent(node, ref, kind, null, (seq, id, fresh) -> answers.add(new Answer(seq, id,
                fresh))));
        loop.runPending(now);
    }

    void heartbeat(int node, boolean batteryLow, boolean tamper) {
        inbox.offer(new Input.Heartbeat(node, batteryLow, tamper, now));
        loop.runPending(now);
    }

    void advance(long ms) {
        now += ms * MS;
        loop.runPending(now);
    }

    List<AlertKind> kinds() {
        return journaled.stream().map(Event::kind).toList();
    }

    List<AlertKind> kindsFrom(String source) {
        return journaled.stream().filter(e -> e.source().equals(source)).map(Event::kind).toList();
    }

    /** The node's state as {@code kentongan status} shows it. */
    String nodeState(int node) throws Exception {
        var reply = new CompletableFuture<LoopStatus>();
        inbox.offer(new Input.StatusQuery(reply));
        loop.runPending(now);
        return reply.get().nodes().get(node).state();
    }

    @Test
    void a_node_event_sounds_the_siren_and_is_answered_with_its_journal_row() {
        event(MASJID, "3/1", AlertKind.PANIC);
        assertTrue(lines[0]);
        assertEquals(List.of(AlertKind.PANIC), kinds());
        Event e = journaled.get(0);
        assertEquals("masjid-1", e.source());
        assertEquals("3/1", e.sourceRef());
        assertEquals(List.of(new Answer(1, e.identifier(), true)), answers);
    }

    @Test
    void a_retry_gets_the_same_answer_and_raises_nothing() {
        event(MASJID, "3/1", AlertKind.PANIC);
        event(MASJID, "3/1", AlertKind.PANIC);
        event(MASJID, "3/1", AlertKind.PANIC);
        assertEquals(1, journaled.size());
        assertEquals(answers.get(0).seq(), answers.get(2).seq());
        assertFalse(answers.get(2).fresh());
    }

    @Test
    void a_retry_from_before_a_gateway_restart_is_recognised_from_the_journal() {
        event(MASJID, "0/99", AlertKind.PANIC);
        assertTrue(journaled.isEmpty());
        assertEquals(new Answer(7, "KTG-desa-pos-1-0-7", false), answers.get(0));
    }

    @Test
    void a_repeat_of_another_kind_or_long_after_is_a_new_event_not_a_retry() {
        event(MASJID, "0/99", AlertKind.PANIC);  // the remembered one: 30 min ago, a panic
        assertTrue(journaled.isEmpty());
        inbox.offer(new Input.FieldEvent(SUNGAI, "0/99", AlertKind.LEVEL, null, (s, i, f) -> { }));
        loop.runPending(now);
        assertEquals(1, journaled.size(), "another node's numbering is its own");
        event(MASJID, "0/50", AlertKind.PANIC);   // remembered, but two hours ago: a reflashed node's new panic
        assertEquals(2, journaled.size());
        assertTrue(lines[0], "and it sounds");
    }

    @Test
    void a_new_event_of_the_same_danger_while_the_siren_sounds_is_answered_with_the_open_alert() {
        event(MASJID, "3/1", AlertKind.PANIC);
        event(MASJID, "3/2", AlertKind.PANIC);
        assertEquals(1, journaled.size());
        assertEquals(answers.get(0).seq(), answers.get(1).seq());
    }

    @Test
    void telemetry_from_a_node_is_journaled_every_time() {
        event(SUNGAI, "1/1", AlertKind.LEVEL);
        event(SUNGAI, "1/2", AlertKind.LEVEL);
        assertEquals(List.of(AlertKind.LEVEL, AlertKind.LEVEL), kinds());
        assertFalse(lines[0]);
    }

    @Test
    void a_silent_node_is_reported_once_at_the_right_time_and_cleared_once_it_is_heard_steadily() {
        heartbeat(SUNGAI, false, false);
        advance(29_999);
        assertFalse(kinds().contains(AlertKind.NODE_SILENT), "30 s of silence allowed");
        advance(1);
        assertEquals(List.of(AlertKind.NODE_SILENT), kinds().stream().filter(k -> k != AlertKind.LEVEL).toList());
        assertEquals("sungai-1", journaled.get(0).source());
        advance(600_000);
        assertEquals(1, journaled.stream().filter(e -> e.kind() == AlertKind.NODE_SILENT
                && e.source().equals("sungai-1")).count(), "one alert for the silence, not one per minute");

        heartbeat(SUNGAI, false, false);
        for (int beat = 0; beat < 2; beat++) {
            advance(10_000);
            heartbeat(SUNGAI, false, false);
            assertFalse(kinds().contains(AlertKind.NODE_RETURNED), "heard for less than silent_after");
        }
        advance(10_000);
        heartbeat(SUNGAI, false, false); // heard steadily for 30 s: back
        Event back = journaled.get(journaled.size() - 1);
        assertEquals(AlertKind.NODE_RETURNED, back.kind());
        assertEquals("sungai-1", back.source());
        assertTrue(back.references().contains(journaled.get(0).identifier()));
        heartbeat(SUNGAI, false, false);
        assertEquals(AlertKind.NODE_RETURNED, journaled.get(journaled.size() - 1).kind(), "returned once");
    }

    @Test
    void a_node_repeating_a_silent_alarm_many_times_a_second_gives_one_alert_per_episode() {
        for (int i = 0; i < 200; i++) { // 200 floods in a second, each with its own ref
            event(SUNGAI, "2/" + i, AlertKind.FLOOD);
            now += 5 * MS;
        }
        assertEquals(List.of(AlertKind.FLOOD), kinds(), "one flood alert, not 200");
        assertEquals(200, answers.size());
        assertTrue(answers.stream().allMatch(a -> a.seq() == answers.get(0).seq()), "all answered with it");
        advance(1_000);
        event(SUNGAI, "2/500", AlertKind.FLOOD);
        assertEquals(List.of(AlertKind.FLOOD, AlertKind.FLOOD), kinds(), "again after a quiet second: a new one");
    }

    @Test
    void a_sounding_alarm_from_a_node_after_a_silence_is_a_new_alert_however_soon() {
        event(MASJID, "4/1", AlertKind.PANIC);
        assertTrue(lines[0]);
        inbox.offer(new Input.Edge(0, true, now)); // the guard's silence button
        loop.runPending(now);
        assertFalse(lines[0]);
        now += 100 * MS;
        event(MASJID, "4/2", AlertKind.PANIC);
        assertTrue(lines[0], "sounds again");
        assertEquals(2, kindsFrom("masjid-1").stream().filter(k -> k == AlertKind.PANIC).count());
    }

    @Test
    void a_node_flapping_around_its_silence_threshold_keeps_one_silence_open_not_a_pair_per_flap() throws Exception {
        heartbeat(SUNGAI, false, false);
        advance(30_000); // silent
        for (int flap = 0; flap < 20; flap++) {
            heartbeat(SUNGAI, false, false); // speaks twice ...
            advance(10_000);
            heartbeat(SUNGAI, false, false);
            advance(30_000); // ... then is gone for a silence period again
        }
        assertEquals(List.of(AlertKind.NODE_SILENT), kindsFrom("sungai-1"), "20 flaps: one node-silent, still open");
        assertEquals("silent", nodeState(SUNGAI));
        heartbeat(SUNGAI, false, false);
        assertEquals("returning", nodeState(SUNGAI));
        for (int beat = 0; beat < 3; beat++) {
            advance(10_000);
            heartbeat(SUNGAI, false, false);
        }
        assertEquals(List.of(AlertKind.NODE_SILENT, AlertKind.NODE_RETURNED), kindsFrom("sungai-1"), "steady again: returned once");
        assertEquals("ok", nodeState(SUNGAI));
    }

    @Test
    void a_node_never_heard_from_is_reported_silent_after_its_grace_from_the_gateways_start() {
        advance(30_000);
        assertTrue(journaled.stream().anyMatch(e -> e.kind() == AlertKind.NODE_SILENT && e.source().equals("sungai-1")));
        assertTrue(journaled.stream().noneMatch(e -> e.source().equals("masjid-1")), "masjid-1 has 3 minutes");
    }

    @Test
    void low_battery_and_tamper_raise_one_alert_each_until_they_clear() {
        heartbeat(MASJID, true, false);
        heartbeat(MASJID, true, true);
        heartbeat(MASJID, true, true);
        assertEquals(List.of(AlertKind.LOW_BATTERY, AlertKind.TAMPER), kinds());
        heartbeat(MASJID, false, false);
        heartbeat(MASJID, true, false);
        assertEquals(List.of(AlertKind.LOW_BATTERY, AlertKind.TAMPER, AlertKind.LOW_BATTERY), kinds());
    }

    @Test
    void the_level_follows_what_sounds() {
        assertTrue(levels.isEmpty(), "quiet from the start: nothing to tell");
        event(MASJID, "3/1", AlertKind.PANIC);
        AlertLevel l = levels.get(levels.size() - 1);
        assertEquals("life-safety", l.level());
        assertEquals("titir", l.pattern());
        inbox.offer(new Input.Edge(0, true, now));
        loop.runPending(now); // the silence button
        assertEquals("none", levels.get(levels.size() - 1).level());
    }
}
