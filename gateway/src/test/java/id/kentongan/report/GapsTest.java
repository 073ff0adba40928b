package id.kentongan.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When the centre asks a post for the events it missed, and when it does not; time moved by hand. */
class GapsTest {

    static final long SETTLE = 30;
    static final long RETRY = 60;
    static final String POST = "sukamaju/rt03-rw05";

    final Gaps gaps = new Gaps(SETTLE, RETRY);

    @Test
    void a_gap_is_asked_for_once_settled_again_while_open_and_no_more_once_filled() {
        gaps.seen(POST, 1, 1, 0);
        gaps.seen(POST, 2, 1, 0);
        gaps.seen(POST, 5, 1, 0);
        assertEquals(2, gaps.missing());
        assertEquals(List.of(), gaps.due(SETTLE - 1), "a backlog may still be on its way");
        assertEquals(List.of(new Gaps.Ask(POST, 3, 4)), gaps.due(SETTLE));
        assertEquals(List.of(), gaps.due(SETTLE + 1));
        assertEquals(List.of(new Gaps.Ask(POST, 3, 4)), gaps.due(SETTLE + RETRY));
        gaps.seen(POST, 3, 1, 100);
        gaps.seen(POST, 4, 1, 100);
        assertEquals(0, gaps.missing());
        assertEquals(List.of(), gaps.due(SETTLE + 2 * RETRY));
    }

    @Test
    void an_event_inside_a_gap_splits_it_and_the_lower_part_is_asked_first() {
        gaps.seen(POST, 2, 1, 0);
        gaps.seen(POST, 11, 1, 0);
        gaps.seen(POST, 5, 1, 0);
        assertEquals(List.of("3..4", "6..10"), gaps.missingOf(POST).stream().map(r -> r[0] + ".." + r[1]).toList());
        assertEquals(7, gaps.missing());
        assertEquals(List.of(new Gaps.Ask(POST, 3, 4)), gaps.due(SETTLE), "one ask per post per turn");
        assertEquals(List.of(new Gaps.Ask(POST, 6, 10)), gaps.due(SETTLE + 1));
    }

    @Test
    void a_large_gap_is_asked_for_a_thousand_events_at_a_time() {
        gaps.seen(POST, 1, 1, 0);
        gaps.seen(POST, 2_500, 1, 0);
        assertEquals(List.of(new Gaps.Ask(POST, 2, 1_001)), gaps.due(SETTLE));
    }

    @Test
    void an_offline_post_is_not_asked_until_it_is_back() {
        gaps.seen(POST, 1, 1, 0);
        gaps.seen(POST, 3, 1, 0);
        gaps.online(POST, false);
        assertEquals(List.of(), gaps.due(SETTLE));
        gaps.online(POST, true);
        assertEquals(List.of(new Gaps.Ask(POST, 2, 2)), gaps.due(SETTLE + 1));
    }

    @Test
    void a_gap_the_post_cannot_fill_is_asked_for_five_times_then_left() {
        gaps.seen(POST, 1, 1, 0);
        gaps.seen(POST, 3, 1, 0);
        int asks = 0;
        for (long t = SETTLE; t < SETTLE + 20 * RETRY; t += RETRY) {
            asks += gaps.due(t).size();
        }
        assertEquals(Gaps.MAX_ASKS, asks);
        assertEquals(1, gaps.missing(), "still missing, and still counted");
    }

    @Test
    void history_before_the_first_event_the_centre_saw_is_never_asked_for() {
        gaps.seen(POST, 100, 4, 0);
        gaps.seen(POST, 50, 3, 0);
        assertEquals(0, gaps.missing());
        assertEquals(List.of(), gaps.due(SETTLE));
    }

    @Test
    void a_forged_sequence_number_far_ahead_opens_no_gap_to_ask_for() {
        gaps.seen(POST, 1, 1, 0);
        gaps.seen(POST, 1_000_000_000_000L, 1, 0);
        assertEquals(0, gaps.missing());
        assertEquals(1, gaps.tooLarge());
        assertEquals(List.of(), gaps.due(SETTLE));
    }

    @Test
    void a_fresh_journal_at_the_post_starts_its_count_again_without_a_gap() {
        gaps.seen(POST, 500, 3, 0);
        gaps.seen(POST, 1, 1_764_000_000L, 0); // a damaged journal set aside: its boot is the epoch second
        assertEquals(0, gaps.missing());
        gaps.seen(POST, 3, 1_764_000_000L, 0);
        assertEquals(List.of(new Gaps.Ask(POST, 2, 2)), gaps.due(SETTLE));
    }

    @Test
    void gaps_held_when_the_centre_stopped_are_asked_for_after_its_restart() {
        gaps.restore(POST, 9, 2, List.of(new long[] {4, 6}), 1_000);
        assertEquals(3, gaps.missing());
        assertEquals(List.of(), gaps.due(1_000 + SETTLE - 1));
        assertEquals(List.of(new Gaps.Ask(POST, 4, 6)), gaps.due(1_000 + SETTLE));
        gaps.seen(POST, 10, 2, 1_000);
        assertEquals(3, gaps.missing(), "the next event continues from the journal's highest");
    }
}
