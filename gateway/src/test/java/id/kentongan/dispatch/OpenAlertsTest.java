package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static id.kentongan.dispatch.TestAlerts.POST;
import static id.kentongan.dispatch.TestAlerts.SECOND;
import static id.kentongan.dispatch.TestAlerts.T0;
import static id.kentongan.dispatch.TestAlerts.alert;
import static id.kentongan.dispatch.TestAlerts.drill;
import static id.kentongan.dispatch.TestAlerts.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open alerts on their own, with time moved by hand: re-publishing and escalation until a centre
 * acknowledges, finding by identifier, eviction past the limit, and restoring after a restart.
 */
class OpenAlertsTest {

    static final long HOUR_MS = 3_600_000L;

    final List<String> sent = new ArrayList<>();
    long now = 1_000 * SECOND;
    final OpenAlerts open = new OpenAlerts(new Site.Centre(List.of("z1"), Map.of(), Site.Centre.DEFAULTS.testPattern(),
            5 * SECOND, 60 * SECOND, SECOND, 4 * SECOND, 10 * SECOND), new UplinkSink() {
                @Override
                public void publish(Event e) {
                    sent.add("publish " + e.seq());
                }

                @Override
                public void escalate(Event e) {
                    sent.add("escalate " + e.seq());
                }
            });

    /** Steps a second at a time, noting the whole seconds at which anything was sent again. */
    List<String> run(long seconds) {
        List<String> at = new ArrayList<>();
        long start = now;
        for (int s = 0; s < seconds; s++) {
            now += SECOND;
            int before = sent.size();
            open.timers(now);
            sent.subList(before, sent.size()).forEach(x -> at.add((now - start) / SECOND + " s " + x));
        }
        return at;
    }

    OpenAlert held(OpenAlert a) {
        open.hold(a, now);
        return a;
    }

    @Test
    void an_alarm_is_published_again_at_doubling_gaps_up_to_the_most_then_escalated_once_on_time() {
        held(alert(1, AlertKind.PANIC));
        assertEquals(now + SECOND, open.nextDeadline());
        assertEquals(List.of("1 s publish 1", "3 s publish 1", "7 s publish 1", "10 s escalate 1", "11 s publish 1",
                "15 s publish 1", "19 s publish 1"), run(19));
    }

    @Test
    void a_security_alarm_is_published_again_too_a_broker_puback_is_not_the_centres_word() {
        held(alert(1, AlertKind.TAMPER));
        open.delivered(1);
        assertEquals("delivered", open.views().get(0).state());
        assertEquals(List.of("1 s publish 1"), run(1));
    }

    @Test
    void an_acknowledged_alarm_is_neither_published_again_nor_escalated() {
        OpenAlert panic = held(alert(1, AlertKind.PANIC));
        run(2);
        open.acknowledge(List.of(panic));
        sent.clear();
        assertEquals(List.of(), run(60));
        assertEquals(Long.MAX_VALUE, open.nextDeadline());
        open.delivered(1);
        assertEquals("acknowledged", open.views().get(0).state(), "a late PUBACK does not undo the centre's word");
    }

    @Test
    void supervision_and_drills_are_held_open_but_never_published_again() {
        held(alert(1, AlertKind.NODE_SILENT));
        held(drill(2, AlertKind.FLOOD));
        assertEquals(2, open.size());
        assertEquals(Long.MAX_VALUE, open.nextDeadline());
        assertEquals(List.of(), run(60));
    }

    @Test
    void find_gives_every_named_alert_or_nothing_if_one_is_not_open() {
        OpenAlert a = held(alert(1, AlertKind.PANIC));
        OpenAlert b = held(alert(2, AlertKind.FIRE));
        String idA = a.event.identifier();
        String idB = b.event.identifier();
        assertEquals(List.of(b, a), open.find(List.of(idB, idA)));
        List<String> withUnknown = List.of(idA, "KTG-desa-pos-1-1-99", "KTG-desa-pos-1-1-98");
        assertNull(open.find(withUnknown));
        assertEquals("KTG-desa-pos-1-1-99, KTG-desa-pos-1-1-98", open.missing(withUnknown));
    }

