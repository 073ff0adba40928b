package id.kentongan.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The post's wired inputs as the loop takes them: which edges are presses, and which presses are new
 * events. Part of the dispatch loop: called on the loop thread only, raising alerts through the loop,
 * with its own deadlines (the ends of lockouts) reported through {@link #nextDeadline()}.
 *
 * <p>Leading-edge debounce: an edge that changes an input's accepted state is taken at once (the
 * siren does not wait for the line to settle), then the line is not trusted for the input's debounce
 * time; when that time is over, the line's last level is taken if it differs, so a press shorter than
 * the debounce still ends in a release.
 *
 * <p>Then the rest: an input whose alert still sounds adds nothing when pressed again (one danger, one
 * alert), and an input that sounds nothing must rest for its {@code rearm} time before its next
 * activation is a new event, since a chattering contact beats any debounce many times a second.
 *
 * <p>An edge the inbox refused is not lost: its line is marked, and {@link #reread} reads the line's
 * level through {@link Lines} as an edge seen now, so a lost release does not leave a button dead.
 */
final class Debounce {

    /** What the inputs ask of the dispatch loop. */
    interface Loop {
        /** The guard's silence input was pressed. */
        void silence();

        /** An activation of {@code rule}'s input is a new event: raise it. @return its alert */
        OpenAlert raise(Site.InputRule rule, long at);
    }

    private static final Logger log = LoggerFactory.getLogger(Debounce.class);

    private final List<Site.InputRule> rules;
    private final Loop loop;
    private final boolean[] accepted;
    /** The line's last level, as its last edge said. */
    private final boolean[] raw;
    /** An edge came during the lockout: the line is looked at again when the lockout ends. */
    private final boolean[] recheck;
    private final long[] lockoutUntil;
    private final long[] restSince;
    private final OpenAlert[] alertOf;
    /** {@code null} until {@link #readWith}: a line whose edge the inbox refused is then not read again. */
    private Lines lines;
    private long failedReads;

    Debounce(List<Site.InputRule> rules, Loop loop) {
        this.rules = rules;
        this.loop = loop;
        int in = rules.size();
        accepted = new boolean[in];
        raw = new boolean[in];
        recheck = new boolean[in];
        lockoutUntil = new long[in];
        restSince = new long[in];
        alertOf = new OpenAlert[in];
    }

    /** Input {@code i}'s line went {@code active} (or not) at nano time {@code at}. */
    void edge(int i, boolean active, long at) {
        if (recheck[i] && at >= lockoutUntil[i]) { // a late loop: the lockout ended before this edge came
            recheck[i] = false;
            accept(i, raw[i], lockoutUntil[i]);
        }
        raw[i] = active;
        if (at < lockoutUntil[i]) {
            recheck[i] = true;
            return;
        }
        accept(i, active, at);
    }

    /** Owner thread, before the loop starts: who reads a line again when the inbox refused its edge (the GPIO). */
    void readWith(Lines lines) {
        this.lines = lines;
    }

    /**
     * Lines whose edges the inbox refused (bit {@code i}: input {@code i}), read as they are now and taken
     * as edges seen at {@code now}: after the queued edges, which are all older.
     */
    void reread(long stale, long now) {
        for (; stale != 0; stale &= stale - 1) {
            int i = Long.numberOfTrailingZeros(stale);
            if (lines == null || i >= raw.length) {
                continue;
            }
            try {
                edge(i, lines.active(i), now);
            } catch (RuntimeException e) {
                failedReads++;
                log.error("dispatch: reading input {} again failed", rules.get(i).id(), e);
            }
        }
    }

    /** Lines read again that threw; each was logged and passed over. */
    long failedReads() {
        return failedReads;
    }

    void timers(long now) {
        for (int i = 0; i < recheck.length; i++) {
            if (recheck[i] && now >= lockoutUntil[i]) {
                recheck[i] = false;
                accept(i, raw[i], lockoutUntil[i]); // the line settled then, however late we look
            }
        }
    }

    /** The earliest end of a lockout with an edge to look at again, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < recheck.length; i++) {
            if (recheck[i]) {
                next = Math.min(next, lockoutUntil[i]);
            }
        }
        return next;
    }

    /** Input count: an index at or past it is no wired input. */
    int size() {
        return rules.size();
    }

    List<LoopStatus.InputView> views() {
        List<LoopStatus.InputView> out = new ArrayList<>(accepted.length);
        for (int i = 0; i < accepted.length; i++) {
            out.add(new LoopStatus.InputView(rules.get(i).id(), accepted[i]));
        }
        return out;
    }

    private void accept(int i, boolean active, long at) {
        if (accepted[i] == active) {
            return;
        }
        accepted[i] = active;
        lockoutUntil[i] = at + rules.get(i).debounceNanos();
        if (active) {
            activated(i, at);
        } else {
            restSince[i] = at;
        }
    }

    private void activated(int i, long at) {
        Site.InputRule rule = rules.get(i);
        if (rule.silence()) {
            loop.silence();
            return;
        }
        OpenAlert previous = alertOf[i];
        if (previous != null && previous.stillSounding()) {
            return; // the same danger, still sounding: one alert, not one per press
        }
        if (previous != null && !sounds(rule) && at - restSince[i] < rule.rearmNanos()) {
            return; // a contact chattering, not a new opening: it was not at rest long enough
        }
        alertOf[i] = loop.raise(rule, at);
    }

    private static boolean sounds(Site.InputRule rule) {
        return rule.pattern() != null && rule.outputs().length > 0 && rule.priority().isAlert();
    }
}
