package id.kentongan.dispatch;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a self-test is due, in words a community reads on a notice board, in the post's own time zone:
 * {@code daily at 03:00}, {@code weekly on sunday at 03:00}, {@code first monday of the month at 10:00}
 * (also second, third, fourth and last). Immutable; any thread.
 *
 * @param nth for a monthly schedule, which of the month's {@code day}s (1..4, or -1 for the last); else 0
 * @param day for a weekly or monthly schedule, the day of the week; else {@code null}
 */
public record Schedule(String text, LocalTime at, DayOfWeek day, int nth) {

    private static final Pattern FORM = Pattern.compile(
            "(?:daily|weekly on ([a-z]+)|(first|second|third|fourth|last) ([a-z]+) of the month) at (\\d{2}:\\d{2})");

    /**
     * @throws IllegalArgumentException with a reason a technician can act on
     */
    public static Schedule parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("schedule '" + text + "' is not one of: 'daily at HH:MM', "
                    + "'weekly on DAY at HH:MM', 'first|second|third|fourth|last DAY of the month at HH:MM'");
        }
        LocalTime at;
        try {
            at = LocalTime.parse(m.group(4));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("schedule '" + text + "': " + m.group(4) + " is not a time of day");
        }
        if (m.group(1) != null) {
            return new Schedule(t, at, day(m.group(1), text), 0);
        }
        if (m.group(2) != null) {
            int nth = switch (m.group(2)) {
                case "first" -> 1;
                case "second" -> 2;
                case "third" -> 3;
                case "fourth" -> 4;
                default -> -1;
            };
            return new Schedule(t, at, day(m.group(3), text), nth);
        }
        return new Schedule(t, at, null, 0);
    }

    private static DayOfWeek day(String name, String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("schedule '" + text + "': '" + name + "' is not a day of the week "
                + "(monday..sunday)");
    }

    /**
     * The first time strictly after {@code after} that this schedule names, in {@code after}'s zone. A
     * time that a daylight-saving gap skips is moved forward by the gap, as {@link ZonedDateTime} does.
     */
    public ZonedDateTime next(ZonedDateTime after) {
        LocalDate d = after.toLocalDate();
        for (int i = 0; i < 400; i++, d = d.plusDays(1)) { // at most about 5 weeks for a monthly one
            if (matches(d)) {
                ZonedDateTime candidate = ZonedDateTime.of(d, at, after.getZone());
                if (candidate.isAfter(after)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no date for " + text); // unreachable: every form matches within 5 weeks
    }

    private boolean matches(LocalDate d) {
        if (day == null) {
            return true;
        }
        if (d.getDayOfWeek() != day) {
            return false;
        }
        if (nth == 0) {
            return true;
        }
        LocalDate wanted = d.with(nth > 0 ? TemporalAdjusters.dayOfWeekInMonth(nth, day)
                : TemporalAdjusters.lastInMonth(day));
        return wanted.equals(d);
    }

    @Override
    public String toString() {
        return text;
    }
}
