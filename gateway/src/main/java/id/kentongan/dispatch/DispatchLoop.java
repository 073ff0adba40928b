package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The heart of the post: the one thread that owns the alert state. It takes inputs from the
 * {@link Inbox}, debounces edges, applies the site's rules, drives the outputs first (a GPIO write),
 * then hands the event to the journal and the uplink, and plays siren patterns on its own timer.
 *
 * <p>Threads: {@link #start()} and {@link #stop()} from the owner (the composition root); everything
 * else runs on the {@code kentongan-dispatch} thread, or on a test's thread that steps the loop by hand
 * with {@link #runPending(long)} instead of starting it. Nothing here does disk or network I/O, and
 * nothing here logs in the normal path (a log line is I/O too); the journal logs each event.
 *
 * <p>Time is a parameter: edges carry their own nano time, deadlines use the {@code nanos} clock given
 * at construction, CAP {@code sent} uses the {@code wall} clock.
 */
public final class DispatchLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    /** Open alerts kept for status; beyond this the oldest quiet ones are forgotten (they stay journaled). */
    static final int MAX_OPEN_ALERTS = 256;
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    // fixed at construction
    private final Site site;
    private final Inbox inbox;
    private final Outputs outputs;
    private final JournalSink journal;
    private final UplinkSink uplink;
    private final InstantSource wall;
    private final LongSupplier nanos;
    private final long boot;

    // loop thread only
    private long lastSeq;
    private final boolean[] accepted;
    private final boolean[] raw;
    private final boolean[] recheck;
    private final long[] lockoutUntil;
    private final OpenAlert[] alertOfInput;
    private final Sounding[] soundings;
    private final boolean[] outputOn;
    private final LinkedHashMap<Long, OpenAlert> open = new LinkedHashMap<>();
    private boolean uplinkUp;
    private long uplinkDownSince;
    private boolean uplinkLostRaised;
    private long failedInputs;

    // lifecycle, owner thread
    private final CompletableFuture<Void> armed = new CompletableFuture<>();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param lastSeq the highest sequence number the journal holds; the next event gets {@code lastSeq + 1}
     */
    public DispatchLoop(Site site, long boot, long lastSeq, Inbox inbox, Outputs outputs, JournalSink journal,
                        UplinkSink uplink, InstantSource wall, LongSupplier nanos) {
        this.site = site;
        this.boot = boot;
        this.lastSeq = lastSeq;
        this.inbox = inbox;
        this.outputs = outputs;
        this.journal = journal;
        this.uplink = uplink;
        this.wall = wall;
        this.nanos = nanos;
        int in = site.inputs().size();
        int out = site.outputs().size();
        accepted = new boolean[in];
        raw = new boolean[in];
        recheck = new boolean[in];
        lockoutUntil = new long[in];
        alertOfInput = new OpenAlert[in];
        soundings = new Sounding[out];
        outputOn = new boolean[out];
        uplinkDownSince = nanos.getAsLong(); // not connected yet: the grace period starts now
    }

    /** Owner thread: drives every output off, then starts the loop thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = Thread.ofPlatform().name("kentongan-dispatch").unstarted(this);
        thread.start();
    }

    /** Completes once the loop runs with every output driven to its start state: the post is armed. */
    public CompletableFuture<Void> armed() {
        return armed;
    }

    /** Owner thread: stops the loop, which drives every output off on its way out, and waits for it. */
    public synchronized void stop() throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        java.util.concurrent.locks.LockSupport.unpark(t);
        t.join();
        thread = null;
    }

    @Override
    public void run() {
        allOff();
        armed.complete(null);
        try {
            while (running) {
                long now = nanos.getAsLong();
                runPending(now);
                long wait = Math.min(nextDeadline() - nanos.getAsLong(), MAX_PARK_NANOS);
                if (wait > 0) {
                    inbox.await(wait);
                }
            }
        } finally {
            allOff();
        }
    }

    /** Drives every output to its inactive level; used at start and on the way out. */
    public void allOff() {
        for (int o = 0; o < outputOn.length; o++) {
            soundings[o] = null;
            outputs.set(o, false);
            outputOn[o] = false;
        }
    }

    /**
     * Handles every queued input, then every timer due by {@code now}. The loop thread calls it each
     * turn; a unit test calls it instead of starting the loop, moving time by hand.
     */
    public void runPending(long now) {
        Input in;
        while ((in = inbox.poll()) != null) {
            try {
                handle(in);
            } catch (RuntimeException e) {
                failedInputs++;
                log.error("dispatch: input {} failed and was passed over", in, e);
            }
        }
        timers(now);
    }

    /** The earliest nano time at which a timer is due, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Sounding s : soundings) {
            if (s != null) {
                next = Math.min(next, s.nextDeadline());
            }
        }
        for (int i = 0; i < recheck.length; i++) {
            if (recheck[i]) {
                next = Math.min(next, lockoutUntil[i]);
            }
        }
        if (!uplinkUp && !uplinkLostRaised) {
            next = Math.min(next, uplinkDownSince + site.uplinkLostAfterNanos());
        }
        return next;
    }

    private void handle(Input in) {
        switch (in) {
            case Input.Edge e -> onEdge(e.input(), e.active(), e.nanos());
            case Input.UplinkChanged u -> onUplink(u.connected());
            case Input.Delivered d -> {
                OpenAlert a = open.get(d.seq());
                if (a != null && a.state == OpenAlert.State.RAISED) {
                    a.state = OpenAlert.State.DELIVERED;
                }
            }
            case Input.StatusQuery q -> q.reply().complete(snapshot());
        }
    }

    /**
     * Leading-edge debounce: an edge that changes the accepted state is taken at once, then the line is
     * not trusted for the input's debounce time; when that time is over, the line's last level is taken
     * if it differs, so a press shorter than the debounce still ends in a release.
     */
    private void onEdge(int i, boolean active, long at) {
        raw[i] = active;
        if (at < lockoutUntil[i]) {
            recheck[i] = true;
            return;
        }
        accept(i, active, at);
    }

    private void accept(int i, boolean active, long at) {
        if (accepted[i] == active) {
            return;
        }
        accepted[i] = active;
        lockoutUntil[i] = at + site.inputs().get(i).debounceNanos();
        if (active) {
            activated(i, at);
        }
    }

    private void activated(int i, long at) {
        Site.InputRule rule = site.inputs().get(i);
        if (rule.silence()) {
            silenceAll();
            return;
        }
        OpenAlert previous = alertOfInput[i];
        if (previous != null && previous.sound == OpenAlert.Sound.SOUNDING) {
            return; // the same danger, still sounding: one alert, not one per press
        }
        int[] outs = rule.outputs();
        for (int o : outs) { // local actuation first: the siren does not wait for anything below
            if (mayTake(o, rule.priority())) {
                write(o, true);
            }
        }
        Event event = newEvent(rule.kind(), rule.priority(), rule.id(), rule.zone(), Event.MsgType.Alert, null);
        OpenAlert alert = new OpenAlert(event);
        for (int o : outs) {
            if (mayTake(o, rule.priority())) {
                Sounding old = soundings[o];
                if (old != null) {
                    release(old.alert, OpenAlert.Sound.SILENCED);
                }
                soundings[o] = new Sounding(rule.pattern(), alert, at, at + rule.maxSoundingNanos());
                alert.soundingOutputs++;
                alert.sound = OpenAlert.Sound.SOUNDING;
            }
        }
        alertOfInput[i] = alert;
        if (rule.priority().isAlert()) {
            remember(alert);
        }
        hand(event);
    }

    /** An output already sounding for a more important alert keeps playing it. */
    private boolean mayTake(int o, Priority priority) {
        Sounding s = soundings[o];
        return s == null || s.alert.event.priority().ordinal() >= priority.ordinal();
    }

    private void release(OpenAlert alert, OpenAlert.Sound why) {
        if (--alert.soundingOutputs == 0) {
            alert.sound = why;
        }
    }

    private void timers(long now) {
        if (!uplinkUp && !uplinkLostRaised && now - uplinkDownSince >= site.uplinkLostAfterNanos()) {
            uplinkLostRaised = true; // once per outage; the centre reads it when the link is back
            hand(newEvent(AlertKind.UPLINK_LOST, AlertKind.UPLINK_LOST.defaultPriority(), "uplink",
                    site.post().zone(), Event.MsgType.Alert, null));
        }
        for (int i = 0; i < recheck.length; i++) {
            if (recheck[i] && now >= lockoutUntil[i]) {
                recheck[i] = false;
                accept(i, raw[i], lockoutUntil[i]); // the line settled then, however late we look

            }
        }
        for (int o = 0; o < soundings.length; o++) {
            Sounding s = soundings[o];
            if (s == null) {
                continue;
            }
            if (now >= s.endNanos) {
                soundings[o] = null;
                write(o, false);
                release(s.alert, OpenAlert.Sound.TIMED_OUT);
                if (s.alert.sound == OpenAlert.Sound.TIMED_OUT) {
                    Event e = s.alert.event;
                    hand(newEvent(AlertKind.SIREN_TIMEOUT, AlertKind.SIREN_TIMEOUT.defaultPriority(), e.source(),
                            e.zone(), Event.MsgType.Update, CapJson.reference(e, site.post())));
                }
            } else {
                write(o, s.advance(now));
            }
        }
    }

    private void silenceAll() {
        List<OpenAlert> silenced = new ArrayList<>();
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
        if (silenced.isEmpty()) {
            return;
        }
        StringBuilder refs = new StringBuilder();
        for (OpenAlert a : silenced) {
            if (!refs.isEmpty()) {
                refs.append(' ');
            }
            refs.append(CapJson.reference(a.event, site.post()));
        }
        hand(newEvent(AlertKind.SIREN_SILENCED, AlertKind.SIREN_SILENCED.defaultPriority(), "silence",
                site.post().zone(), Event.MsgType.Update, refs.toString()));
    }

    private void onUplink(boolean connected) {
        if (connected == uplinkUp) {
            return;
        }
        uplinkUp = connected;
        uplinkLostRaised = false;
        uplinkDownSince = nanos.getAsLong();
        for (int o = 0; o < outputOn.length; o++) {
            if (site.outputs().get(o).role() == Site.OutputRole.UPLINK_LED) {
                write(o, connected);
            }
        }
    }

    private void write(int o, boolean on) {
        if (outputOn[o] != on) {
            outputs.set(o, on);
            outputOn[o] = on;
        }
    }

    private Event newEvent(AlertKind kind, Priority priority, String source, String zone, Event.MsgType type,
                           String references) {
        long seq = ++lastSeq;
        return new Event(seq, boot, Event.identifier(site.post(), boot, seq), kind, priority, source, zone,
                wall.millis(), Event.CapStatus.Actual, type, references);
    }

    private void hand(Event e) {
        journal.append(e);
        uplink.publish(e);
    }

    private void remember(OpenAlert alert) {
        open.put(alert.event.seq(), alert);
        if (open.size() > MAX_OPEN_ALERTS) {
            for (Iterator<OpenAlert> it = open.values().iterator(); it.hasNext(); ) {
                if (it.next().sound != OpenAlert.Sound.SOUNDING) {
                    it.remove();
                    break;
                }
            }
        }
    }

    private LoopStatus snapshot() {
        long now = nanos.getAsLong();
        List<LoopStatus.AlertView> alerts = new ArrayList<>();
        for (OpenAlert a : open.values()) {
            Event e = a.event;
            alerts.add(new LoopStatus.AlertView(e.seq(), e.identifier(), e.kind().wireName(),
                    e.priority().wireName(), e.source(), e.sentMillis(), lower(a.state.name()), lower(a.sound.name())));
        }
        List<LoopStatus.OutputView> outs = new ArrayList<>();
        for (int o = 0; o < soundings.length; o++) {
            Site.OutputDef def = site.outputs().get(o);
            Sounding s = soundings[o];
            outs.add(new LoopStatus.OutputView(def.id(), lower(def.role().name()), outputOn[o],
                    s == null ? "" : s.pattern.name(), s == null ? -1 : s.alert.event.seq(),
                    s == null ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, s.endNanos - now))));
        }
        List<LoopStatus.InputView> ins = new ArrayList<>();
        for (int i = 0; i < accepted.length; i++) {
            ins.add(new LoopStatus.InputView(site.inputs().get(i).id(), accepted[i]));
        }
        return new LoopStatus(boot, lastSeq, uplinkUp, inbox.depth(), inbox.refused(), alerts, outs, ins);
    }

    private static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Inputs that threw while handled; each was logged and passed over. */
    public long failedInputs() {
        return failedInputs;
    }
}
