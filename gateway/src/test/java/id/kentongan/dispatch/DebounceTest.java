package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static id.kentongan.dispatch.TestAlerts.MS;
import static id.kentongan.dispatch.TestAlerts.SECOND;
import static id.kentongan.dispatch.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inputs on their own, with time moved by hand: which edges are taken, when a line is looked at
 * again, and which activations are new events.
 */
class DebounceTest {

    static final int PANIC = 0;
    static final int DOOR = 1;
    static final int SILENCE = 2;
    static final long DEBOUNCE = 20 * MS;

    final List<String> told = new ArrayList<>();
    /** The alert the loop raised last, which the test makes sound or not as the sirens would. */
    OpenAlert last;
    long seq;
    long t0 = 1_000 * SECOND;
    final Debounce inputs = new Debounce(List.of(
            new Site.InputRule("panic-1", DEBOUNCE, SECOND, false, AlertKind.PANIC, Priority.LIFE_SAFETY,
                    SirenPattern.titir("titir", Duration.ofMillis(150), Duration.ofMillis(150)), new int[] {0},
                    10 * SECOND, "z1"),
            new Site.InputRule("door-1", DEBOUNCE, SECOND, false, AlertKind.DOOR, Priority.TELEMETRY, null,
                    new int[0], 0, "z1"),
            Site.InputRule.silence("silence", DEBOUNCE)), new Debounce.Loop() {
                @Override
                public void silence() {
                    told.add("silence");
                }

                @Override
                public OpenAlert raise(Site.InputRule rule, long at) {
                    told.add(rule.id() + " at " + (at - t0) / MS);
                    last = alert(++seq, rule.kind());
                    return last;
                }
            });

    void edge(int input, boolean active, long atMs) {
        inputs.edge(input, active, t0 + atMs * MS);
    }

    void look(long atMs) {
        inputs.timers(t0 + atMs * MS);
    }

    boolean active(int input) {
        return inputs.views().get(input).active();
    }

    @Test
    void an_edge_that_changes_the_state_is_taken_at_once() {
        edge(PANIC, true, 0);
        assertEquals(List.of("panic-1 at 0"), told);
        assertTrue(active(PANIC));
        assertEquals(Long.MAX_VALUE, inputs.nextDeadline(), "nothing to look at again");
    }

    @Test
    void an_edge_within_the_lockout_is_taken_when_the_lockout_ends() {
        edge(DOOR, true, 0);
        edge(DOOR, false, 5);
        assertTrue(active(DOOR), "the release is not trusted yet");
        assertEquals(t0 + DEBOUNCE, inputs.nextDeadline());
        look(19);
        assertTrue(active(DOOR));
        look(20);
        assertFalse(active(DOOR), "the line's level at the lockout's end");
        assertEquals(Long.MAX_VALUE, inputs.nextDeadline());
    }

    @Test
    void a_line_that_bounces_back_within_the_lockout_changes_nothing() {
        edge(DOOR, true, 0);
        for (int ms = 1; ms < 19; ms += 2) {
            edge(DOOR, false, ms);
            edge(DOOR, true, ms + 1);
        }
        look(20);
        assertTrue(active(DOOR));
        assertEquals(List.of("door-1 at 0"), told);
    }

    @Test
    void a_release_is_taken_at_the_lockouts_end_however_late_the_loop_looks() {
        edge(DOOR, true, 0);
        edge(DOOR, false, 5);
        look(900); // a busy loop: the release is taken as of 20 ms, so the door rested from then
        edge(DOOR, true, 1_020);
        assertEquals(List.of("door-1 at 0", "door-1 at 1020"), told, "at rest a full second: a new opening");
    }

    @Test
    void a_lockout_that_ended_before_a_later_edge_is_settled_first_when_the_loop_looks_late() {
        edge(SILENCE, true, 0);
        edge(SILENCE, false, 5);  // within the lockout: to be taken at 20 ms
        edge(SILENCE, true, 30);  // pressed again; the loop, busy, has not looked at 20 ms yet
        look(40);
        assertEquals(List.of("silence", "silence"), told, "released at 20 ms, pressed again: two presses");
        assertTrue(active(SILENCE));
    }

