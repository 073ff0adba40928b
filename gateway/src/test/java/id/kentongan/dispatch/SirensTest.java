package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static id.kentongan.dispatch.TestAlerts.MS;
import static id.kentongan.dispatch.TestAlerts.SECOND;
import static id.kentongan.dispatch.TestAlerts.alert;
import static id.kentongan.dispatch.TestAlerts.drill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The post's outputs on their own, with time moved by hand: which alert holds which output, silence,
 * superseded alerts, time limits, the LEDs, and writes the hardware refuses.
 */
class SirensTest {

    static final int SIREN = 0;
    static final int STROBE = 1;
    static final int ACK_LED = 2;
    static final int UPLINK_LED = 3;
    static final int[] SIREN_ONLY = {SIREN};
    static final int[] STROBE_ONLY = {STROBE};
    static final int[] BOTH = {SIREN, STROBE};
    static final SirenPattern TITIR = SirenPattern.titir("titir", Duration.ofMillis(150), Duration.ofMillis(150));
    static final SirenPattern STEADY = SirenPattern.steady("steady");
    static final long LIMIT = 10 * SECOND;

    record TimedOut(OpenAlert alert, List<OpenAlert> ended) {
    }

    final boolean[] lines = new boolean[4];
    final List<String> writes = new ArrayList<>();
    final List<TimedOut> timedOut = new ArrayList<>();
    boolean refuse;
    long now = 1_000 * SECOND;
    final Sirens sirens = new Sirens(List.of(new Site.OutputDef("siren-1", Site.OutputRole.SIREN),
            new Site.OutputDef("strobe-1", Site.OutputRole.STROBE), new Site.OutputDef("led-ack", Site.OutputRole.ACK_LED),
            new Site.OutputDef("led-uplink", Site.OutputRole.UPLINK_LED)), (o, on) -> {
                if (refuse) {
                    throw new IllegalStateException("gpio line busy");
                }
                lines[o] = on;
                writes.add(o + (on ? " on" : " off"));
            }, (alert, ended) -> timedOut.add(new TimedOut(alert, List.copyOf(ended))));

    /** As the loop raises a sounding alert: its outputs first, then the alert and its pattern. */
    OpenAlert sound(OpenAlert a, int[] outs, SirenPattern pattern, long limit) {
        sirens.switchOn(outs, a.event.priority(), a.event.status() == Event.CapStatus.Actual);
        sirens.play(a, outs, pattern, now, limit);
        return a;
    }

    OpenAlert sound(OpenAlert a, int[] outs) {
        return sound(a, outs, TITIR, LIMIT);
    }

    void advance(long nanos) {
        now += nanos;
        sirens.timers(now);
    }

    long holder(int output) {
        return sirens.views(now).get(output).alertSeq();
    }

    @Test
    void an_alert_switches_its_outputs_on_before_it_is_given_them_and_then_plays_its_pattern() {
        OpenAlert panic = alert(1, AlertKind.PANIC);
        sirens.switchOn(BOTH, panic.event.priority(), true);
        assertTrue(lines[SIREN] && lines[STROBE], "on before the alert has its pattern");
        sirens.play(panic, BOTH, TITIR, now, LIMIT);
        assertEquals(OpenAlert.Sound.SOUNDING, panic.sound);
        assertEquals(now + 150 * MS, sirens.nextDeadline(), "titir's first step");
        advance(149 * MS);
        assertTrue(lines[SIREN]);
        advance(MS);
        assertFalse(lines[SIREN]);
        advance(150 * MS);
        assertTrue(lines[SIREN]);
    }

    @Test
    void a_less_important_alert_does_not_take_an_output_from_a_more_important_one() {
        OpenAlert flood = sound(alert(1, AlertKind.FLOOD), SIREN_ONLY);
        OpenAlert tamper = sound(alert(2, AlertKind.TAMPER), SIREN_ONLY);
        assertEquals(1, holder(SIREN));
        assertEquals(OpenAlert.Sound.SOUNDING, flood.sound);
        assertEquals(OpenAlert.Sound.NONE, tamper.sound, "it sounds nowhere");
    }

