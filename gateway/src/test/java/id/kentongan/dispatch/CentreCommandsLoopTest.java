package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command centre's commands and the acknowledgement lifecycle, with the loop stepped by hand. */
class CentreCommandsLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1, z2]
            inputs:
              - { id: panic-1, pin: 17, debounce: 0ms }
              - { id: tamper-1, pin: 23, active: high, debounce: 0ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
              - { id: led-ack, pin: 13, role: ack-led }
            rules:
              - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1] }
              - { input: tamper-1, kind: tamper }
            centre:
              republish: { first: 1s, max: 4s }
              escalate_after: 10s
              test_max: 5s
            """;
    static final int SIREN = 0;
    static final int ACK_LED = 1;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<Event> journaled = new ArrayList<>();
    final List<Event> published = new ArrayList<>();
    final List<Event> escalated = new ArrayList<>();
    final List<String> answers = new ArrayList<>();
    final boolean[] lines = new boolean[2];
    Inbox inbox;
    DispatchLoop loop;
    long now = 1_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        UplinkSink uplink = new UplinkSink() {
            @Override
            public void publish(Event e) {
                published.add(e);
            }

            @Override
            public void escalate(Event e) {
                escalated.add(e);
            }
        };
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (i, on) -> lines[i] = on, journaled::add, uplink,
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        inbox.offer(new Input.UplinkChanged(true));
        loop.runPending(now);
    }

    void command(Input.Command.Verb verb, List<String> refs, AlertKind kind, String pattern, List<String> zones) {
        inbox.offer(new Input.Command(verb, refs, kind, pattern, zones, "polsek-1", new CommandReply() {
            @Override
            public void accepted(String detail) {
                answers.add("accepted: " + detail);
            }

            @Override
            public void rejected(String reason) {
                answers.add("rejected: " + reason);
            }
        }));
        loop.runPending(now);
    }

    void press() {
        inbox.offer(new Input.Edge(0, true, now));
        inbox.offer(new Input.Edge(0, false, now));
        loop.runPending(now);
    }

    void advance(long ms) {
        for (long i = 0; i < ms; i += 100) {
            now += 100 * MS;
            loop.runPending(now);
        }
    }

    long publishesOf(Event e) {
        return published.stream().filter(p -> p.seq() == e.seq()).count();
    }

    @Test
    void an_unacknowledged_life_safety_alert_is_published_again_at_growing_intervals_then_escalated() {
        press();
        Event panic = journaled.get(0);
        assertEquals(1, publishesOf(panic));
        advance(1_000);
        assertEquals(2, publishesOf(panic), "again after 1 s");
        advance(2_000);
        assertEquals(3, publishesOf(panic), "then after 2 s more");
        advance(4_000);
        assertEquals(4, publishesOf(panic), "then after 4 s (the maximum gap)");
        assertTrue(escalated.isEmpty());
        advance(4_000);
        assertEquals(List.of(panic), escalated, "11 s unacknowledged: escalated to the village, once");
        advance(20_000);
        assertEquals(1, escalated.size());
        assertTrue(published.stream().allMatch(p -> p.identifier().equals(panic.identifier())));
    }

    @Test
    void an_unacknowledged_security_alert_is_published_again_until_the_centre_acks_it() {
        inbox.offer(new Input.Edge(1, true, now));
        inbox.offer(new Input.Edge(1, false, now));
        loop.runPending(now);
        Event tamper = journaled.get(0);
        assertEquals(AlertKind.TAMPER, tamper.kind());
        advance(3_000);
        assertEquals(3, publishesOf(tamper), "again after 1 s and 2 s more: the broker's PUBACK is not delivery");
        command(Input.Command.Verb.ACK, List.of(tamper.identifier()), null, null, List.of());
        assertEquals(List.of("accepted: acknowledged 1"), answers);
        advance(20_000);
        assertEquals(3, publishesOf(tamper), "acknowledged: no more");
        assertTrue(escalated.isEmpty());
    }

    @Test
    void hundreds_of_acknowledged_alerts_never_push_out_one_the_centre_has_not_acknowledged() {
        press();
        Event first = journaled.get(0);
        for (int i = 0; i < OpenAlerts.MAX_OPEN_ALERTS + 50; i++) {
            command(Input.Command.Verb.SILENCE, List.of(), null, null, List.of());
            press(); // silenced, so this press is a new alert, which the centre acknowledges at once
            Event next = journaled.get(journaled.size() - 1);
            assertEquals(AlertKind.PANIC, next.kind());
            command(Input.Command.Verb.ACK, List.of(next.identifier()), null, null, List.of());
        }
        long before = publishesOf(first);
        advance(5_000);
        assertTrue(publishesOf(first) > before, "the first alert, never acknowledged, is still published again");
        answers.clear();
        command(Input.Command.Verb.ACK, List.of(first.identifier()), null, null, List.of());
        assertEquals(List.of("accepted: acknowledged 1"), answers, "and the centre's ack still finds it");
    }

    @Test
    void a_puback_alone_is_not_an_acknowledgement() {
        press();
        inbox.offer(new Input.Delivered(journaled.get(0).seq()));
        loop.runPending(now);
        assertFalse(lines[ACK_LED]);
        advance(1_000);
        assertEquals(2, publishesOf(journaled.get(0)), "still published again");
    }

    @Test
    void the_centres_ack_lights_the_led_and_stops_the_republishing() {
        press();
        Event panic = journaled.get(0);
        command(Input.Command.Verb.ACK, List.of(panic.identifier()), null, null, List.of());
        assertEquals(List.of("accepted: acknowledged 1"), answers);
        assertTrue(lines[ACK_LED]);
        advance(60_000);
        assertEquals(1, publishesOf(panic), "no more re-publishing");
        assertTrue(escalated.isEmpty());
        command(Input.Command.Verb.SILENCE, List.of(), null, null, List.of());
        press(); // a new alert: the LED says the centre has not got this one yet
        assertEquals(AlertKind.PANIC, journaled.get(journaled.size() - 1).kind());
        assertFalse(lines[ACK_LED]);
    }

    @Test
    void an_ack_for_an_unknown_alert_is_rejected_and_changes_nothing() {
        press();
        command(Input.Command.Verb.ACK, List.of("KTG-desa-pos-1-1-999"), null, null, List.of());
        assertEquals(List.of("rejected: no open alert KTG-desa-pos-1-1-999"), answers);
        assertFalse(lines[ACK_LED]);
    }

    @Test
    void an_ack_naming_no_alert_is_rejected_and_journals_nothing() {
        press();
        command(Input.Command.Verb.ACK, List.of(), null, null, List.of());
        assertEquals(List.of("rejected: no open alert named (give 'refs')"), answers);
        assertEquals(List.of(AlertKind.PANIC), journaled.stream().map(Event::kind).toList(),
                "no acknowledgement of nothing in the journal");
        assertFalse(lines[ACK_LED]);
    }

    @Test
    void all_clear_stops_the_sirens_and_journals_a_cancel_referencing_the_alerts() {
        press();
        Event panic = journaled.get(0);
        assertTrue(lines[SIREN]);
        command(Input.Command.Verb.ALL_CLEAR, List.of(), null, null, List.of());
        assertFalse(lines[SIREN]);
        Event cancel = journaled.get(journaled.size() - 1);
        assertEquals(AlertKind.ALL_CLEAR, cancel.kind());
        assertEquals(Event.MsgType.Cancel, cancel.msgType());
        assertTrue(cancel.references().contains(panic.identifier()));
        advance(60_000);
        assertEquals(1, publishesOf(panic), "a cleared alert is not published again");
        assertFalse(lines[SIREN]);
    }

    @Test
    void a_village_wide_alert_sounds_here_only_for_this_posts_zones() {
        command(Input.Command.Verb.ALERT, List.of(), AlertKind.FLOOD, "temporal-3", List.of("z9"));
        assertFalse(lines[SIREN]);
        assertTrue(journaled.isEmpty());
        command(Input.Command.Verb.ALERT, List.of(), AlertKind.FLOOD, "temporal-3", List.of("z2"));
        assertTrue(lines[SIREN]);
        Event flood = journaled.get(0);
        assertEquals("centre:polsek-1", flood.source());
        assertEquals("z2", flood.zone());
        assertEquals(Event.CapStatus.Actual, flood.status());
    }

    @Test
    void a_drill_is_an_exercise_with_the_test_pattern_and_stops_by_itself() {
        command(Input.Command.Verb.DRILL, List.of(), AlertKind.FLOOD, "temporal-3", List.of());
        Event drill = journaled.get(0);
        assertEquals(Event.CapStatus.Exercise, drill.status());
        assertTrue(answers.get(0).contains("Exercise sounding test"), answers.toString());
        assertTrue(lines[SIREN]);
        advance(100);
        assertFalse(lines[SIREN], "the test pattern: one 100 ms beat, then a pause");
        advance(5_000);
        assertEquals(1, publishesOf(drill), "a drill is never re-published or escalated");
        assertTrue(escalated.isEmpty());
    }

    @Test
    void a_drill_never_takes_a_siren_from_a_real_alert_and_a_real_alert_always_takes_it_from_a_drill() {
        press();
        command(Input.Command.Verb.DRILL, List.of(), AlertKind.FLOOD, null, List.of());
        advance(1_000);
        List<Long> beats = sirenChanges(400);
        assertEquals(150L, beats.get(1) - beats.get(0), "still titir, the panic's pattern: " + beats);
        command(Input.Command.Verb.SILENCE, List.of(), null, null, List.of());
        command(Input.Command.Verb.TEST, List.of(), AlertKind.FIRE, null, List.of());
        press(); // a real panic during a test
        List<Long> real = sirenChanges(400);
        assertEquals(150L, real.get(1) - real.get(0), "the real alert's titir, not the test beat: " + real);
        assertTrue(journaled.stream().noneMatch(e -> e.kind() == AlertKind.SIREN_TIMEOUT
                && e.references() != null && e.references().contains(journaled.get(0).identifier())));
    }

    @Test
    void a_button_whose_siren_a_centre_alert_took_is_live_again_after_the_all_clear() {
        press();
        command(Input.Command.Verb.ALERT, List.of(), AlertKind.FLOOD, "temporal-3", List.of());
        Event flood = journaled.get(journaled.size() - 1);
        command(Input.Command.Verb.ALL_CLEAR, List.of(flood.identifier()), null, null, List.of());
        assertFalse(lines[SIREN]);
        press();
        assertTrue(lines[SIREN], "the panic button raises a new alert");
        assertEquals(AlertKind.PANIC, journaled.get(journaled.size() - 1).kind());
    }

    @Test
    void escalation_comes_on_time_not_at_the_next_republish() {
        press();
        advance(10_000); // republish at 1, 3, 7, 11 s (gap capped at 4 s); escalate_after is 10 s
        assertEquals(1, escalated.size());
    }

    @Test
    void an_incident_outlives_a_restart_unacknowledged_alerts_are_published_again_and_can_be_acknowledged() {
        var post = new Post("desa", "pos-1", "Pos 1", "z1", ZoneId.of("Asia/Jakarta"));
        long sent = Instant.parse("2026-11-23T11:55:00Z").toEpochMilli();
        Event panic = new Event(1, 1, Event.identifier(post, 1, 1), AlertKind.PANIC, AlertKind.PANIC.defaultPriority(),
                "panic-1", "z1", sent, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        Event flood = new Event(2, 1, Event.identifier(post, 1, 2), AlertKind.FLOOD, AlertKind.FLOOD.defaultPriority(),
                "flood-1", "z1", sent, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        Event tamper = new Event(3, 1, Event.identifier(post, 1, 3), AlertKind.TAMPER, AlertKind.TAMPER.defaultPriority(),
                "tamper-1", "z1", sent, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        Event acked = new Event(4, 1, Event.identifier(post, 1, 4), AlertKind.ACKNOWLEDGED,
                AlertKind.ACKNOWLEDGED.defaultPriority(), "centre:polsek-1", "z1", sent, Event.CapStatus.Actual,
                Event.MsgType.Update, CapJson.reference(flood, post));
        Event cleared = new Event(5, 1, Event.identifier(post, 1, 5), AlertKind.ALL_CLEAR,
                AlertKind.ALL_CLEAR.defaultPriority(), "centre:polsek-1", "z1", sent, Event.CapStatus.Actual,
                Event.MsgType.Cancel, CapJson.reference(tamper, post));
        loop.restoreOpenAlerts(List.of(panic, flood, tamper, acked, cleared));

        advance(1_000);
        assertEquals(1, publishesOf(panic), "the unacknowledged panic goes out again");
        assertEquals(0, publishesOf(flood), "the acknowledged flood does not");
        assertTrue(escalated.contains(panic), "raised five minutes ago: past escalate_after (10 s here)");
        assertFalse(lines[SIREN], "sirens do not resume by themselves");
        command(Input.Command.Verb.ACK, List.of(panic.identifier()), null, null, List.of());
        assertEquals("accepted: acknowledged 1", answers.get(0));
        command(Input.Command.Verb.ACK, List.of(tamper.identifier()), null, null, List.of());
        assertTrue(answers.get(1).startsWith("rejected"), "the cleared tamper alert is not open any more");
    }

    /** Steps 1 ms at a time and returns when the siren line changed, relative to now. */
    List<Long> sirenChanges(long forMs) {
        List<Long> changes = new ArrayList<>();
        boolean last = lines[SIREN];
        for (long t = 1; t <= forMs; t++) {
            now += MS;
            loop.runPending(now);
            if (lines[SIREN] != last) {
                last = lines[SIREN];
                changes.add(t);
            }
        }
        return changes;
    }

    @Test
    void an_alert_naming_no_known_pattern_is_rejected() {
        command(Input.Command.Verb.ALERT, List.of(), AlertKind.FLOOD, "no-such", List.of());
        assertEquals(List.of("rejected: unknown pattern 'no-such'"), answers);
        assertTrue(journaled.isEmpty());
    }
}