    @Test
    void an_alert_named_twice_is_found_once() {
        OpenAlert a = held(alert(1, AlertKind.PANIC));
        String id = a.event.identifier();
        assertEquals(List.of(a), open.find(List.of(id, id)), "an ack of it says 'acknowledged 1' and names it once");
    }

    @Test
    void naming_no_alert_finds_nothing_to_act_on() {
        held(alert(1, AlertKind.PANIC));
        assertNull(open.find(List.of()), "an acknowledgement must say which alerts it acknowledges");
        assertEquals("named (give 'refs')", open.missing(List.of()));
    }

    @Test
    void cleared_and_closed_alerts_are_no_longer_found_or_published() {
        OpenAlert a = held(alert(1, AlertKind.PANIC));
        OpenAlert b = held(alert(2, AlertKind.NODE_SILENT));
        open.clear(List.of(a));
        open.close(b);
        assertNull(open.find(List.of(a.event.identifier())));
        assertEquals(0, open.size());
        assertEquals(List.of(), run(60));
    }

    @Test
    void past_the_limit_an_acknowledged_or_quiet_alert_gives_way_before_one_the_centre_has_not_acknowledged() {
        OpenAlert first = held(alert(1, AlertKind.PANIC));
        OpenAlert acked = held(alert(2, AlertKind.PANIC));
        open.acknowledge(List.of(acked));
        for (int i = 3; i <= OpenAlerts.MAX_OPEN_ALERTS; i++) {
            held(alert(i, AlertKind.PANIC));
        }
        held(alert(1_000, AlertKind.NODE_SILENT));
        assertEquals(OpenAlerts.MAX_OPEN_ALERTS, open.size());
        assertEquals(List.of(first), open.find(List.of(first.event.identifier())), "the oldest, never acknowledged, stays");
        assertNull(open.find(List.of(acked.event.identifier())), "the acknowledged one gave way");
    }

    @Test
    void past_the_limit_with_every_alert_waiting_for_the_centre_the_oldest_silent_one_goes_and_never_a_sounding_one() {
        OpenAlert sounding = held(alert(1, AlertKind.PANIC));
        sounding.sound = OpenAlert.Sound.SUPERSEDED; // its siren was taken: the post still sounds for it
        OpenAlert oldestSilent = held(alert(2, AlertKind.PANIC));
        for (int i = 3; i <= OpenAlerts.MAX_OPEN_ALERTS + 1; i++) {
            held(alert(i, AlertKind.PANIC));
        }
        assertEquals(OpenAlerts.MAX_OPEN_ALERTS, open.size());
        assertEquals(List.of(sounding), open.find(List.of(sounding.event.identifier())));
        assertNull(open.find(List.of(oldestSilent.event.identifier())));
    }

    @Test
    void the_ack_led_follows_the_latest_alarm_and_not_a_later_supervision_alert() {
        assertFalse(open.latestAcknowledged(), "no alarm: the light is off");
        OpenAlert panic = held(alert(1, AlertKind.PANIC));
        open.acknowledge(List.of(panic));
        held(alert(2, AlertKind.NODE_SILENT));
        assertTrue(open.latestAcknowledged());
        held(alert(3, AlertKind.TAMPER));
        assertFalse(open.latestAcknowledged(), "a newer alarm the centre has not got yet");
    }

    @Test
    void the_sounding_level_is_the_most_important_real_class_else_a_drills_status_else_none() {
        assertEquals("none", open.soundingLevel());
        held(drill(1, AlertKind.FLOOD)).sound = OpenAlert.Sound.SOUNDING;
        assertEquals("exercise", open.soundingLevel());
        held(alert(2, AlertKind.TAMPER)).sound = OpenAlert.Sound.SUPERSEDED;
        assertEquals("security", open.soundingLevel());
        held(alert(3, AlertKind.PANIC)).sound = OpenAlert.Sound.SILENCED;
        assertEquals("security", open.soundingLevel(), "a silenced alarm does not sound");
    }

