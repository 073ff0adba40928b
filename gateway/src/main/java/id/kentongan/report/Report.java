package id.kentongan.report;

import java.util.List;
import java.util.Map;

/**
 * The figures of one report: what the HTML, CSV and JSON forms all show, computed once by the
 * {@link Tally}. Immutable once made (its timelines are no longer written); any thread.
 *
 * @param title    the post's name; {@code null} at a centre, where the report is titled by its posts
 * @param posts    every post the report covers ({@code village/post}), more than one at a centre
 * @param alerts   one timeline per alert of the window: real alarms and drills, in the journal's order
 * @param counts   real alarms by kind, zone, hour of day and weekday
 * @param response per kind of real alarm, how fast the centre acknowledged and cleared it
 * @param perPost  one line per post (the centre's table per post)
 */
record Report(Window window, String title, List<String> posts, Totals totals, List<Timeline> alerts,
              Counts counts, List<Response> response, long[] ackBuckets, Sirens sirens, List<Drill> drills,
              Equipment.Figures equipment, Community.Figures community, List<PostLine> perPost) {

    /** The limits of the answer to the response-time distribution's bars, in seconds; the last is open. */
    static final long[] ACK_BUCKET_UPPER_S = {30, 60, 120, 300, 600, 1800, Long.MAX_VALUE};

    /**
     * What was read.
     *
     * @param rows              every row read, follow-up time included
     * @param inWindow          rows stamped in the window
     * @param untrusted         of those, stamped while the clock was not trusted
     * @param telemetry         telemetry events in the window (counted, not shown one by one)
     * @param unmatchedFollowUps follow-ups of alerts not in the report (raised before the window, or past its limit)
     * @param untracked         alerts beyond the report's limit: counted, without a timeline
     */
    record Totals(long rows, long inWindow, long untrusted, long telemetry, long unmatchedFollowUps, long untracked) {
    }

    /** Real alarms (not drills) by kind and zone, and, when their clock was trusted, by local hour and weekday. */
    record Counts(long alarms, Map<String, Long> byKind, Map<String, Long> byZone, long[] byHour, long[] byWeekday,
                  long notPlaced) {
    }

    /** One kind of real alarm: how many, how many never acknowledged, and raise to acknowledgement and to all-clear. */
    record Response(String kind, long alarms, long unacknowledged, Spread acknowledged, Spread cleared) {
    }

    /** Sirens of real alarms: how many ended on record, how, and how long they sounded. */
    record Sirens(long silenced, long timedOut, Spread sounding, long totalMs) {
    }

    /** Drills (CAP Exercise) or tests (CAP Test) of one kind: how many, and how fast the centre acknowledged them. */
    record Drill(String status, String kind, long held, long acknowledged, Spread acknowledgedIn, long cleared) {
    }

    /** One post's line in the table per post. */
    record PostLine(String post, long events, long alarms, long drills, Spread acknowledged, long outages,
                    long untrusted) {
    }

    /** The post's name, or at a centre a single post's id or "N posts". */
    String titleIn(Words w) {
        return title != null ? title : posts.size() == 1 ? posts.get(0) : posts.size() + " " + w.get("posts");
    }

    boolean acrossPosts() {
        return posts.size() > 1;
    }
}
