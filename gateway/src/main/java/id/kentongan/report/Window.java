package id.kentongan.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The span a report covers, in a time zone: alerts raised in {@code [from, to)} are the report's; their
 * follow-ups (acknowledgement, silence, all-clear) are read up to {@link #FOLLOW_UP} past its end, so an
 * alarm at 23:59 on the last day still shows its all-clear. Hours of the day and weekdays are counted in
 * {@code zone}. Immutable; any thread.
 *
 * @param month the calendar month, when the window is one (for the title), else {@code null}
 */
public record Window(long fromMs, long toMs, ZoneId zone, YearMonth month) {

    /** How long after the window's end follow-ups of its alerts are still read. */
    static final Duration FOLLOW_UP = Duration.ofDays(1);

    public Window {
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("the window ends before it starts");
        }
    }

    /** A calendar month in {@code zone}, e.g. {@code 2026-11}: from the 1st at 00:00 to the next 1st. */
    public static Window month(String yearMonth, ZoneId zone) {
        YearMonth m;
        try {
            m = YearMonth.parse(yearMonth);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + yearMonth + "' is not a month (YYYY-MM, e.g. 2026-11)");
        }
        return month(m, zone);
    }

    public static Window month(YearMonth m, ZoneId zone) {
        return new Window(start(m.atDay(1), zone), start(m.plusMonths(1).atDay(1), zone), zone, m);
    }

    /** Whole days, {@code from} to {@code to} both included (ISO dates, e.g. 2026-11-01). */
    public static Window days(String from, String to, ZoneId zone) {
        LocalDate f = date(from);
        LocalDate t = date(to);
        if (t.isBefore(f)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        return new Window(start(f, zone), start(t.plusDays(1), zone), zone, null);
    }

    /** The {@code days} days up to {@code now}. */
    public static Window last(int days, Instant now, ZoneId zone) {
        return new Window(now.minus(Duration.ofDays(days)).toEpochMilli(), now.toEpochMilli() + 1, zone, null);
    }

    boolean contains(long ms) {
        return ms >= fromMs && ms < toMs;
    }

    /** Rows are read up to here: the window and the follow-ups of its alerts. */
    long readUntil() {
        return toMs > Long.MAX_VALUE - FOLLOW_UP.toMillis() ? Long.MAX_VALUE : toMs + FOLLOW_UP.toMillis();
    }

    ZonedDateTime from() {
        return Instant.ofEpochMilli(fromMs).atZone(zone);
    }

    /** The window's last instant (its end is exclusive). */
    ZonedDateTime last() {
        return Instant.ofEpochMilli(toMs - 1).atZone(zone);
    }

    private static long start(LocalDate d, ZoneId zone) {
        return d.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a date (YYYY-MM-DD, e.g. 2026-11-01)");
        }
    }
}
