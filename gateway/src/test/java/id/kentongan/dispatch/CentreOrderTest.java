package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static id.kentongan.dispatch.TestAlerts.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A centre's alert, test or drill as the post reads it, on its own. */
class CentreOrderTest {

    static final SirenPattern TITIR = SirenPattern.titir("titir", Duration.ofMillis(150), Duration.ofMillis(150));
    static final SirenPattern TEMPORAL_3 = SirenPattern.temporal3("temporal-3");
    static final SirenPattern TEST = SirenPattern.beats("test", 1, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofSeconds(5));
    static final Site.Centre CENTRE = new Site.Centre(List.of("z1", "z2"),
            Map.of("titir", TITIR, "temporal-3", TEMPORAL_3, "test", TEST), TEST, 5 * SECOND, 900 * SECOND, SECOND,
            4 * SECOND, 10 * SECOND);

    final List<String> answers = new ArrayList<>();

    CentreOrder read(Input.Command.Verb verb, AlertKind kind, String pattern, List<String> zones) {
        return CentreOrder.read(new Input.Command(verb, List.of(), kind, pattern, zones, "polsek-1", new CommandReply() {
            @Override
            public void accepted(String detail) {
                answers.add("accepted: " + detail);
            }

            @Override
            public void rejected(String reason) {
                answers.add("rejected: " + reason);
            }
        }), CENTRE, "z1");
    }

    @Test
    void an_alert_plays_the_pattern_it_names_for_the_alert_time_in_the_first_of_its_zones_that_is_the_posts() {
        CentreOrder o = read(Input.Command.Verb.ALERT, AlertKind.FLOOD, "temporal-3", List.of("z9", "z2", "z1"));
        assertEquals(new CentreOrder(AlertKind.FLOOD, TEMPORAL_3, Event.CapStatus.Actual, "z2", 900 * SECOND), o);
        assertEquals("sounding temporal-3 as KTG-x", o.answer("KTG-x"));
        assertTrue(answers.isEmpty(), "answered by the loop once it sounds");
    }

    @Test
    void an_alert_naming_no_pattern_plays_titir_in_the_posts_zone() {
        CentreOrder o = read(Input.Command.Verb.ALERT, AlertKind.FIRE, null, List.of());
        assertEquals(TITIR, o.pattern());
        assertEquals("z1", o.zone());
    }

    @Test
    void an_alert_may_name_neither_an_unknown_pattern_nor_the_test_pattern() {
        assertNull(read(Input.Command.Verb.ALERT, AlertKind.FIRE, "no-such", List.of()));
        assertNull(read(Input.Command.Verb.ALERT, AlertKind.FIRE, "test", List.of()));
        assertEquals(List.of("rejected: unknown pattern 'no-such'", "rejected: unknown pattern 'test'"), answers);
    }

    @Test
    void a_test_and_a_drill_play_the_test_pattern_for_the_test_time_whatever_they_name() {
        CentreOrder test = read(Input.Command.Verb.TEST, AlertKind.FIRE, "titir", List.of());
        CentreOrder drill = read(Input.Command.Verb.DRILL, AlertKind.FLOOD, null, List.of("z2"));
        assertEquals(new CentreOrder(AlertKind.FIRE, TEST, Event.CapStatus.Test, "z1", 5 * SECOND), test);
        assertEquals(new CentreOrder(AlertKind.FLOOD, TEST, Event.CapStatus.Exercise, "z2", 5 * SECOND), drill);
        assertEquals("Exercise sounding test as KTG-y", drill.answer("KTG-y"));
    }

    @Test
    void an_order_for_other_zones_only_is_accepted_as_not_for_this_post_and_sounds_nothing() {
        assertNull(read(Input.Command.Verb.ALERT, AlertKind.FLOOD, "temporal-3", List.of("z9")));
        assertEquals(List.of("accepted: not for this post's zones [z1, z2]"), answers);
    }

    @Test
    void an_order_without_a_kind_is_refused() {
        assertNull(read(Input.Command.Verb.DRILL, null, null, List.of()));
        assertEquals(List.of("rejected: 'kind' is required"), answers);
    }
}