    @Test
    void an_alert_as_important_takes_the_output_and_the_other_is_superseded_not_ended() {
        OpenAlert panic = sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        sound(alert(2, AlertKind.FIRE), SIREN_ONLY);
        assertEquals(2, holder(SIREN));
        assertEquals(OpenAlert.Sound.SUPERSEDED, panic.sound);
        assertTrue(panic.stillSounding(), "the post still sounds: its button adds nothing");
    }

    @Test
    void an_alert_that_keeps_one_of_its_outputs_still_sounds() {
        OpenAlert panic = sound(alert(1, AlertKind.PANIC), BOTH);
        sound(alert(2, AlertKind.FIRE), SIREN_ONLY);
        assertEquals(List.of(2L, 1L), List.of(holder(SIREN), holder(STROBE)));
        assertEquals(OpenAlert.Sound.SOUNDING, panic.sound);
    }

    @Test
    void a_drill_never_takes_an_output_from_a_real_alert_of_a_lower_class() {
        sound(alert(1, AlertKind.TAMPER), SIREN_ONLY);
        OpenAlert drill = sound(drill(2, AlertKind.FLOOD), SIREN_ONLY);
        assertEquals(1, holder(SIREN));
        assertEquals(OpenAlert.Sound.NONE, drill.sound);
    }

    @Test
    void a_real_alert_of_a_lower_class_takes_an_output_from_a_drill() {
        OpenAlert drill = sound(drill(1, AlertKind.FLOOD), SIREN_ONLY);
        sound(alert(2, AlertKind.TAMPER), SIREN_ONLY);
        assertEquals(2, holder(SIREN));
        assertEquals(OpenAlert.Sound.SUPERSEDED, drill.sound);
    }

    @Test
    void silence_stops_every_output_and_names_every_alert_it_ended_superseded_ones_last_in_sequence_order() {
        OpenAlert a = sound(alert(1, AlertKind.PANIC), BOTH);
        OpenAlert b = sound(alert(2, AlertKind.FIRE), SIREN_ONLY);   // takes the siren from a
        OpenAlert c = sound(alert(3, AlertKind.FLOOD), SIREN_ONLY);  // takes it from b: b superseded
        OpenAlert d = sound(alert(4, AlertKind.FIRE), STROBE_ONLY);  // takes the strobe from a: a superseded
        assertEquals(List.of(c, d, a, b), sirens.silence());
        assertFalse(lines[SIREN] || lines[STROBE]);
        for (OpenAlert x : List.of(a, b, c, d)) {
            assertEquals(OpenAlert.Sound.SILENCED, x.sound);
        }
        assertEquals(Long.MAX_VALUE, sirens.nextDeadline());
        advance(60 * SECOND);
        assertFalse(lines[SIREN], "and it stays silent");
    }

    @Test
    void silence_with_nothing_sounding_ends_nothing_and_writes_nothing() {
        writes.clear();
        assertEquals(List.of(), sirens.silence());
        assertEquals(List.of(), writes);
    }

    @Test
    void an_output_stops_at_its_time_limit_and_its_alert_ends_timed_out_once() {
        OpenAlert panic = sound(alert(1, AlertKind.PANIC), BOTH, STEADY, LIMIT);
        assertEquals(now + LIMIT, sirens.nextDeadline(), "a steady pattern has no steps: only the limit");
        advance(LIMIT - 1);
        assertTrue(lines[SIREN] && lines[STROBE]);
        assertTrue(timedOut.isEmpty());
        advance(1);
        assertFalse(lines[SIREN] || lines[STROBE]);
        assertEquals(List.of(new TimedOut(panic, List.of(panic))), timedOut, "once, though it held two outputs");
        assertEquals(OpenAlert.Sound.TIMED_OUT, panic.sound);
        advance(60 * SECOND);
        assertEquals(1, timedOut.size());
    }