    @Test
    void restore_holds_open_the_alarms_not_since_cleared_and_keeps_acknowledged_ones_quiet() {
        Event panic = event(1, AlertKind.PANIC, Event.CapStatus.Actual, T0 - HOUR_MS);
        Event flood = event(2, AlertKind.FLOOD, Event.CapStatus.Actual, T0 - HOUR_MS);
        Event tamper = event(3, AlertKind.TAMPER, Event.CapStatus.Actual, T0 - HOUR_MS);
        open.restore(List.of(panic, flood, tamper, followUp(4, AlertKind.ACKNOWLEDGED, flood),
                followUp(5, AlertKind.ALL_CLEAR, tamper)), now, T0, true);
        assertEquals(List.of("raised", "acknowledged"), open.views().stream().map(LoopStatus.AlertView::state).toList());
        assertNull(open.find(List.of(tamper.identifier())), "cleared before the restart");
        assertTrue(open.nextDeadline() <= now, "raised an hour ago: its escalation is due at once");
        assertEquals(List.of("1 s publish 1", "1 s escalate 1"), run(1), "the acknowledged flood is not sent again");
    }

    @Test
    void restore_forgets_alarms_older_than_a_day_when_their_age_can_be_told() {
        Event stale = event(1, AlertKind.FIRE, Event.CapStatus.Actual, T0 - 25 * HOUR_MS);
        Event recent = event(2, AlertKind.PANIC, Event.CapStatus.Actual, T0 - 23 * HOUR_MS);
        open.restore(List.of(stale, recent), now, T0, true);
        assertEquals(List.of(2L), open.views().stream().map(LoopStatus.AlertView::seq).toList());
    }

    @Test
    void an_alarm_whose_age_cannot_be_told_is_held_and_escalated_in_time_from_the_restart() {
        Event flagged = new Event(1, 1, Event.identifier(POST, 1, 1), AlertKind.PANIC,
                AlertKind.PANIC.defaultPriority(), "panic-1", "z1", T0 - 48 * HOUR_MS, Event.CapStatus.Actual,
                Event.MsgType.Alert, null, null, null, true); // stamped on fake-hwclock's time
        Event stamped = event(2, AlertKind.FIRE, Event.CapStatus.Actual, T0 - 48 * HOUR_MS);
        open.restore(List.of(flagged), now, T0, true);
        assertEquals(1, open.size(), "held: its age is unknown, not two days");
        assertEquals(List.of("10 s escalate 1"), run(10).stream().filter(x -> x.contains("escalate")).toList(),
                "escalated ten seconds after the restart: neither at once for a false age nor never");
        OpenAlerts untrusted = new OpenAlerts(Site.Centre.DEFAULTS, e -> { });
        untrusted.restore(List.of(stamped), now, T0, false);
        assertEquals(1, untrusted.size(), "with the clock now untrusted no age can be told either");
    }

    @Test
    void restore_holds_no_test_drill_supervision_or_follow_up() {
        Event drill = event(1, AlertKind.FLOOD, Event.CapStatus.Exercise, T0);
        Event silent = event(2, AlertKind.NODE_SILENT, Event.CapStatus.Actual, T0);
        Event panic = event(3, AlertKind.PANIC, Event.CapStatus.Actual, T0);
        open.restore(List.of(drill, silent, panic, followUp(4, AlertKind.SIREN_TIMEOUT, panic)), now, T0, true);
        assertEquals(List.of(3L), open.views().stream().map(LoopStatus.AlertView::seq).toList());
    }

    Event followUp(long seq, AlertKind kind, Event of) {
        return new Event(seq, 1, Event.identifier(POST, 1, seq), kind, kind.defaultPriority(), "centre:polsek-1", "z1",
                of.sentMillis(), Event.CapStatus.Actual, kind == AlertKind.ALL_CLEAR ? Event.MsgType.Cancel
                : Event.MsgType.Update, CapJson.reference(of, POST));
    }
}
