package id.kentongan.dispatch;

/**
 * The post's alert level as field displays and remote sirens follow it. Immutable.
 *
 * @param level      the most important class among sounding alerts, or {@code none}
 * @param pattern    the pattern the post's sirens play now, or empty
 * @param openAlerts alerts the post holds open
 * @param lastSeq    the journal sequence number when this level was computed
 */
public record AlertLevel(String level, String pattern, int openAlerts, long lastSeq) {

    public static final AlertLevel QUIET = new AlertLevel("none", "", 0, 0);
}
