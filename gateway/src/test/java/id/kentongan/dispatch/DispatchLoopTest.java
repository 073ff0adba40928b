package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatch loop stepped by hand on the test's thread, with time moved by the test: patterns,
 * debounce, coalescing, limits and silence, exactly and without sleeping.
 */
class DispatchLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1, z2]
            inputs:
              - { id: panic-1, pin: 17, debounce: 20ms }
              - { id: flood-1, pin: 22, active: high, pull: down, debounce: 200ms }
              - { id: tamper-1, pin: 23, debounce: 20ms }
              - { id: door-1, pin: 24, debounce: 20ms }
              - { id: silence, pin: 25, role: silence, debounce: 20ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
              - { id: strobe-1, pin: 6, role: strobe }
              - { id: led-ack, pin: 13, role: ack-led }
              - { id: led-uplink, pin: 19, role: uplink-led }
            patterns:
              kode-2: { type: beats, count: 2, on: 300ms, off: 300ms, pause: 2s }
            rules:
              - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1, strobe-1], max_sounding: 10s }
              - { input: flood-1, kind: flood, pattern: temporal-3, outputs: [siren-1], zone: z2 }
              - { input: tamper-1, kind: tamper, pattern: kode-2, outputs: [siren-1] }
              - { input: door-1, kind: door }
            """;
    static final int PANIC = 0;
    static final int FLOOD = 1;
    static final int TAMPER = 2;
    static final int DOOR = 3;
    static final int SILENCE = 4;
    static final int SIREN = 0;
    static final int STROBE = 1;
    static final int UPLINK_LED = 3;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<String> trace = new ArrayList<>();
    final List<Event> journaled = new ArrayList<>();
    final List<Event> published = new ArrayList<>();
    final boolean[] lines = new boolean[4];
    boolean failWrites;
    Inbox inbox;
    DispatchLoop loop;
    long now = 1_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        SiteProfile profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        Outputs outputs = (i, on) -> {
            if (failWrites) {
                throw new IllegalStateException("gpio line busy");
            }
            lines[i] = on;
            trace.add("gpio " + i + " " + on);
        };
        JournalSink journal = e -> {
            journaled.add(e);
            trace.add("journal " + e.seq());
        };
        UplinkSink uplink = e -> {
            published.add(e);
            trace.add("uplink " + e.seq());
        };
        loop = new DispatchLoop(profile.toSite(), 7, 41, inbox, outputs, journal, uplink,
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.allOff();
        inbox.offer(new Input.UplinkChanged(true)); // most tests are not about the uplink
        loop.runPending(now);
        trace.clear();
    }

    void edge(int input, boolean active) {
        inbox.offer(new Input.Edge(input, active, now));
        loop.runPending(now);
    }

    void press(int input) {
        edge(input, true);
        advance(50);
        edge(input, false);
    }

    void advance(long ms) {
        now += ms * MS;
        loop.runPending(now);
    }

    /** Steps time 1 ms at a time and records when the siren line changes, relative to the start. */
    List<Long> sirenChanges(long forMs) {
        List<Long> changes = new ArrayList<>();
        boolean last = lines[SIREN];
        for (long t = 1; t <= forMs; t++) {
            advance(1);
            if (lines[SIREN] != last) {
                last = lines[SIREN];
                changes.add(t);
            }
        }
        return changes;
    }

    @Test
    void press_drives_the_siren_before_the_event_is_handed_to_journal_and_uplink() {
        edge(PANIC, true);
        assertEquals(List.of("gpio 0 true", "gpio 1 true", "journal 42", "uplink 42"), trace);
        Event e = journaled.get(0);
        assertEquals(AlertKind.PANIC, e.kind());
        assertEquals(Priority.LIFE_SAFETY, e.priority());
        assertEquals("panic-1", e.source());
        assertEquals(42, e.seq(), "the sequence continues from the journal's last");
        assertEquals(7, e.boot());
        assertEquals("KTG-desa-pos-1-7-42", e.identifier());
        assertEquals(e, published.get(0), "the same event, so the same identifier, goes to the uplink");
    }

    @Test
    void titir_toggles_every_150_ms() {
        edge(PANIC, true);
        assertTrue(lines[SIREN]);
        assertEquals(List.of(150L, 300L, 450L, 600L), sirenChanges(600));
    }

    @Test
    void temporal_3_is_three_half_second_beats_then_one_and_a_half_seconds_off() {
        edge(FLOOD, true);
        assertTrue(lines[SIREN]);
        // off at 0.5, on at 1.0, off 1.5, on 2.0, off 2.5, then 1.5 s off, on again at 4.0
        assertEquals(List.of(500L, 1000L, 1500L, 2000L, 2500L, 4000L, 4500L), sirenChanges(4500));
    }

    @Test
    void grouped_beats_play_the_kentongan_code_from_the_profile() {
        edge(TAMPER, true);
        // two beats of 300 ms on / 300 ms off, then a 2 s pause: next group at 3.2 s
        assertEquals(List.of(300L, 600L, 900L, 3200L, 3500L), sirenChanges(3500));
    }

    @Test
    void a_held_button_gives_one_alert() {
        edge(PANIC, true);
        advance(9_000);
        assertEquals(1, journaled.size());
        assertTrue(lines[SIREN] || lines[STROBE] || loop.nextDeadline() < Long.MAX_VALUE, "still sounding");
        advance(60_000);
        assertEquals(1, journaled.stream().filter(e -> e.kind() == AlertKind.PANIC).count(),
                "held past the siren's limit, still one panic alert");
    }

    @Test
    void chatter_within_the_debounce_time_gives_one_alert() {
        for (int i = 0; i < 10; i++) {
            edge(PANIC, true);
            now += MS;
            edge(PANIC, false);
            now += MS;
        }
        advance(100);
        assertEquals(1, journaled.size());
    }

    @Test
    void a_press_shorter_than_the_debounce_still_ends_in_a_release_so_the_next_press_counts() {
        edge(DOOR, true);
        now += 5 * MS;
        edge(DOOR, false); // within the 20 ms lockout: taken only when the lockout ends
        advance(1_030);    // at rest for a second: the next opening is a new one
        edge(DOOR, true);
        advance(30);
        assertEquals(2, journaled.size(), "two separate door openings");
    }

    @Test
    void a_door_contact_chattering_for_a_second_gives_one_alert_not_one_per_debounce() {
        for (int burst = 0; burst < 3; burst++) {
            for (int i = 0; i < 250; i++) { // 500 edges in a second: past every 20 ms lockout, 25 times over
                edge(DOOR, true);
                now += 2 * MS;
                edge(DOOR, false);
                now += 2 * MS;
            }
            advance(500); // at rest half a second between bursts: still the same opening
        }
        assertEquals(1, journaled.size(), "one door alert for the whole chattering");
        advance(1_000);
        press(DOOR);
        assertEquals(2, journaled.size(), "opened again after a second at rest: a new alert");
    }

    @Test
    void pressing_again_while_the_siren_sounds_adds_no_alert() {
        press(PANIC);
        advance(1000);
        press(PANIC);
        press(PANIC);
        assertEquals(1, journaled.size());
    }

    @Test
    void siren_stops_at_its_maximum_sounding_time_and_says_so() {
        edge(PANIC, true);
        advance(9_999);
        assertTrue(journaled.size() == 1 && loop.nextDeadline() <= now + 150 * MS);
        advance(1);
        assertFalse(lines[SIREN]);
        assertFalse(lines[STROBE]);
        assertTrue(loop.nextDeadline() > now + 1_000 * MS, "no beat left to time (only the alert's re-publish)");
        Event timeout = journaled.get(1);
        assertEquals(AlertKind.SIREN_TIMEOUT, timeout.kind());
        assertEquals(Event.MsgType.Update, timeout.msgType());
        assertTrue(timeout.references().contains(journaled.get(0).identifier()));
        advance(60_000);
        assertFalse(lines[SIREN], "and it stays off");
    }

    @Test
    void silence_input_stops_every_siren_and_reports_which_alerts_it_silenced() {
        press(PANIC);
        press(FLOOD);
        assertTrue(lines[SIREN]);
        advance(1000);
        press(SILENCE);
        assertFalse(lines[SIREN]);
        assertFalse(lines[STROBE]);
        Event silenced = journaled.get(journaled.size() - 1);
        assertEquals(AlertKind.SIREN_SILENCED, silenced.kind());
        assertTrue(silenced.references().contains(journaled.get(0).identifier()),
                "panic alert referenced: " + silenced.references());
        advance(60_000);
        assertFalse(lines[SIREN], "a silenced siren stays silent");
    }

    @Test
    void a_new_press_after_silence_raises_a_new_alert() {
        press(PANIC);
        press(SILENCE);
        advance(100);
        press(PANIC);
        assertTrue(lines[SIREN]);
        assertEquals(3, journaled.size(), "panic, silenced, panic");
        assertEquals(AlertKind.PANIC, journaled.get(2).kind());
    }

    @Test
    void an_alert_whose_siren_was_taken_over_is_still_silenced_by_name() {
        press(PANIC);          // panic sounds siren and strobe
        press(FLOOD);          // flood, equally life-safety, takes the siren; panic keeps the strobe
        press(SILENCE);
        Event silenced = journaled.get(journaled.size() - 1);
        assertTrue(silenced.references().contains(journaled.get(0).identifier())
                && silenced.references().contains(journaled.get(1).identifier()), silenced.references());
    }

    @Test
    void pressing_a_button_whose_alert_was_taken_over_adds_no_alert_while_the_post_sounds() {
        edge(TAMPER, true);    // tamper sounds the siren (kode-2)
        advance(50);
        edge(TAMPER, false);
        press(FLOOD);          // flood takes the siren: the tamper alert is superseded, not ended
        press(TAMPER);
        assertEquals(2, journaled.size(), "tamper pressed again while the post still sounds");
        press(SILENCE);
        press(TAMPER);
        assertEquals(AlertKind.TAMPER, journaled.get(journaled.size() - 1).kind(), "after silence, a new alert");
    }

    @Test
    void a_failing_output_write_is_counted_and_the_loop_goes_on() {
        failWrites = true;
        edge(PANIC, true);
        failWrites = false;
        assertEquals(1, journaled.size(), "the alert is raised all the same");
        assertTrue(loop.failedWrites() >= 1);
        advance(150);
        advance(150);
        assertTrue(lines[SIREN], "the pattern keeps driving the line once it works again");
    }

    @Test
    void silence_with_nothing_sounding_journals_nothing() {
        press(SILENCE);
        assertTrue(journaled.isEmpty());
    }

    @Test
    void a_less_important_alert_does_not_take_a_siren_from_a_more_important_one() {
        press(FLOOD);
        press(TAMPER);
        assertEquals(2, journaled.size(), "the tamper alert is raised all the same");
        // flood's temporal-3 began 100 ms ago (two 50 ms presses): its next toggles are at 400 and 900 ms
        assertEquals(List.of(400L, 900L), sirenChanges(1000), "the siren keeps playing temporal-3");
    }

    @Test
    void telemetry_is_journaled_and_published_but_sounds_nothing_and_opens_no_alert() throws Exception {
        press(DOOR);
        assertEquals(Priority.TELEMETRY, journaled.get(0).priority());
        assertFalse(lines[SIREN]);
        assertTrue(status().alerts().isEmpty());
    }

    @Test
    void a_puback_moves_the_alert_from_raised_to_delivered() throws Exception {
        press(PANIC);
        assertEquals("raised", status().alerts().get(0).state());
        inbox.offer(new Input.Delivered(42));
        loop.runPending(now);
        assertEquals("delivered", status().alerts().get(0).state());
    }

    @Test
    void the_uplink_led_follows_the_uplink() {
        assertTrue(lines[UPLINK_LED]);
        inbox.offer(new Input.UplinkChanged(false));
        loop.runPending(now);
        assertFalse(lines[UPLINK_LED]);
    }

    @Test
    void an_uplink_down_past_its_grace_raises_one_supervision_alert_per_outage() {
        inbox.offer(new Input.UplinkChanged(false));
        loop.runPending(now);
        advance(59_000);
        assertTrue(journaled.isEmpty(), "still within the minute's grace");
        advance(1_000);
        assertEquals(1, journaled.size());
        assertEquals(AlertKind.UPLINK_LOST, journaled.get(0).kind());
        assertEquals(Priority.SUPERVISION, journaled.get(0).priority());
        advance(600_000);
        assertEquals(1, journaled.size(), "one per outage, not one per minute");

        inbox.offer(new Input.UplinkChanged(true));
        advance(600_000);
        inbox.offer(new Input.UplinkChanged(false));
        loop.runPending(now);
        advance(30_000);
        assertEquals(1, journaled.size());
        advance(30_000);
        assertEquals(2, journaled.size(), "the next outage is reported again");
    }

    @Test
    void an_input_that_throws_is_passed_over_and_the_loop_goes_on() {
        inbox.offer(new Input.Edge(99, true, now)); // no such input
        edge(PANIC, true);
        assertEquals(1, loop.failedInputs());
        assertTrue(lines[SIREN]);
    }

    @Test
    void status_shows_what_each_output_plays() throws Exception {
        edge(PANIC, true);
        LoopStatus s = status();
        LoopStatus.OutputView siren = s.outputs().get(SIREN);
        assertEquals("titir", siren.pattern());
        assertEquals(42, siren.alertSeq());
        assertEquals(10_000, siren.remainingMillis());
        assertEquals("sounding", s.alerts().get(0).sounding());
        assertTrue(s.inputs().get(PANIC).active());
    }

    private LoopStatus status() throws Exception {
        CompletableFuture<LoopStatus> f = new CompletableFuture<>();
        inbox.offer(new Input.StatusQuery(f));
        loop.runPending(now);
        return f.get(1, TimeUnit.SECONDS);
    }
}