    @Test
    void an_input_whose_alert_still_sounds_raises_nothing_when_pressed_again() {
        edge(PANIC, true, 0);
        last.sound = OpenAlert.Sound.SOUNDING;
        edge(PANIC, false, 50);
        edge(PANIC, true, 100);
        last.sound = OpenAlert.Sound.SUPERSEDED;
        edge(PANIC, false, 150);
        edge(PANIC, true, 200);
        assertEquals(List.of("panic-1 at 0"), told, "one danger, one alert");
        last.sound = OpenAlert.Sound.SILENCED;
        edge(PANIC, false, 250);
        edge(PANIC, true, 300);
        assertEquals(List.of("panic-1 at 0", "panic-1 at 300"), told, "silenced: the next press is a new alert at once");
    }

    @Test
    void an_input_that_sounds_nothing_must_rest_for_its_rearm_from_its_release_before_a_new_event() {
        edge(DOOR, true, 0);
        edge(DOOR, false, 3_000); // open three seconds: the rest counts from the release
        edge(DOOR, true, 3_999);
        edge(DOOR, false, 4_050);
        assertEquals(List.of("door-1 at 0"), told, "rested 999 ms: the same opening");
        edge(DOOR, true, 5_050);
        assertEquals(List.of("door-1 at 0", "door-1 at 5050"), told, "rested a second: a new one");
    }

    @Test
    void the_silence_input_silences_and_raises_nothing() {
        edge(SILENCE, true, 0);
        edge(SILENCE, false, 50);
        edge(SILENCE, true, 100);
        assertEquals(List.of("silence", "silence"), told);
    }

    @Test
    void the_next_deadline_is_the_earliest_lockout_end_with_an_edge_to_look_at() {
        edge(PANIC, true, 0);
        edge(DOOR, true, 10);
        edge(DOOR, false, 15);
        edge(PANIC, false, 16);
        assertEquals(t0 + DEBOUNCE, inputs.nextDeadline(), "the panic's lockout ends first");
        look(20);
        assertEquals(t0 + 30 * MS, inputs.nextDeadline(), "then the door's");
    }

    @Test
    void a_line_whose_edge_the_inbox_refused_is_read_again_as_an_edge_seen_now_through_the_debounce() {
        boolean[] levels = {false, true, false};
        inputs.reread(1L << DOOR, t0);
        assertEquals(List.of(), told, "no way to read a line yet: nothing happens");
        inputs.readWith(i -> levels[i]);
        inputs.reread(1L << DOOR, t0);
        assertEquals(List.of("door-1 at 0"), told, "the door is open now");
        levels[DOOR] = false;
        inputs.reread(1L << DOOR, t0 + 5 * MS);
        assertTrue(active(DOOR), "read within its lockout: taken when the lockout ends");
        look(20);
        assertFalse(active(DOOR));
    }

    @Test
    void a_line_that_cannot_be_read_is_counted_and_the_other_marked_lines_are_still_read() {
        inputs.readWith(i -> {
            if (i == PANIC) {
                throw new IllegalStateException("gpio line busy");
            }
            return true;
        });
        inputs.reread(1L << PANIC | 1L << DOOR | 1L << 40, t0);
        assertEquals(1, inputs.failedReads());
        assertEquals(List.of("door-1 at 0"), told, "a mark beyond the wired inputs is passed over");
    }

    @Test
    void status_shows_each_input_by_its_id_with_its_debounced_state() {
        edge(DOOR, true, 0);
        assertEquals(List.of(new LoopStatus.InputView("panic-1", false), new LoopStatus.InputView("door-1", true),
                new LoopStatus.InputView("silence", false)), inputs.views());
        assertEquals(3, inputs.size());
    }
}