    @Test
    void a_time_limit_that_leaves_the_post_quiet_ends_the_alerts_it_had_superseded_too() {
        OpenAlert tamper = sound(alert(1, AlertKind.TAMPER), SIREN_ONLY, TITIR, 2 * LIMIT);
        OpenAlert flood = sound(alert(2, AlertKind.FLOOD), SIREN_ONLY, TITIR, LIMIT);
        advance(LIMIT);
        assertEquals(List.of(new TimedOut(flood, List.of(flood, tamper))), timedOut);
        assertEquals(OpenAlert.Sound.TIMED_OUT, tamper.sound);
        assertFalse(lines[SIREN], "the tamper's siren does not come back");
    }

    @Test
    void a_time_limit_while_another_output_sounds_leaves_the_superseded_to_end_with_it() {
        OpenAlert tamper = sound(alert(1, AlertKind.TAMPER), SIREN_ONLY, TITIR, 3 * LIMIT);
        OpenAlert fire = sound(alert(2, AlertKind.FIRE), SIREN_ONLY, TITIR, LIMIT);
        OpenAlert panic = sound(alert(3, AlertKind.PANIC), STROBE_ONLY, STEADY, 2 * LIMIT);
        advance(LIMIT);
        assertEquals(List.of(new TimedOut(fire, List.of(fire))), timedOut);
        assertTrue(tamper.stillSounding(), "the post still sounds (the strobe)");
        advance(LIMIT);
        assertEquals(new TimedOut(panic, List.of(panic, tamper)), timedOut.get(1));
    }

    @Test
    void an_all_clear_stops_only_the_outputs_its_alerts_hold() {
        OpenAlert panic = sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        OpenAlert fire = sound(alert(2, AlertKind.FIRE), STROBE_ONLY);
        sirens.clear(List.of(panic), false);
        assertFalse(lines[SIREN]);
        assertTrue(lines[STROBE]);
        assertEquals(OpenAlert.Sound.SILENCED, panic.sound);
        assertEquals(OpenAlert.Sound.SOUNDING, fire.sound);
    }

    @Test
    void an_all_clear_of_everything_stops_every_output() {
        sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        sound(alert(2, AlertKind.FIRE), STROBE_ONLY);
        sirens.clear(List.of(), true);
        assertFalse(lines[SIREN] || lines[STROBE]);
        assertEquals(Long.MAX_VALUE, sirens.nextDeadline());
    }

    @Test
    void an_all_clear_that_leaves_the_post_quiet_ends_the_alerts_its_alerts_had_superseded() {
        OpenAlert panic = sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        OpenAlert flood = sound(alert(2, AlertKind.FLOOD), SIREN_ONLY);
        sirens.clear(List.of(flood), false);
        assertFalse(lines[SIREN], "the panic's siren does not come back");
        assertEquals(OpenAlert.Sound.SILENCED, panic.sound);
        assertFalse(panic.stillSounding(), "its button raises a new alert");
        assertEquals(List.of(), sirens.silence(), "and a later silence has nothing left to end");
    }

    @Test
    void a_superseded_alert_that_is_cleared_is_not_named_again_by_a_later_silence() {
        OpenAlert panic = sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        OpenAlert flood = sound(alert(2, AlertKind.FLOOD), SIREN_ONLY);
        sirens.clear(List.of(panic), false);
        assertTrue(lines[SIREN], "the flood still sounds");
        assertEquals(List.of(flood), sirens.silence());
    }

    @Test
    void the_leds_show_what_they_are_told_and_leave_the_sirens_alone() {
        sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        sirens.showAcknowledged(true);
        sirens.showUplink(true);
        assertTrue(lines[ACK_LED] && lines[UPLINK_LED] && lines[SIREN]);
        sirens.showAcknowledged(false);
        assertFalse(lines[ACK_LED]);
        assertTrue(lines[UPLINK_LED] && lines[SIREN]);
        writes.clear();
        sirens.showUplink(true);
        assertEquals(List.of(), writes, "a line is written only when its level changes");
    }

