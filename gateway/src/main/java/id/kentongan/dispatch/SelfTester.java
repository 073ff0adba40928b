package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The post's scheduled self-tests (#16), at the times the profile names in the post's time zone. A
 * test whose time comes while an alert sounds is postponed (journaled once as postponed) and runs when
 * the post is quiet; none is skipped, and a time missed while the post was off runs once when it starts.
 * Each result is journaled: a pass as telemetry, a failure as a self-test-failed alert. The slot a test
 * last ran for is read back from the journal at start, so a restart never runs a test twice.
 *
 * <p>A circuit test drives each supervised siren past its settle time, silently with its supply cut
 * where the wiring allows, and checks that the feedback follows and then rests; an alert during it takes
 * the sirens at once and the test runs again later. An audible test plays the test pattern on every
 * siren, announced as a test; it fails if a supervised siren faults while it plays.
 *
 * <p>Part of the loop: called on the loop thread only, telling the loop through a narrow callback, with
 * its deadlines through {@link #nextDeadline()}. Slots are wall-clock times (the community's 10:00),
 * judged against the wall clock each turn; the drives inside a test are timed on the nano clock.
 */
final class SelfTester {

    /** What the self-tests ask of the loop. */
    interface Loop {
        /** Whether an alert sounds now: a test waits for quiet. */
        boolean sounding();

        /** Journals (and publishes) a test's record: passed, failed or postponed. */
        void record(AlertKind kind, String test, String slot, int failures, long at);

        /** Plays the audible test on every siren, announced as a test, for {@code nanos}. */
        void announce(SupervisionRules.Test test, long at);
    }

    /** The source a test's records name, such as {@code selftest:circuit}. */
    static final String SOURCE = "selftest:";
    /** The slot of a test run on request, not by the schedule. */
    static final String NOW = "now";

    /** A record's reference: its slot, then its own sequence number ({@code 2026-12-02T03:00#41}). */
    static String ref(String slot, long seq) {
        return slot + "#" + seq;
    }

    private static final long GAP = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long NONE = Long.MAX_VALUE;

    private final List<SupervisionRules.Test> tests;
    private final List<Site.OutputDef> defs;
    private final ZoneId zone;
    private final InstantSource wall;
    private final Feedback feedback;
    private final Loop loop;
    private final LocalDateTime[] lastSlot;
    private final String[] lastResult;
    private final ZonedDateTime[] nextSlot;
    private final boolean[] postponed;
    /** The earliest next slot of any test, in wall-clock milliseconds. */
    private long earliest = Long.MAX_VALUE;
    private long lastWallMillis = Long.MIN_VALUE;
    private static final long CLOCK_BACK_MILLIS = TimeUnit.MINUTES.toMillis(1);

    // the test running now, if any
    private Run run;

    SelfTester(List<SupervisionRules.Test> tests, List<Site.OutputDef> defs, ZoneId zone, InstantSource wall,
               Feedback feedback, Loop loop) {
        this.tests = List.copyOf(tests);
        this.defs = defs;
        this.zone = zone;
        this.wall = wall;
        this.feedback = feedback;
        this.loop = loop;
        int n = tests.size();
        lastSlot = new LocalDateTime[n];
        lastResult = new String[n];
        nextSlot = new ZonedDateTime[n];
        postponed = new boolean[n];
        ZonedDateTime now = now();
        for (int t = 0; t < n; t++) {
            nextSlot[t] = tests.get(t).schedule().next(now);
        }
        earliest = earliestSlot();
    }

    private long earliestSlot() {
        long e = Long.MAX_VALUE;
        for (ZonedDateTime s : nextSlot) {
            e = Math.min(e, s.toInstant().toEpochMilli());
        }
        return e;
    }

    /**
     * Owner thread, before the loop starts: the slot each test last ran for and its result, from the
     * journal, by test name. The next slot after it is due: at once if the post was off at its time.
     */
    void restore(Map<String, String[]> lastByTest) {
        for (int t = 0; t < tests.size(); t++) {
            String[] last = lastByTest.get(tests.get(t).name());
            if (last == null) {
                continue;
            }
            try {
                lastSlot[t] = LocalDateTime.parse(last[0]);
            } catch (RuntimeException e) {
                continue; // a slot this gateway did not write: the schedule starts from now
            }
            lastResult[t] = last[1];
            nextSlot[t] = tests.get(t).schedule().next(lastSlot[t].atZone(zone));
        }
        earliest = earliestSlot();
    }

    /**
     * A circuit test now, on request ({@code kentongan selftest}): silent where every supervised siren's
     * supply can be cut, else a chirp. @return why it cannot run, or {@code null} when it started
     */
    String runNow(long now, Done done) {
        if (feedback.rules().isEmpty()) {
            return "no output has a feedback input to test";
        }
        if (run != null) {
            return "a self-test is running";
        }
        if (loop.sounding()) {
            return "an alert is sounding: the test waits for quiet";
        }
        SupervisionRules.Test circuit = tests.stream().filter(x -> x.method() != SupervisionRules.Method.AUDIBLE)
                .findFirst().orElseGet(this::defaultCircuit);
        start(-1, circuit, NOW, now, done);
        return null;
    }

    /** Told when a test run on request ends. */
    interface Done {
        void done(boolean passed, List<String> failedOutputs, boolean interrupted);
    }

    private SupervisionRules.Test defaultCircuit() {
        long slowest = feedback.rules().stream().mapToLong(SupervisionRules.Feedback::settleNanos).max().orElse(0);
        boolean silent = feedback.rules().stream().allMatch(f -> f.supply() >= 0);
        return new SupervisionRules.Test("circuit", null, silent ? SupervisionRules.Method.SILENT
                : SupervisionRules.Method.CHIRP, slowest + GAP, null);
    }

    void timers(long now) {
        if (run != null) {
            run.step(now);
            return;
        }
        long wallMillis = wall.millis();
        if (wallMillis < lastWallMillis - CLOCK_BACK_MILLIS) {
            // the clock went back (a Pi's stale clock put right): a slot computed from the wrong time
            // would wait days, so each test's next slot is looked at again from the right one
            ZonedDateTime wallNow = now();
            for (int t = 0; t < tests.size(); t++) {
                ZonedDateTime soonest = tests.get(t).schedule().next(wallNow);
                if (soonest.isBefore(nextSlot[t])) {
                    nextSlot[t] = soonest;
                }
            }
            earliest = earliestSlot();
        }
        lastWallMillis = wallMillis;
        if (wallMillis < earliest) { // most turns end here: no allocation on the loop's every turn
            return;
        }
        for (int t = 0; t < tests.size(); t++) {
            if (wallMillis < nextSlot[t].toInstant().toEpochMilli()) {
                continue;
            }
            String slot = nextSlot[t].toLocalDateTime().toString();
            if (loop.sounding()) {
                if (!postponed[t]) {
                    postponed[t] = true;
                    loop.record(AlertKind.SELF_TEST_POSTPONED, tests.get(t).name(), slot, 0, now);
                }
                continue;
            }
            start(t, tests.get(t), slot, now, null);
            return; // one test at a time; another due waits for this one
        }
    }

    private void start(int index, SupervisionRules.Test test, String slot, long now, Done done) {
        run = new Run(index, test, slot, done);
        run.begin(now);
    }

    private void finished(Run r, boolean interrupted, List<String> failed, long now) {
        run = null;
        if (interrupted) { // an alert took the sirens: this slot runs again once the post is quiet
            if (r.index >= 0 && !postponed[r.index]) {
                postponed[r.index] = true;
                loop.record(AlertKind.SELF_TEST_POSTPONED, r.test.name(), r.slot, 0, now);
            }
            if (r.done != null) {
                r.done.done(false, failed, true);
            }
            return;
        }
        boolean passed = failed.isEmpty();
        loop.record(passed ? AlertKind.SELF_TEST_PASSED : AlertKind.SELF_TEST_FAILED, r.test.name(), r.slot,
                failed.size(), now);
        if (r.index >= 0) {
            int t = r.index;
            postponed[t] = false;
            lastSlot[t] = LocalDateTime.parse(r.slot);
            lastResult[t] = passed ? "passed" : "failed";
            ZonedDateTime from = lastSlot[t].atZone(zone);
            ZonedDateTime wallNow = now();
            nextSlot[t] = tests.get(t).schedule().next(from.isAfter(wallNow) ? from : wallNow);
            earliest = earliestSlot();
        }
        if (r.done != null) {
            r.done.done(passed, failed, false);
        }
    }

    long nextDeadline() {
        return run == null ? NONE : run.due;
    }

    List<LoopStatus.SelfTestView> views() {
        List<LoopStatus.SelfTestView> out = new ArrayList<>();
        for (int t = 0; t < tests.size(); t++) {
            SupervisionRules.Test test = tests.get(t);
            String state = run != null && run.index == t ? "running" : postponed[t] ? "postponed" : "waiting";
            out.add(new LoopStatus.SelfTestView(test.name(), LoopStatus.wire(test.method()), test.schedule().text(),
                    lastResult[t] == null ? "" : lastResult[t], lastSlot[t] == null ? "" : lastSlot[t].toString(),
                    nextSlot[t].toLocalDateTime().toString(), state));
        }
        return out;
    }

    private ZonedDateTime now() {
        return Instant.ofEpochMilli(wall.millis()).atZone(zone);
    }

    /** One test in progress: its steps on the nano clock. */
    private final class Run {
        final int index;
        final SupervisionRules.Test test;
        final String slot;
        final Done done;
        final List<String> failed = new ArrayList<>();
        final int[] outs;
        final int[] cuts;
        long due = NONE;
        int step;
        long faultsBefore;

        Run(int index, SupervisionRules.Test test, String slot, Done done) {
            this.index = index;
            this.test = test;
            this.slot = slot;
            this.done = done;
            outs = feedback.rules().stream().mapToInt(SupervisionRules.Feedback::output).toArray();
            cuts = test.method() == SupervisionRules.Method.SILENT
                    ? feedback.rules().stream().mapToInt(SupervisionRules.Feedback::supply).filter(c -> c >= 0)
                            .distinct().toArray()
                    : new int[0];
        }

        void begin(long now) {
            faultsBefore = feedback.faultCount();
            if (test.method() == SupervisionRules.Method.AUDIBLE) {
                feedback.watchFrom();
                loop.announce(test, now);
                due = now + test.driveNanos() + slowest() + GAP;
                step = 2; // judged once it has played and the feedback had time to rest
            } else {
                feedback.testDrive(outs, cuts, true);
                due = now + test.driveNanos();
                step = 1;
            }
        }

        void step(long now) {
            if (now < due) {
                if (step == 1 && !feedback.testing()) { // an alert took the sirens
                    feedback.testEnd();
                    finished(this, true, failed, now);
                }
                return;
            }
            if (step == 1) {
                if (!feedback.testing()) {
                    feedback.testEnd();
                    finished(this, true, failed, now);
                    return;
                }
                for (int o : outs) {
                    if (!feedback.shows(o, true)) {
                        failed.add(defs.get(o).id());
                    }
                }
                feedback.testDrive(outs, cuts, false);
                due = now + slowest() + GAP;
                step = 2;
                return;
            }
            boolean interrupted = test.method() != SupervisionRules.Method.AUDIBLE && feedback.testEnd();
            if (test.method() == SupervisionRules.Method.AUDIBLE) {
                failed.addAll(feedback.unshown(defs)); // a beat too short to judge still closes the contact
                if (failed.isEmpty() && feedback.faultCount() > faultsBefore) {
                    failed.add("fault");
                }
            } else {
                for (int o : outs) {
                    if (!feedback.shows(o, false) && !failed.contains(defs.get(o).id())) {
                        failed.add(defs.get(o).id());
                    }
                }
            }
            finished(this, interrupted, failed, now);
        }

        private long slowest() {
            return feedback.rules().stream().mapToLong(SupervisionRules.Feedback::settleNanos).max().orElse(0);
        }
    }
}
