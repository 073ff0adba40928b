package id.kentongan.dispatch;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test schedules in the post's time zone: the next time each names, across midnight and months. */
class ScheduleTest {

    private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

    private static ZonedDateTime at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(WIB);
    }

    @Test
    void daily_runs_later_today_or_tomorrow_across_midnight() {
        Schedule s = Schedule.parse("daily at 03:00");
        assertEquals(at("2026-12-02T03:00"), s.next(at("2026-12-02T02:59")));
        assertEquals(at("2026-12-03T03:00"), s.next(at("2026-12-02T03:00")), "strictly after: never twice");
        assertEquals(at("2026-12-03T03:00"), s.next(at("2026-12-02T23:59:59")));
    }

    @Test
    void weekly_and_monthly_name_their_days() {
        Schedule weekly = Schedule.parse("Weekly on Sunday at 03:30");
        assertEquals(at("2026-12-06T03:30"), weekly.next(at("2026-12-02T10:00"))); // Wednesday -> Sunday
        Schedule first = Schedule.parse("first monday of the month at 10:00");
        assertEquals(at("2026-12-07T10:00"), first.next(at("2026-12-02T10:00")));
        assertEquals(at("2027-01-04T10:00"), first.next(at("2026-12-07T10:00")), "the month after, not a week");
        Schedule last = Schedule.parse("last friday of the month at 16:00");
        assertEquals(at("2026-12-25T16:00"), last.next(at("2026-12-02T00:00")));
    }

    @Test
    void a_daylight_saving_gap_moves_the_test_forward_not_away() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        Schedule s = Schedule.parse("daily at 02:30"); // 2027-03-28 02:30 does not exist in Paris
        ZonedDateTime next = s.next(java.time.LocalDateTime.parse("2027-03-28T00:00").atZone(paris));
        assertEquals(28, next.getDayOfMonth());
        assertEquals(3, next.getHour());
    }

    @Test
    void words_it_does_not_know_are_refused_with_the_forms_it_does() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("hourly"));
        assertTrue(e.getMessage().contains("daily at HH:MM"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("daily at 24:00"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("fifth monday of the month at 10:00"));
    }
}
