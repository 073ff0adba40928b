package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the post supervises of itself (#16), as one part of the loop: the sirens' circuits
 * ({@link Feedback}), the power ({@link Power}) and the scheduled self-tests ({@link SelfTester}), turned
 * into the post's supervision alerts, each fault once and each recovery once. Part of the loop: called
 * on the loop thread only, telling the loop through a narrow callback, with its deadlines through
 * {@link #nextDeadline()}.
 */
final class Supervision {

    /** What supervision asks of the dispatch loop. */
    interface Loop {
        /** Raises an alert as the loop raises any (outputs first, then journal and uplink). */
        OpenAlert raise(AlertKind kind, String source, String ref, Double value, int[] outs, SirenPattern pattern,
                        long at, long maxNanos, Event.CapStatus status);

        /** Hands an event of the post's own making to the journal and the uplink. */
        void hand(Event e);

        /** Whether an alert sounds now. */
        boolean sounding();

        /** The battery is critical: the post stops cleanly before the power dies. */
        void shutDown();
    }

    private static final int[] NO_OUTPUTS = new int[0];

    private final Site site;
    private final Loop loop;
    private final Stamper stamper;
    private final OpenAlerts open;
    private final int[] sounders;
    private final Feedback feedback;
    private final Power power;
    private final SelfTester tester;
    /** By output: its open siren fault, or {@code null}. */
    private final OpenAlert[] faults;
    private final long watchedMask;
    /** By input: a feedback or power line (looked up on the press path, so an array). */
    private final boolean[] watched;
    private OpenAlert powerLost;
    /** The audible test's announcement while it plays: not an alert anyone need clear. */
    private OpenAlert announced;
    private boolean shuttingDown;

    Supervision(Site site, Outputs hardware, LongSupplier nanos, InstantSource wall, long start, Stamper stamper,
                OpenAlerts open, Loop loop) {
        this.site = site;
        this.loop = loop;
        this.stamper = stamper;
        this.open = open;
        this.sounders = java.util.stream.IntStream.range(0, site.outputs().size())
                .filter(o -> site.outputs().get(o).role().sounds()).toArray();
        SupervisionRules rules = site.supervision();
        faults = new OpenAlert[site.outputs().size()];
        feedback = new Feedback(rules.feedback(), site.inputs().size(), site.outputs(), hardware, nanos, start,
                new Feedback.Loop() {
                    @Override
                    public void fault(int output, long at) {
                        faults[output] = quiet(AlertKind.SIREN_FAULT, site.outputs().get(output).id(), null, null,
                                at);
                    }

                    @Override
                    public void restored(int output, long at) {
                        OpenAlert f = faults[output];
                        faults[output] = null;
                        if (f != null) {
                            over(f, AlertKind.SIREN_RESTORED);
                        }
                    }
                });
        power = new Power(rules.power(), start, this::powerChanged);
        tester = new SelfTester(rules.tests(), site.outputs(), site.post().timeZone(), wall, feedback,
                new SelfTester.Loop() {
                    @Override
                    public boolean sounding() {
                        return loop.sounding();
                    }

                    @Override
                    public void record(AlertKind kind, String test, String slot, int failures, long at) {
                        if (announced != null && kind != AlertKind.SELF_TEST_POSTPONED) {
                            open.close(announced); // it has played: the result below says how it went
                            announced = null;
                        }
                        // (source, ref) is unique in the journal: the record's own number keeps a slot's
                        // postponement and its result (or a second test asked for now) apart
                        quiet(kind, SelfTester.SOURCE + test, SelfTester.ref(slot, stamper.lastSeq() + 1),
                                (double) failures, at);
                    }

                    @Override
                    public void announce(SupervisionRules.Test test, long at) {
                        announced = loop.raise(AlertKind.SELF_TEST, SelfTester.SOURCE + test.name(), null, null,
                                sounders, test.pattern(), at, test.driveNanos(), Event.CapStatus.Test);
                    }
                });
        long mask = 0;
        watched = new boolean[site.inputs().size()];
        for (int i = 0; i < watched.length; i++) {
            watched[i] = site.inputs().get(i).watched();
            if (watched[i] && i < 64) {
                mask |= 1L << i;
            }
        }
        watchedMask = mask;
    }

    /** The outputs the sirens write: through the feedback's watch to the hardware. */
    Outputs outputs() {
        return feedback;
    }

    /** Owner thread, before the loop starts: who reads the feedback and power lines when they are judged. */
    void readWith(Lines lines) {
        feedback.readWith(lines);
        power.readWith(lines);
    }

    /** Owner thread, before the loop starts: each test's last slot and result, from the journal. */
    void restore(Map<String, String[]> lastByTest) {
        tester.restore(lastByTest);
    }

    /** Whether input {@code input} is a feedback or power line, whose edges come here. */
    boolean owns(int input) {
        return watched[input];
    }

    void edge(int input, boolean active, long at) {
        if (feedback.owns(input)) {
            feedback.edge(input, active, at);
        } else {
            int p = power.lineOf(input);
            if (p >= 0) {
                power.edge(p, active, at);
            }
        }
    }

    /** Lines whose edges the inbox refused: the watched ones are judged again. @return the others */
    long reread(long mask, long at) {
        long mine = mask & watchedMask;
        if (mine != 0) {
            feedback.reread(mine, at);
            for (int i = 0; i < 64; i++) {
                if ((mine & (1L << i)) != 0 && power.lineOf(i) >= 0) {
                    power.reread(power.lineOf(i), at);
                }
            }
        }
        return mask & ~watchedMask;
    }

    private void powerChanged(SupervisionRules.Power kind, boolean active, long at) {
        switch (kind) {
            case MAINS -> {
                if (!active && powerLost == null) {
                    powerLost = quiet(AlertKind.POWER_LOST, "mains", null, null, at);
                } else if (active && powerLost != null) {
                    OpenAlert lost = powerLost;
                    powerLost = null;
                    over(lost, AlertKind.POWER_RESTORED);
                }
            }
            case BATTERY_LOW -> {
                if (active) {
                    quiet(AlertKind.BATTERY_LOW, "battery", null, null, at);
                }
            }
            case BATTERY_CRITICAL -> {
                if (active && !shuttingDown) {
                    shuttingDown = true;
                    loop.shutDown();
                }
            }
        }
    }

    /** A supervision alert or a record, sounding nothing. */
    private OpenAlert quiet(AlertKind kind, String source, String ref, Double value, long at) {
        return loop.raise(kind, source, ref, value, NO_OUTPUTS, null, at, 0, Event.CapStatus.Actual);
    }

    /** The fault {@code alert} is over: closed, and {@code kind} journaled referring to it. */
    private void over(OpenAlert alert, AlertKind kind) {
        open.close(alert);
        loop.hand(stamper.own(kind, alert.event.source(), alert.event.zone(), Event.MsgType.Update,
                CapJson.reference(alert.event, site.post())));
    }

    void timers(long now) {
        feedback.timers(now);
        power.timers(now);
        tester.timers(now);
    }

    long nextDeadline() {
        return Math.min(feedback.nextDeadline(), Math.min(power.nextDeadline(), tester.nextDeadline()));
    }

    /**
     * The circuit test now, on request; {@code reply} is answered when it ends (or at once, with why it
     * cannot run).
     */
    void testNow(CommandReply reply, long now) {
        String refused = tester.runNow(now, (passed, failed, interrupted) -> {
            if (interrupted) {
                reply.rejected("an alert took the sirens: the test was stopped");
            } else if (passed) {
                reply.accepted("passed");
            } else {
                reply.accepted("failed: " + String.join(", ", failed));
            }
        });
        if (refused != null) {
            reply.rejected(refused);
        }
    }

    LoopStatus.Supervision view() {
        return new LoopStatus.Supervision(feedback.views(site.outputs()), power.view(), tester.views());
    }
}
