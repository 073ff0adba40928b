package id.kentongan.dispatch;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The night watch's calendar (#14): which of the profile's shifts a time of the wall clock falls in, in
 * the post's zone, a shift past midnight belonging to the night it began. Immutable; the loop thread
 * asks it, only while the clock is trusted.
 */
final class Shifts {

    /** A shift on a night: its key, {@code malam@2026-12-01}, names it in the journal. */
    record Shift(Site.Ronda.Shift shift, LocalDate night) {
        String key() {
            return shift.id() + "@" + night;
        }
    }

    private final List<Site.Ronda.Shift> shifts;
    private final ZoneId zone;

    Shifts(List<Site.Ronda.Shift> shifts, ZoneId zone) {
        this.shifts = shifts;
        this.zone = zone;
    }

    /** The shift {@code t} falls in, begun today or (past midnight) yesterday, or {@code null}. */
    Shift under(ZonedDateTime t) {
        for (Site.Ronda.Shift s : shifts) {
            for (LocalDate d : List.of(t.toLocalDate(), t.toLocalDate().minusDays(1))) {
                if (!s.days().contains(d.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime start = d.atTime(s.start()).atZone(zone);
                LocalDate endDay = s.end().isAfter(s.start()) ? d : d.plusDays(1);
                ZonedDateTime end = endDay.atTime(s.end()).atZone(zone);
                if (!t.isBefore(start) && t.isBefore(end)) {
                    return new Shift(s, d);
                }
            }
        }
        return null;
    }
}