    @Test
    void a_refused_write_is_counted_and_the_next_change_of_that_output_tries_the_line_again() {
        refuse = true;
        sound(alert(1, AlertKind.PANIC), SIREN_ONLY);
        refuse = false;
        assertEquals(1, sirens.failedWrites());
        assertFalse(lines[SIREN]);
        assertTrue(sirens.views(now).get(SIREN).on(), "the output is meant to be on");
        advance(150 * MS);
        advance(150 * MS);
        assertTrue(lines[SIREN], "the pattern drives the line again once it works");
    }

    @Test
    void a_steady_siren_whose_write_was_refused_is_switched_on_at_the_next_turn() {
        refuse = true;
        sound(alert(1, AlertKind.PANIC), SIREN_ONLY, STEADY, LIMIT);
        advance(MS);
        assertEquals(2, sirens.failedWrites(), "each refusal counted");
        refuse = false;
        advance(MS);
        assertTrue(lines[SIREN], "a steady pattern has no next step to try the line at: the turn does");
    }

    @Test
    void a_siren_whose_off_write_was_refused_at_silence_or_its_limit_is_switched_off_at_the_next_turn() {
        sound(alert(1, AlertKind.PANIC), SIREN_ONLY, STEADY, LIMIT);
        refuse = true;
        sirens.silence();
        refuse = false;
        assertTrue(lines[SIREN], "the line refused: still sounding");
        advance(MS);
        assertFalse(lines[SIREN], "silenced at the next turn, not at the next alert");

        sound(alert(2, AlertKind.FIRE), STROBE_ONLY, STEADY, LIMIT);
        refuse = true;
        advance(LIMIT);
        refuse = false;
        assertTrue(lines[STROBE]);
        advance(MS);
        assertFalse(lines[STROBE], "stopped at its limit once the line takes it");
    }

    @Test
    void an_led_whose_write_was_refused_shows_its_state_at_the_next_turn() {
        refuse = true;
        sirens.showUplink(true);
        refuse = false;
        advance(MS);
        assertTrue(lines[UPLINK_LED]);
        writes.clear();
        advance(MS);
        assertEquals(List.of(), writes, "a line that took its level is not written again");
    }

    @Test
    void all_off_drives_every_output_off_and_a_post_that_cannot_is_not_armed() {
        sirens.allOff();
        assertEquals(List.of("0 off", "1 off", "2 off", "3 off"), writes);
        refuse = true;
        assertThrows(IllegalStateException.class, sirens::allOff);
    }

    @Test
    void the_next_deadline_is_the_earliest_step_or_limit_of_any_output() {
        assertEquals(Long.MAX_VALUE, sirens.nextDeadline());
        sound(alert(1, AlertKind.PANIC), SIREN_ONLY, STEADY, LIMIT);
        assertEquals(now + LIMIT, sirens.nextDeadline(), "the steady siren's limit");
        advance(SECOND);
        sound(alert(2, AlertKind.FIRE), STROBE_ONLY, TITIR, LIMIT);
        assertEquals(now + 150 * MS, sirens.nextDeadline(), "the strobe's first step comes first");
    }

    @Test
    void status_shows_each_output_with_what_it_plays_for_which_alert_and_the_time_left() {
        sound(alert(7, AlertKind.PANIC), SIREN_ONLY);
        advance(4 * SECOND);
        List<LoopStatus.OutputView> views = sirens.views(now);
        assertEquals(new LoopStatus.OutputView("siren-1", "siren", true, "titir", 7, 6_000), views.get(SIREN));
        assertEquals(new LoopStatus.OutputView("led-ack", "ack-led", false, "", -1, -1), views.get(ACK_LED));
    }

    @Test
    void the_level_shows_the_pattern_of_the_sirens_not_of_a_strobe() {
        sound(alert(1, AlertKind.PANIC), STROBE_ONLY);
        assertEquals("", sirens.sirenPattern());
        sound(alert(2, AlertKind.FIRE), SIREN_ONLY, STEADY, LIMIT);
        assertEquals("steady", sirens.sirenPattern());
    }

    @Test
    void a_centres_alert_plays_on_every_siren_and_strobe_and_no_led() {
        assertEquals(List.of(SIREN, STROBE), Arrays.stream(sirens.sounders()).boxed().toList());
    }
}
