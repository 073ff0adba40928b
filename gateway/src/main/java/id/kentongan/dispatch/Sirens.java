package id.kentongan.dispatch;

import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The post's outputs: which alert each siren and strobe plays, until when, and the two LEDs the guard
 * reads. Part of the dispatch loop: called on the loop thread only, telling the loop through a narrow
 * callback when a time limit ends an alert's sounding, with its own deadlines (pattern steps, time
 * limits) reported through {@link #nextDeadline()}. The only writer of {@link Outputs}.
 *
 * <p>Who takes an output: one already sounding for a more important alert keeps playing it; one of
 * the same class or below goes to the newer alert. A test or drill never takes an output from a real
 * alert, and a real alert always takes one from a test or drill. An alert whose every output was taken
 * is superseded, not ended: the post still sounds, so its input adds nothing when pressed again, and
 * the silence or time limit that ends the sounding ends it too and says so.
 *
 * <p>A write the hardware refuses is counted, and the line is tried again at every turn of the loop
 * (at least once a second) until it takes the level it is meant to have: a steady siren has no next
 * step, and a silenced one no next write, that would try it otherwise. The first refusal of a run is
 * logged, and the line's recovery, not every retry.
 */
final class Sirens {

    /** What the outputs tell the dispatch loop. */
    interface Loop {
        /**
         * {@code alert}'s last output reached its time limit; {@code ended} is it, then the alerts it
         * had superseded if nothing sounds any more.
         */
        void timedOut(OpenAlert alert, List<OpenAlert> ended);
    }

    private static final Logger log = LoggerFactory.getLogger(Sirens.class);

    private final List<Site.OutputDef> defs;
    private final Outputs outputs;
    private final Loop loop;
    private final int[] sounders;
    private final Sounding[] soundings;
    /** The level each output is meant to have: the last written, even if the hardware refused it. */
    private final boolean[] on;
    /** The line refused its meant level: it is written again at each turn until it takes it. */
    private final boolean[] refused;
    /** The watch's routine beats (#14) on their output, one round of the pattern each; never with an alert. */
    private final Sounding[] routine;
    /** Alerts whose every output another alert took, in sequence order, until the sounding ends. */
    private final List<OpenAlert> superseded = new ArrayList<>();
    /** What the last {@link #silence} silenced: kept, so that a press of the silence input allocates no list. */
    private final List<OpenAlert> silenced = new ArrayList<>();
    private long failedWrites;

    Sirens(List<Site.OutputDef> defs, Outputs outputs, Loop loop) {
        this.defs = defs;
        this.outputs = outputs;
        this.loop = loop;
        this.sounders = IntStream.range(0, defs.size()).filter(o -> defs.get(o).role().sounds()).toArray();
        this.soundings = new Sounding[defs.size()];
        this.routine = new Sounding[defs.size()];
        this.on = new boolean[defs.size()];
        this.refused = new boolean[defs.size()];
    }

    /** Every output that sounds (sirens, strobes): what a centre's alert plays on. */
    int[] sounders() {
        return sounders.clone();
    }

    /**
     * Drives every output to its inactive level, at start and on the way out. Unlike every other write,
     * a failure here is not passed over: a post that cannot drive its outputs is not armed.
     */
    void allOff() {
        for (int o = 0; o < on.length; o++) {
            soundings[o] = null;
            routine[o] = null;
            outputs.set(o, false);
            on[o] = false;
            refused[o] = false;
        }
    }

    /**
     * Local actuation first: switches on each of {@code outs} that an alert of this class may take,
     * before its event is even made. {@link #play} then gives them the alert and its pattern.
     */
    void switchOn(int[] outs, Priority priority, boolean real) {
        stopRoutine();
        for (int o : outs) {
            if (mayTake(o, priority, real)) {
                write(o, true);
            }
        }
    }

    /** Plays {@code pattern} for {@code alert} from {@code at} on each of {@code outs} it may take, for {@code maxNanos}. */
    void play(OpenAlert alert, int[] outs, SirenPattern pattern, long at, long maxNanos) {
        Priority priority = alert.event.priority();
        boolean real = alert.event.status() == Event.CapStatus.Actual;
        stopRoutine();
        for (int o : outs) {
            if (mayTake(o, priority, real)) {
                Sounding old = soundings[o];
                if (old != null) {
                    release(old.alert, OpenAlert.Sound.SUPERSEDED);
                }
                soundings[o] = new Sounding(pattern, alert, at, at + maxNanos);
                alert.soundingOutputs++;
                alert.sound = OpenAlert.Sound.SOUNDING;
            }
        }
    }

    /**
     * The guard's silence: every output stops.
     *
     * @return the alerts it silenced, superseded ones last, maybe none: read it before the next silence, which
     *         fills the same list again
     */
    List<OpenAlert> silence() {
        stopRoutine();
        silenced.clear();
        for (int o = 0; o < soundings.length; o++) {
            Sounding s = soundings[o];
            if (s != null) {
                soundings[o] = null;
                write(o, false);
                release(s.alert, OpenAlert.Sound.SILENCED);
                if (s.alert.sound == OpenAlert.Sound.SILENCED) {
                    silenced.add(s.alert);
                }
            }
        }
        settleSuperseded(OpenAlert.Sound.SILENCED, silenced);
        return silenced;
    }

    /**
     * A centre's all-clear: the outputs {@code alerts} hold stop (with {@code everyOutput}, all of them),
     * and those alerts end silenced; so do the ones they had superseded, once nothing sounds.
     */
    void clear(List<OpenAlert> alerts, boolean everyOutput) {
        for (int o = 0; o < soundings.length; o++) {
            if (soundings[o] != null && (everyOutput || alerts.contains(soundings[o].alert))) {
                soundings[o] = null;
                write(o, false);
            }
        }
        for (OpenAlert a : alerts) {
            a.sound = OpenAlert.Sound.SILENCED;
            superseded.remove(a);
        }
        if (nothingSounds()) { // the alerts they had superseded lost their outputs to them, which are now quiet
            for (OpenAlert a : superseded) {
                a.sound = OpenAlert.Sound.SILENCED;
            }
            superseded.clear();
        }
    }

    void timers(long now) {
        for (int o = 0; o < soundings.length; o++) {
            Sounding s = soundings[o];
            if (s == null && routine[o] != null) {
                Sounding r = routine[o];
                if (now >= r.endNanos) {
                    routine[o] = null;
                    write(o, false);
                } else {
                    write(o, r.advance(now));
                }
                continue;
            }
            if (s == null) {
                if (refused[o]) {
                    write(o, on[o]);
                }
                continue;
            }
            if (now >= s.endNanos) {
                soundings[o] = null;
                write(o, false);
                release(s.alert, OpenAlert.Sound.TIMED_OUT);
                if (s.alert.sound == OpenAlert.Sound.TIMED_OUT) {
                    List<OpenAlert> ended = new ArrayList<>();
                    ended.add(s.alert);
                    if (nothingSounds()) {
                        settleSuperseded(OpenAlert.Sound.TIMED_OUT, ended);
                    }
                    loop.timedOut(s.alert, ended);
                }
            } else {
                write(o, s.advance(now));
            }
        }
    }

    /** The earliest pattern step or time limit, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Sounding s : soundings) {
            if (s != null) {
                next = Math.min(next, s.nextDeadline());
            }
        }
        for (Sounding r : routine) {
            if (r != null) {
                next = Math.min(next, r.nextDeadline());
            }
        }
        return next;
    }

    /**
     * The watch's routine beats (#14): one round of {@code pattern} on output {@code o} from {@code now}, unless
     * an alert sounds anywhere (the beats must never mingle with an alarm: they are not played, not put off).
     * An alert, or the guard's silence, stops them at once. @return whether they play
     */
    boolean beat(int o, SirenPattern pattern, long now) {
        if (o < 0 || o >= routine.length || pattern == null || !nothingSounds()) {
            return false;
        }
        long round = 0;
        for (long step : pattern.steps()) {
            round = step == Long.MAX_VALUE ? Long.MAX_VALUE : round + step;
        }
        // a steady pattern has no round: a short beat of a second stands for it
        long end = round == Long.MAX_VALUE ? now + TimeUnit.SECONDS.toNanos(1) : now + round - pattern.step(
                pattern.stepCount() - 1); // the round's closing pause is silence: it ends with its last beat
        routine[o] = new Sounding(pattern, null, now, end);
        write(o, true);
        return true;
    }

    private void stopRoutine() {
        for (int o = 0; o < routine.length; o++) {
            if (routine[o] != null) {
                routine[o] = null;
                write(o, false);
            }
        }
    }

    /** The "acknowledged" LEDs: on while the centre has acknowledged the post's latest alarm. */
    void showAcknowledged(boolean acknowledged) {
        show(Site.OutputRole.ACK_LED, acknowledged);
    }

    /** The uplink LEDs: on while the post reaches its broker. */
    void showUplink(boolean connected) {
        show(Site.OutputRole.UPLINK_LED, connected);
    }

    /** Whether any output sounds an alert now (a self-test waits for quiet, #16). */
    boolean sounding() {
        return !nothingSounds();
    }

    /** The pattern the post's sirens play now (strobes aside), or empty. */
    String sirenPattern() {
        for (int o = 0; o < soundings.length; o++) {
            if (soundings[o] != null && defs.get(o).role() == Site.OutputRole.SIREN) {
                return soundings[o].pattern.name();
            }
        }
        return "";
    }

    List<LoopStatus.OutputView> views(long now) {
        List<LoopStatus.OutputView> out = new ArrayList<>(soundings.length);
        for (int o = 0; o < soundings.length; o++) {
            Site.OutputDef def = defs.get(o);
            Sounding s = soundings[o];
            out.add(new LoopStatus.OutputView(def.id(), LoopStatus.wire(def.role()), on[o],
                    s == null ? "" : s.pattern.name(), s == null ? -1 : s.alert.event.seq(),
                    s == null ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, s.endNanos - now))));
        }
        return out;
    }

    /** Output writes the hardware refused, retries included; the first of each run was logged. */
    long failedWrites() {
        return failedWrites;
    }

    private boolean mayTake(int o, Priority priority, boolean real) {
        Sounding s = soundings[o];
        if (s == null) {
            return true;
        }
        boolean current = s.alert.event.status() == Event.CapStatus.Actual;
        if (real != current) {
            return real;
        }
        return s.alert.event.priority().ordinal() >= priority.ordinal();
    }

    private void release(OpenAlert alert, OpenAlert.Sound why) {
        if (--alert.soundingOutputs == 0) {
            alert.sound = why;
            if (why == OpenAlert.Sound.SUPERSEDED) {
                int at = superseded.size();
                while (at > 0 && superseded.get(at - 1).event.seq() > alert.event.seq()) {
                    at--;
                }
                superseded.add(at, alert);
            }
        }
    }

    /** The superseded alerts end with the sounding that took their outputs: added to {@code ended}. */
    private void settleSuperseded(OpenAlert.Sound why, List<OpenAlert> ended) {
        for (int i = 0; i < superseded.size(); i++) { // by index: no iterator (an allocation under C1)
            OpenAlert a = superseded.get(i);
            a.sound = why;
            ended.add(a);
        }
        superseded.clear();
    }

    private boolean nothingSounds() {
        for (Sounding s : soundings) {
            if (s != null) {
                return false;
            }
        }
        return true;
    }

    private void show(Site.OutputRole role, boolean lit) {
        for (int o = 0; o < on.length; o++) {
            if (defs.get(o).role() == role) {
                write(o, lit);
            }
        }
    }

    private void write(int o, boolean level) {
        if (on[o] == level && !refused[o]) {
            return;
        }
        on[o] = level;
        try {
            outputs.set(o, level);
            if (refused[o]) {
                refused[o] = false;
                log.warn("dispatch: output {} takes writes again, now {}", defs.get(o).id(), level ? "on" : "off");
            }
        } catch (RuntimeException e) {
            failedWrites++;
            if (!refused[o]) {
                refused[o] = true;
                log.error("dispatch: writing output {} {} failed, trying again each turn: {}", defs.get(o).id(),
                        level ? "on" : "off", e.toString());
            }
        }
    }
}
