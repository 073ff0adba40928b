package id.kentongan.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times and durations as the CSV and JSON forms write them, for other tools. Stateless; any thread. */
final class Stamps {

    /** ISO 8601 with milliseconds and the offset, e.g. {@code 2026-11-24T02:18:06.120+07:00}. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private Stamps() {
    }

    static String time(long ms, ZoneId zone) {
        return ISO.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    /** Milliseconds as exact decimal seconds: {@code 12345} is {@code 12.345}. */
    static String seconds(long ms) {
        return BigDecimal.valueOf(ms, 3).toPlainString();
    }

    /** The priority class's wire name for its ordinal. */
    static String priority(int ordinal) {
        return switch (ordinal) {
            case 0 -> "life-safety";
            case 1 -> "security";
            case 2 -> "supervision";
            case 3 -> "telemetry";
            default -> Integer.toString(ordinal);
        };
    }
}
