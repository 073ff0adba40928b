package id.kentongan.report;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a journal's rows, streamed in sequence order per post, into a {@link Report}. What it keeps grows
 * only with the alerts of the window (a timeline each, up to {@code maxAlerts}; past that they are counted
 * without one), never with the journal: telemetry and supervision events are counted as they pass.
 *
 * <p>Real alarms (life-safety, security; CAP status Actual) get timelines and make the counts and response
 * times; drills and tests (any other CAP status) get timelines kept apart; supervision events go to
 * {@link Equipment}; residents' reports and the watch to {@link Community}. Follow-ups (CAP Update, Cancel)
 * are matched to the alerts they reference. Rows stamped while the clock was not trusted are counted and
 * shown, and stay out of everything timed: hours, weekdays, durations.
 *
 * <p>Owned by the thread that streams the rows; {@link #finish} once at the end.
 */
final class Tally implements Consumer<Row> {

    static final int MAX_POSTS = 1_000;

    private static final class PostCount {
        long events;
        long alarms;
        long drills;
        long untrusted;
    }

    private final Window window;
    private final int maxAlerts;
    private final Map<String, Timeline> byId = new HashMap<>();
    private final List<Timeline> alerts = new ArrayList<>();
    private final Equipment equipment = new Equipment();
    private final Community community = new Community();
    private final Counter byKind = new Counter();
    private final Counter byZone = new Counter();
    private final long[] byHour = new long[24];
    private final long[] byWeekday = new long[7];
    private final Map<String, PostCount> posts = new LinkedHashMap<>();
    private long alarms;
    private long notPlaced;
    private long rows;
    private long inWindow;
    private long untrusted;
    private long telemetry;
    private long unmatchedFollowUps;
    private long untracked;

    Tally(Window window, int maxAlerts) {
        this.window = window;
        this.maxAlerts = maxAlerts;
    }

    @Override
    public void accept(Row r) {
        rows++;
        boolean in = window.contains(r.sentMs());
        if (r.isFollowUp()) {
            if (in) {
                counted(r);
            }
            followUp(r); // after the window too: the follow-ups of its alerts
            return;
        }
        if (!in) {
            return;
        }
        PostCount post = counted(r);
        if (community.take(r) || !r.isAlert()) {
            return;
        }
        if (!r.isActual()) {
            post.drills++;
            track(r);
        } else if (r.isAlarm()) {
            post.alarms++;
            alarm(r);
            track(r);
        } else if (r.priority() == Row.SUPERVISION) {
            equipment.alert(r);
        } else {
            telemetry++;
        }
    }

    private PostCount counted(Row r) {
        inWindow++;
        PostCount p = posts.get(r.post());
        if (p == null) {
            String key = posts.size() < MAX_POSTS ? r.post() : Counter.OTHERS;
            p = posts.computeIfAbsent(key, k -> new PostCount());
        }
        p.events++;
        if (r.unsynced()) {
            untrusted++;
            p.untrusted++;
        }
        return p;
    }

    private void alarm(Row r) {
        alarms++;
        byKind.add(r.kind());
        byZone.add(r.zone());
        if (r.unsynced()) {
            notPlaced++; // its hour and weekday are not known
            return;
        }
        ZonedDateTime t = Instant.ofEpochMilli(r.sentMs()).atZone(window.zone());
        byHour[t.getHour()]++;
        byWeekday[t.getDayOfWeek().getValue() - 1]++;
    }

    private void track(Row r) {
        if (alerts.size() >= maxAlerts) {
            untracked++;
            return;
        }
        Timeline t = new Timeline(r);
        if (byId.putIfAbsent(r.identifier(), t) == null) {
            alerts.add(t);
        }
    }

    private void followUp(Row r) {
        boolean matched = false;
        for (String id : References.identifiers(r.refs())) {
            Timeline t = byId.get(id);
            if (t == null) {
                matched |= community.followUp(r, id);
                continue;
            }
            matched = true;
            Timeline.Step step = new Timeline.Step(r.sentMs(), !r.unsynced(), r.source());
            switch (r.kind()) {
                case "acknowledged" -> t.acknowledged = t.acknowledged == null ? step : t.acknowledged;
                case "all-clear" -> t.cleared = t.cleared == null ? step : t.cleared;
                case "siren-silenced", "siren-timeout" -> {
                    if (t.sirenEnded == null) {
                        t.sirenEnded = step;
                        t.sirenEnd = r.kind().equals("siren-silenced") ? Timeline.SirenEnd.SILENCED
                                : Timeline.SirenEnd.TIMED_OUT;
                    }
                }
                default -> {
                    // another follow-up (a newer gateway's): shown in the counts, not on the timeline
                }
            }
        }
        if (!matched && window.contains(r.sentMs())) {
            unmatchedFollowUps++;
        }
    }

    /** The figures; {@code declaredPost} (the post's own report) is listed even when its journal is empty. */
    Report finish(String title, String declaredPost) {
        Map<String, Spread.Longs[]> byKindTimes = new LinkedHashMap<>();
        Map<String, long[]> unacked = new HashMap<>();
        Map<String, Long> kinds = byKind.sorted();
        kinds.keySet().forEach(k -> byKindTimes.put(k, new Spread.Longs[] {new Spread.Longs(),
                new Spread.Longs()}));
        long[] buckets = new long[Report.ACK_BUCKET_UPPER_S.length];
        Spread.Longs sounding = new Spread.Longs();
        long silenced = 0;
        long timedOut = 0;
        long soundingMs = 0;
        Map<String, Drills> drills = new LinkedHashMap<>();
        Map<String, Spread.Longs> ackByPost = new HashMap<>();
        for (Timeline t : alerts) {
            if (!t.isActual()) {
                drills.computeIfAbsent(t.status + "\t" + t.kind, k -> new Drills(t.status, t.kind)).add(t);
                continue;
            }
            String kind = kinds.containsKey(t.kind) ? t.kind : Counter.OTHERS;
            Spread.Longs[] times = byKindTimes.get(kind);
            if (t.acknowledged == null) {
                unacked.computeIfAbsent(kind, k -> new long[1])[0]++;
            }
            if (t.timed(t.acknowledged)) {
                long ms = t.after(t.acknowledged);
                times[0].add(ms);
                ackByPost.computeIfAbsent(t.post, k -> new Spread.Longs()).add(ms);
                buckets[bucket(ms)]++;
            }
            if (t.timed(t.cleared)) {
                times[1].add(t.after(t.cleared));
            }
            if (t.sirenEnded != null) {
                if (t.sirenEnd == Timeline.SirenEnd.SILENCED) {
                    silenced++;
                } else {
                    timedOut++;
                }
                if (t.timed(t.sirenEnded)) {
                    sounding.add(t.after(t.sirenEnded));
                    soundingMs += t.after(t.sirenEnded);
                }
            }
        }
        List<Report.Response> response = new ArrayList<>();
        byKindTimes.forEach((kind, times) -> response.add(new Report.Response(kind, kinds.getOrDefault(kind, 0L),
                unacked.getOrDefault(kind, new long[1])[0], Spread.of(times[0]), Spread.of(times[1]))));
        List<String> postNames = new ArrayList<>();
        if (declaredPost != null) {
            postNames.add(declaredPost);
        }
        posts.keySet().stream().filter(p -> !postNames.contains(p)).forEach(postNames::add);
        List<Report.PostLine> perPost = new ArrayList<>();
        for (String p : postNames) {
            PostCount c = posts.getOrDefault(p, new PostCount());
            perPost.add(new Report.PostLine(p, c.events, c.alarms, c.drills,
                    Spread.of(ackByPost.getOrDefault(p, new Spread.Longs())), equipment.outagesOf(p), c.untrusted));
        }
        return new Report(window, title, List.copyOf(postNames),
                new Report.Totals(rows, inWindow, untrusted, telemetry, unmatchedFollowUps, untracked),
                List.copyOf(alerts), new Report.Counts(alarms, kinds, byZone.sorted(), byHour.clone(),
                byWeekday.clone(), notPlaced), List.copyOf(response), buckets,
                new Report.Sirens(silenced, timedOut, Spread.of(sounding), soundingMs),
                drills.values().stream().map(Drills::figures).toList(), equipment.figures(), community.figures(),
                List.copyOf(perPost));
    }

    static int bucket(long ms) {
        long s = ms / 1000;
        for (int i = 0; i < Report.ACK_BUCKET_UPPER_S.length; i++) {
            if (s < Report.ACK_BUCKET_UPPER_S[i]) {
                return i;
            }
        }
        return Report.ACK_BUCKET_UPPER_S.length - 1;
    }

    /** Drills or tests of one kind, gathered. */
    private static final class Drills {
        final String status;
        final String kind;
        long held;
        long acknowledged;
        long cleared;
        final Spread.Longs ackTimes = new Spread.Longs();

        Drills(String status, String kind) {
            this.status = status;
            this.kind = kind;
        }

        void add(Timeline t) {
            held++;
            if (t.acknowledged != null) {
                acknowledged++;
            }
            if (t.timed(t.acknowledged)) {
                ackTimes.add(t.after(t.acknowledged));
            }
            if (t.cleared != null) {
                cleared++;
            }
        }

        Report.Drill figures() {
            return new Report.Drill(status, kind, held, acknowledged, Spread.of(ackTimes), cleared);
        }
    }
}
