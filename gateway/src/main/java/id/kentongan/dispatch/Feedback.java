package id.kentongan.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The sirens' circuits, read back (#16): each supervised output names a feedback input (a relay's
 * auxiliary contact, an optocoupler on the siren line) that must follow it within its settle time when
 * driven, and rest when it is off. A mismatch is one siren fault naming the output, until the kind of
 * check that failed passes again (a siren stuck quiet is restored only by a drive it follows, one stuck
 * sounding only by resting), which is one siren restored. Part of the loop: called on the loop thread
 * only, telling the loop through a narrow callback, with its deadlines through {@link #nextDeadline()}.
 *
 * <p>It sits between {@link Sirens} and the hardware as the {@link Outputs} the sirens write, so it sees
 * every drive without the sirens knowing of it, and it never stops one: the write goes to the hardware
 * first, faulty or not (a siren reported faulty may still sound, and it is always tried). A drive
 * shorter than the settle time (a fast titir beat) is superseded before it can be judged alone: such
 * beats are judged together (none shown within two settle times is a fault; a beat followed within
 * the settle time mends it).
 */
final class Feedback implements Outputs {

    /** What the feedback tells the loop. */
    interface Loop {
        /** Output {@code output}'s circuit does not follow it: raise one siren fault. */
        void fault(int output, long at);

        /** Output {@code output}'s circuit behaves again: one siren restored. */
        void restored(int output, long at);
    }

    private static final long NONE = Long.MAX_VALUE;

    private final Outputs hardware;
    private final LongSupplier nanos;
    private final Loop loop;
    private final List<SupervisionRules.Feedback> rules;
    /** By output and by input index: the watch, or -1. */
    private final int[] watchOfOutput;
    private final int[] watchOfInput;
    private final boolean[] commanded;
    /** The feedback line's level as its last edge said; read again from {@link #lines} when judged. */
    private final boolean[] level;
    private final long[] due;
    /** The pending check times a drive (not an edge): only such a check proves the circuit follows in time. */
    private final boolean[] byDrive;
    /** When each output was last switched on (nano time). */
    private final long[] onAt;
    /**
     * Since when the output has been driven, beat after beat, without its feedback ever showing it, or
     * {@link #NONE}: a pattern's beats shorter than the settle are never judged one by one, so a siren
     * stuck quiet through a fast titir is judged by this instead, after two settle times.
     */
    private final long[] unshownSince;
    private final boolean[] failedOn;
    private final boolean[] failedOff;
    private final boolean[] faulty;
    private final long[] faults;
    /** Since {@link #watchFrom}: whether each output was driven, and whether its feedback showed it. */
    private final boolean[] drivenSince;
    private final boolean[] shownSince;
    private final boolean[] sounds;
    private Lines lines;
    private long next = NONE;
    // a self-test's drive: the outputs it holds and the supplies it cut, until it ends or an alert takes over
    private boolean testing;
    private boolean interrupted;
    private int[] testOuts = new int[0];
    private int[] testCuts = new int[0];

    /** @param start nano time of the first check: a feedback stuck active at start is a fault */
    Feedback(List<SupervisionRules.Feedback> rules, int inputs, List<Site.OutputDef> defs, Outputs hardware,
             LongSupplier nanos, long start, Loop loop) {
        int outputs = defs.size();
        this.rules = List.copyOf(rules);
        sounds = new boolean[outputs];
        for (int o = 0; o < outputs; o++) {
            sounds[o] = defs.get(o).role().sounds();
        }
        this.hardware = hardware;
        this.nanos = nanos;
        this.loop = loop;
        watchOfOutput = new int[outputs];
        watchOfInput = new int[inputs];
        Arrays.fill(watchOfOutput, -1);
        Arrays.fill(watchOfInput, -1);
        int n = rules.size();
        commanded = new boolean[n];
        level = new boolean[n];
        due = new long[n];
        byDrive = new boolean[n];
        onAt = new long[n];
        unshownSince = new long[n];
        Arrays.fill(unshownSince, NONE);
        failedOn = new boolean[n];
        failedOff = new boolean[n];
        faulty = new boolean[n];
        faults = new long[n];
        drivenSince = new boolean[n];
        shownSince = new boolean[n];
        for (int w = 0; w < n; w++) {
            watchOfOutput[rules.get(w).output()] = w;
            watchOfInput[rules.get(w).input()] = w;
            due[w] = start + rules.get(w).settleNanos();
            next = Math.min(next, due[w]);
        }
    }

    /** Owner thread, before the loop starts: who reads a feedback line when it is judged (the GPIO). */
    void readWith(Lines lines) {
        this.lines = lines;
    }

    /** The sirens' write: to the hardware first, then the feedback it expects is timed. */
    @Override
    public void set(int index, boolean on) {
        if (testing && sounds[index]) {
            interrupt(index); // an alert (or the way out) takes the sirens: the test gives them up at once
        }
        drive(index, on);
    }

    private void drive(int index, boolean on) {
        hardware.set(index, on);
        int w = watchOfOutput[index];
        if (w >= 0 && on) {
            drivenSince[w] = true;
        }
        if (w >= 0 && commanded[w] != on) {
            long now = nanos.getAsLong();
            commanded[w] = on;
            expect(w, now);
            byDrive[w] = true;
            if (on) {
                onAt[w] = now;
                if (unshownSince[w] == NONE) {
                    unshownSince[w] = now;
                    next = Math.min(next, now + 2 * rules.get(w).settleNanos());
                }
            }
        }
    }

    /**
     * A self-test drives {@code outs} ({@code on}), with the supply-cut outputs {@code cuts} switched first
     * when it begins, so that nobody hears a silent test. The feedback is timed as for any drive.
     */
    void testDrive(int[] outs, int[] cuts, boolean on) {
        if (!testing && on) {
            testing = true;
            interrupted = false;
            testOuts = outs.clone();
            testCuts = cuts.clone();
            for (int c : testCuts) {
                hardware.set(c, true);
            }
        }
        if (testing) {
            for (int o : outs) {
                drive(o, on);
            }
        }
    }

    /** The self-test is over: its supplies back on. @return whether an alert took the sirens during it */
    boolean testEnd() {
        boolean wasInterrupted = interrupted;
        if (testing) {
            testing = false;
            restoreSupplies();
        }
        interrupted = false;
        return wasInterrupted;
    }

    boolean testing() {
        return testing;
    }

    private void interrupt(int taken) {
        testing = false;
        interrupted = true;
        restoreSupplies(); // before the alert's write: its siren has power when it is driven
        for (int o : testOuts) {
            if (o != taken) {
                drive(o, false);
            }
        }
    }

    private void restoreSupplies() {
        for (int c : testCuts) {
            try {
                hardware.set(c, false);
            } catch (RuntimeException e) {
                // the next test or the way out writes it again; the sirens' own writes go on
            }
        }
    }

    /** Whether input {@code input} is a feedback line, whose edges come here rather than to the presses. */
    boolean owns(int input) {
        return input < watchOfInput.length && watchOfInput[input] >= 0;
    }

    /** A feedback line's edge: a disagreement (or any change of a faulty circuit) is judged after the settle. */
    void edge(int input, boolean active, long at) {
        int w = watchOfInput[input];
        level[w] = active;
        shownSince[w] |= active;
        if (active) {
            unshownSince[w] = NONE;
            if (commanded[w] && at - onAt[w] <= rules.get(w).settleNanos()) {
                pass(w, true, at); // it followed a beat in time, however short the beat
            }
        }
        if (due[w] == NONE && (active != commanded[w] || faulty[w])) {
            expect(w, at);
            byDrive[w] = false;
        }
    }

    /** Feedback lines whose edges the inbox refused ({@code mask} by input): judged again after the settle. */
    void reread(long mask, long at) {
        for (int w = 0; w < rules.size(); w++) {
            int i = rules.get(w).input();
            if (i < 64 && (mask & (1L << i)) != 0 && due[w] == NONE) {
                expect(w, at);
                byDrive[w] = false;
            }
        }
    }

    private void expect(int w, long at) {
        due[w] = at + rules.get(w).settleNanos(); // a newer drive supersedes an unjudged one
        next = Math.min(next, due[w]);
    }

    void timers(long now) {
        if (now < next) {
            return;
        }
        next = NONE;
        for (int w = 0; w < due.length; w++) {
            if (due[w] <= now) {
                due[w] = NONE;
                judge(w, now);
            }
            long beats = unshownSince[w] == NONE ? NONE : unshownSince[w] + 2 * rules.get(w).settleNanos();
            if (beats <= now) {
                unshownSince[w] = NONE;
                if (read(w)) { // showing now (no edge was seen): it follows
                    continue;
                }
                failedOn[w] = true;
                fail(w, now);
                beats = NONE;
            }
            next = Math.min(next, Math.min(due[w], beats));
        }
    }

    private void judge(int w, long now) {
        boolean shows = read(w);
        boolean follows = shows == commanded[w];
        if (follows) { // driven and showing it, or at rest a settle time: the beats so far are over
            unshownSince[w] = NONE;
        }
        if (!follows) {
            (commanded[w] ? failedOn : failedOff)[w] = true;
            fail(w, now);
        } else if (!commanded[w] || byDrive[w]) {
            // a siren that failed to follow a drive is mended only by a drive it follows in time (a late
            // contact closing mid-sounding proves nothing); one that failed to rest, by resting
            pass(w, commanded[w], now);
        }
    }

    private void fail(int w, long now) {
        if (!faulty[w]) {
            faulty[w] = true;
            faults[w]++;
            loop.fault(rules.get(w).output(), now);
        }
    }

    /** A check of the kind {@code on} passed: the fault is over once no kind of check fails. */
    private void pass(int w, boolean on, long now) {
        (on ? failedOn : failedOff)[w] = false;
        if (faulty[w] && !failedOn[w] && !failedOff[w]) {
            faulty[w] = false;
            loop.restored(rules.get(w).output(), now);
        }
    }

    private boolean read(int w) {
        if (lines != null) {
            try {
                level[w] = lines.active(rules.get(w).input());
                shownSince[w] |= level[w];
            } catch (RuntimeException e) {
                return !commanded[w]; // a line that cannot be read proves nothing: it fails the check
            }
        }
        return level[w];
    }

    long nextDeadline() {
        return next;
    }

    /** Whether output {@code output} is supervised. */
    boolean watches(int output) {
        return output < watchOfOutput.length && watchOfOutput[output] >= 0;
    }

    /** From now on, note which outputs are driven and whether their feedback shows it (an audible test). */
    void watchFrom() {
        java.util.Arrays.fill(drivenSince, false);
        java.util.Arrays.fill(shownSince, false);
    }

    /** The ids of outputs driven since {@link #watchFrom} whose feedback never showed it. */
    List<String> unshown(List<Site.OutputDef> defs) {
        List<String> out = new ArrayList<>();
        for (int w = 0; w < rules.size(); w++) {
            if (drivenSince[w] && !shownSince[w]) {
                out.add(defs.get(rules.get(w).output()).id());
            }
        }
        return out;
    }

    /** Faults raised so far, over every supervised output: a test that saw one more failed. */
    long faultCount() {
        long n = 0;
        for (long f : faults) {
            n += f;
        }
        return n;
    }

    /** The supervised outputs, and the supply cut of each (-1 where it has none). */
    List<SupervisionRules.Feedback> rules() {
        return rules;
    }

    /** Whether output {@code output}'s feedback now shows {@code on} (read from the line where it can be). */
    boolean shows(int output, boolean on) {
        int w = watchOfOutput[output];
        return w >= 0 && read(w) == on;
    }

    /** Every supervised output's id and state, for the status: {@code ok} or {@code faulty}, with its fault count. */
    List<LoopStatus.SupervisionView> views(List<Site.OutputDef> outputs) {
        List<LoopStatus.SupervisionView> out = new ArrayList<>(rules.size());
        for (int w = 0; w < rules.size(); w++) {
            String why = !faulty[w] ? "" : failedOn[w] && failedOff[w] ? "stuck" : failedOn[w]
                    ? "does-not-follow" : "does-not-rest";
            out.add(new LoopStatus.SupervisionView(outputs.get(rules.get(w).output()).id(), faulty[w] ? "faulty" : "ok",
                    why, faults[w]));
        }
        return out;
    }
}
