package id.kentongan.dispatch;

import java.util.List;

/**
 * The post's power as its UPS tells it (#16): the mains present or lost, the battery low or critical.
 * A new level counts once it has held for the line's settle time, so a flicker of the mains is not a
 * power cut, and each change is told once. Part of the loop: called on the loop thread only, telling the
 * loop through a narrow callback, with its deadlines through {@link #nextDeadline()}.
 *
 * <p>Each line starts at its normal level (the mains present, the battery not low); a line found
 * otherwise when it is first judged, a settle time after start, is told then: a post that boots on its
 * battery says so.
 */
final class Power {

    /** What the power lines tell the loop. */
    interface Loop {
        /** {@code kind}'s line now holds {@code active} (for the mains: present). */
        void changed(SupervisionRules.Power kind, boolean active, long at);
    }

    private static final long NONE = Long.MAX_VALUE;

    private final List<SupervisionRules.PowerLine> lines;
    private final Loop loop;
    private final boolean[] level;
    private final boolean[] told;
    private final long[] due;
    private Lines reader;
    private long next = NONE;

    Power(List<SupervisionRules.PowerLine> lines, long start, Loop loop) {
        this.lines = List.copyOf(lines);
        this.loop = loop;
        int n = lines.size();
        level = new boolean[n];
        told = new boolean[n];
        due = new long[n];
        for (int p = 0; p < n; p++) {
            boolean normal = lines.get(p).kind() == SupervisionRules.Power.MAINS;
            level[p] = normal;
            told[p] = normal;
            due[p] = start + lines.get(p).settleNanos();
            next = Math.min(next, due[p]);
        }
    }

    /** Owner thread, before the loop starts: who reads a power line when it is judged (the GPIO). */
    void readWith(Lines lines) {
        this.reader = lines;
    }

    /** The index into the power lines of input {@code input}, or -1 when it is not one. */
    int lineOf(int input) {
        for (int p = 0; p < lines.size(); p++) {
            if (lines.get(p).input() == input) {
                return p;
            }
        }
        return -1;
    }

    /** A power line's edge: a change counts once it has held for the settle time (a flicker restarts it). */
    void edge(int p, boolean active, long at) {
        level[p] = active;
        due[p] = active == told[p] ? NONE : at + lines.get(p).settleNanos();
        next = Math.min(next, due[p]);
    }

    /** A power line whose edge the inbox refused: judged again after its settle time. */
    void reread(int p, long at) {
        due[p] = at + lines.get(p).settleNanos();
        next = Math.min(next, due[p]);
    }

    void timers(long now) {
        if (now < next) {
            return;
        }
        next = NONE;
        for (int p = 0; p < due.length; p++) {
            if (due[p] <= now) {
                due[p] = NONE;
                boolean l = read(p);
                if (l != told[p]) {
                    told[p] = l;
                    loop.changed(lines.get(p).kind(), l, now);
                }
            }
            next = Math.min(next, due[p]);
        }
    }

    private boolean read(int p) {
        if (reader != null) {
            try {
                level[p] = reader.active(lines.get(p).input());
            } catch (RuntimeException e) {
                return told[p]; // a line that cannot be read changes nothing
            }
        }
        return level[p];
    }

    long nextDeadline() {
        return next;
    }

    /** What the power lines last told: {@code present}, {@code lost} or {@code unwired} for the mains. */
    LoopStatus.PowerView view() {
        String mains = "unwired";
        boolean low = false;
        boolean critical = false;
        for (int p = 0; p < lines.size(); p++) {
            switch (lines.get(p).kind()) {
                case MAINS -> mains = told[p] ? "present" : "lost";
                case BATTERY_LOW -> low = told[p];
                case BATTERY_CRITICAL -> critical = told[p];
            }
        }
        return new LoopStatus.PowerView(mains, low, critical);
    }
}
