package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import id.kentongan.clock.ClockSync;
import id.kentongan.clock.ClockWatch;
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
 * at construction, CAP {@code sent} uses the {@code wall} clock. Nothing that orders or times anything
 * reads the wall clock: it may jump a day either way (a Pi has no RTC until NTP syncs), so it only
 * stamps events, flagged when the {@link ClockWatch} does not trust it, and the sequence stays the
 * order of record.
 */
public final class DispatchLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    /** Open alerts kept for status; beyond this the oldest quiet ones are forgotten (they stay journaled). */
    static final int MAX_OPEN_ALERTS = 256;
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a restart, alerts older than this are not held open again (when their age can be told). */
    static final long RESTORE_WITHIN_MILLIS = TimeUnit.DAYS.toMillis(1);

    /**
     * A field node repeating an alarm that sounds nothing within this time gets its open alert back, as an
     * input that sounds nothing must rest for its {@code rearm} (default the same second) before its next
     * activation is a new event: a chattering contact beats the debounce many times a second, and each
     * beat would otherwise be one more alert. An input with a siren needs no such rule: a press while its
     * siren sounds already adds nothing.
     */
    static final long REARM_NANOS = TimeUnit.SECONDS.toNanos(1);

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
    private final long[] restSince;
    private final OpenAlert[] alertOfInput;
    private final Sounding[] soundings;
    private final boolean[] outputOn;
    private final LinkedHashMap<Long, OpenAlert> open = new LinkedHashMap<>();
    private boolean uplinkUp;
    private long uplinkDownSince;
    private boolean uplinkLostRaised;
    private long failedInputs;
    private long failedWrites;
    private final FieldNodes fieldNodes;
    private LevelSink levelSink = LevelSink.NONE;
    private Watchdog watchdog = Watchdog.NONE;
    private EdgeMeter edgeMeter = EdgeMeter.NONE;
    /** {@code null} without {@link #readLinesWith}: a line whose edge the inbox refused is then not read again. */
    private Lines lines;
    private AlertLevel level = AlertLevel.QUIET;
    private boolean levelDirty = true;
    /** {@code null} until {@link #judgeClockWith}: then the clock is taken as right and never watched. */
    private ClockWatch clock;

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
        restSince = new long[in];
        alertOfInput = new OpenAlert[in];
        soundings = new Sounding[out];
        outputOn = new boolean[out];
        uplinkDownSince = nanos.getAsLong(); // not connected yet: the grace period starts now
        fieldNodes = new FieldNodes(site, uplinkDownSince, wall, new FieldNodes.Loop() {
            @Override
            public OpenAlert raise(AlertKind kind, String source, String zone, String ref, Double value, int[] outs,
                                   SirenPattern pattern, long at, long maxSoundingNanos) {
                return DispatchLoop.this.raise(kind, kind.defaultPriority(), source, zone, ref, value, outs, pattern,
                        at, maxSoundingNanos);
            }

            @Override
            public void returned(OpenAlert silent) {
                Event e = silent.event;
                open.remove(e.seq());
                levelDirty = true;
                hand(newEvent(AlertKind.NODE_RETURNED, AlertKind.NODE_RETURNED.defaultPriority(), e.source(),
                        e.zone(), Event.MsgType.Update, CapJson.reference(e, site.post())));
            }
        });
    }

    /** Owner thread, before {@link #start}: where level changes go (field displays, remote sirens). */
    public void reportLevelTo(LevelSink sink) {
        this.levelSink = sink;
    }

    /** Owner thread, before {@link #start}: who is kicked after every turn of the loop (systemd's watchdog). */
    public void watchWith(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    /** Owner thread, before {@link #start}: who says whether the wall clock is synchronised (the kernel). */
    public void judgeClockWith(ClockSync sync) {
        this.clock = new ClockWatch(wall, nanos, sync);
    }

    /** Owner thread, before {@link #start}: who reads a line again when the inbox refused its edge (the GPIO). */
    public void readLinesWith(Lines lines) {
        this.lines = lines;
    }

    /** Owner thread, before {@link #start}: who times each edge from the line to handled (metrics). */
    public void meterEdgesWith(EdgeMeter meter) {
        this.edgeMeter = meter;
    }

    /**
     * Owner thread, before {@link #start}: the alerts the post held open when it stopped, from the
     * journal's recent events in sequence order (alerts not since cancelled by an all-clear), so that an
     * unacknowledged alarm (life-safety, security) is still published again and escalated after a restart, and a
     * centre's ack or all-clear still finds it. Sirens do not resume: a guard presses again.
     *
     * <p>An alert's age comes from the wall clock only when both its stamp and the clock now are trusted;
     * otherwise (a Pi that journaled on fake-hwclock's time and restarted after NTP's step) its age is
     * unknown: it is held open, and its escalation is timed from now, never skipped or fired at once.
     */
    public void restoreOpenAlerts(List<Event> recent) {
        long now = nanos.getAsLong();
        long wallNow = wall.millis();
        boolean clockTrusted = clockTrusted();
        java.util.Map<String, OpenAlert> byId = new LinkedHashMap<>();
        for (Event e : recent) {
            if (e.msgType() == Event.MsgType.Alert && e.status() == Event.CapStatus.Actual
                    && e.priority().ordinal() <= Priority.SECURITY.ordinal()) {
                long age = clockTrusted && !e.unsynchronised() ? wallNow - e.sentMillis() : -1;
                if (age > RESTORE_WITHIN_MILLIS) {
                    continue;
                }
                OpenAlert a = new OpenAlert(e);
                a.raisedAt = now - TimeUnit.MILLISECONDS.toNanos(Math.max(0, age));
                if (e.priority().isAlarm()) {
                    a.republishGap = site.centre().republishFirstNanos();
                    a.nextRepublish = now + a.republishGap;
                }
                byId.put(e.identifier(), a);
            } else if (e.kind() == AlertKind.ALL_CLEAR) {
                CapJson.referencedIdentifiers(e.references()).forEach(byId::remove);
            } else if (e.kind() == AlertKind.ACKNOWLEDGED) {
                for (String id : CapJson.referencedIdentifiers(e.references())) {
                    OpenAlert a = byId.get(id);
                    if (a != null) {
                        a.state = OpenAlert.State.ACKNOWLEDGED;
                        a.nextRepublish = Long.MAX_VALUE;
                    }
                }
            }
        }
        byId.values().forEach(this::remember);
        ackLed();
    }

    /**
     * Owner thread, before {@link #start}: what each field node sent recently, from the journal, so
     * that a retry spanning a gateway restart still gets its first answer and raises nothing new.
     */
    public void rememberSourceEvents(java.util.Map<String, java.util.Map<String, SourceEvent>> bySource) {
        fieldNodes.remember(bySource);
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
                try {
                    runPending(now);
                } catch (RuntimeException | Error e) { // never let one fault disarm the post
                    failedInputs++;
                    log.error("dispatch: a turn of the loop failed; the loop goes on", e);
                }
                long turnEnd = nanos.getAsLong();
                long due = Math.min(nextDeadline(), watchdog.kick(turnEnd)); // kicked only by a loop that turns
                long wait = Math.min(due - turnEnd, MAX_PARK_NANOS);
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
        for (ClockWatch.Change c : clock == null ? List.<ClockWatch.Change>of() : clock.look()) { // first: the inputs below are stamped as it decides
            switch (c) {
                case ClockWatch.Change.Jumped j -> hand(stamped(AlertKind.CLOCK_JUMPED, null, j.millis() / 1000.0));
                case ClockWatch.Change.Synchronised s -> hand(stamped(AlertKind.CLOCK_SYNCHRONISED, null, null));
            }
        }
        Input in;
        while ((in = inbox.poll()) != null) {
            try {
                handle(in);
            } catch (RuntimeException e) {
                failedInputs++;
                log.error("dispatch: input {} failed and was passed over", in, e);
            }
        }
        long stale = inbox.takeRereads();
        if (stale != 0) {
            reread(stale);
        }
        timers(now);
        if (levelDirty) {
            levelDirty = false;
            AlertLevel l = computeLevel();
            if (!l.equals(level)) {
                level = l;
                levelSink.level(l);
            }
        }
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
        for (OpenAlert a : open.values()) {
            next = Math.min(next, a.nextRepublish);
            if (!a.escalated && a.nextRepublish != Long.MAX_VALUE) {
                next = Math.min(next, a.raisedAt + site.centre().escalateAfterNanos());
            }
        }
        return Math.min(next, fieldNodes.nextDeadline());
    }

    private void handle(Input in) {
        switch (in) {
            case Input.Edge e -> {
                onEdge(e.input(), e.active(), e.nanos());
                edgeMeter.handled(e.nanos(), nanos.getAsLong()); // after the outputs: the siren never waits
            }
            case Input.UplinkChanged u -> onUplink(u.connected());
            case Input.Delivered d -> {
                OpenAlert a = open.get(d.seq());
                if (a != null && a.state == OpenAlert.State.RAISED) {
                    a.state = OpenAlert.State.DELIVERED;
                }
            }
            case Input.FieldEvent f -> fieldNodes.event(f, nanos.getAsLong());
            case Input.Command c -> onCommand(c);
            case Input.Notice n -> hand(newEvent(n.kind(), n.kind().defaultPriority(), n.source(), site.post().zone(),
                    Event.MsgType.Alert, null));
            case Input.Heartbeat h -> fieldNodes.heartbeat(h.node(), h.batteryLow(), h.tamper(), h.nanos());
            case Input.StatusQuery q -> q.reply().complete(snapshot());
        }
    }

    /**
     * Lines whose edges the inbox refused (bit {@code i}: input {@code i}), read as they are now and taken
     * as edges seen now, through the usual debounce: after the queued edges, which are all older.
     */
    private void reread(long stale) {
        for (; stale != 0; stale &= stale - 1) {
            int i = Long.numberOfTrailingZeros(stale);
            if (lines == null || i >= raw.length) {
                continue;
            }
            try {
                onEdge(i, lines.active(i), nanos.getAsLong());
            } catch (RuntimeException e) {
                failedInputs++;
                log.error("dispatch: reading input {} again failed", site.inputs().get(i).id(), e);
            }
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
        } else {
            restSince[i] = at;
        }
    }

    private void activated(int i, long at) {
        Site.InputRule rule = site.inputs().get(i);
        if (rule.silence()) {
            silenceAll();
            return;
        }
        OpenAlert previous = alertOfInput[i];
        if (previous != null && previous.stillSounding()) {
            return; // the same danger, still sounding: one alert, not one per press
        }
        if (previous != null && !sounds(rule) && at - restSince[i] < rule.rearmNanos()) {
            return; // a contact chattering, not a new opening: it was not at rest long enough
        }
        alertOfInput[i] = raise(rule.kind(), rule.priority(), rule.id(), rule.zone(), null, null, rule.outputs(),
                rule.pattern(), at, rule.maxSoundingNanos());
    }

    private static boolean sounds(Site.InputRule rule) {
        return rule.pattern() != null && rule.outputs().length > 0 && rule.priority().isAlert();
    }

    /**
     * Raises an alert (or journals telemetry): outputs first, then the event to journal and uplink.
     * Every event the loop makes from outside input passes here.
     */
    private OpenAlert raise(AlertKind kind, Priority priority, String source, String zone, String ref, Double value,
                            int[] outs, SirenPattern pattern, long at, long maxSoundingNanos) {
        return raise(kind, priority, source, zone, ref, value, outs, pattern, at, maxSoundingNanos,
                Event.CapStatus.Actual);
    }

    private OpenAlert raise(AlertKind kind, Priority priority, String source, String zone, String ref, Double value,
                            int[] outs, SirenPattern pattern, long at, long maxSoundingNanos, Event.CapStatus status) {
        boolean sounds = priority.isAlert() && pattern != null;
        boolean real = status == Event.CapStatus.Actual;
        if (sounds) {
            for (int o : outs) { // local actuation first: the siren does not wait for anything below
                if (mayTake(o, priority, real)) {
                    write(o, true);
                }
            }
        }
        long seq = ++lastSeq;
        Event event = new Event(seq, boot, Event.identifier(site.post(), boot, seq), kind, priority, source, zone,
                wall.millis(), status, Event.MsgType.Alert, null, ref, value, !clockTrusted());
        OpenAlert alert = new OpenAlert(event);
        alert.raisedAt = at;
        if (priority.isAlarm() && status == Event.CapStatus.Actual) {
            // until the centre acknowledges it: a PUBACK is only the broker's word, and a broker that dies
            // loses what it held (security too: an intrusion the centre never sees is as lost as a panic)
            alert.republishGap = site.centre().republishFirstNanos();
            alert.nextRepublish = at + alert.republishGap;
        }
        if (sounds) {
            for (int o : outs) {
                if (mayTake(o, priority, real)) {
                    Sounding old = soundings[o];
                    if (old != null) {
                        release(old.alert, OpenAlert.Sound.SUPERSEDED);
                    }
                    soundings[o] = new Sounding(pattern, alert, at, at + maxSoundingNanos);
                    alert.soundingOutputs++;
                    alert.sound = OpenAlert.Sound.SOUNDING;
                }
            }
        }
        if (priority.isAlert()) {
            remember(alert);
            ackLed();
        }
        hand(event);
        return alert;
    }

    private void onCommand(Input.Command c) {
        long now = nanos.getAsLong();
        Site.Centre centre = site.centre();
        switch (c.verb()) {
            case ACK -> {
                List<OpenAlert> found = find(c.refs());
                if (found == null) {
                    c.reply().rejected("no open alert " + missing(c.refs()));
                    return;
                }
                for (OpenAlert a : found) {
                    a.state = OpenAlert.State.ACKNOWLEDGED; // PUBACK never gets here: only the centre's word
                    a.nextRepublish = Long.MAX_VALUE;
                }
                ackLed();
                // journaled, so that the acknowledgement outlives a restart and other centres see who took it
                hand(newEvent(AlertKind.ACKNOWLEDGED, AlertKind.ACKNOWLEDGED.defaultPriority(), "centre:" + c.issuer(),
                        site.post().zone(), Event.MsgType.Update, references(found)));
                c.reply().accepted("acknowledged " + found.size());
            }
            case ALL_CLEAR -> {
                List<OpenAlert> found = c.refs().isEmpty() ? new ArrayList<>(open.values()) : find(c.refs());
                if (found == null) {
                    c.reply().rejected("no open alert " + missing(c.refs()));
                    return;
                }
                for (int o = 0; o < soundings.length; o++) {
                    if (soundings[o] != null && (found.contains(soundings[o].alert) || c.refs().isEmpty())) {
                        soundings[o] = null;
                        write(o, false);
                    }
                }
                for (OpenAlert a : found) {
                    open.remove(a.event.seq());
                    a.sound = OpenAlert.Sound.SILENCED;
                }
                if (nothingSounds()) {
                    settleSuperseded(OpenAlert.Sound.SILENCED); // their sirens were taken, and are now quiet
                }
                ackLed();
                if (!found.isEmpty()) {
                    hand(newEvent(AlertKind.ALL_CLEAR, AlertKind.ALL_CLEAR.defaultPriority(), "centre:" + c.issuer(),
                            site.post().zone(), Event.MsgType.Cancel, references(found)));
                }
                c.reply().accepted("cleared " + found.size());
            }
            case SILENCE -> {
                silenceAll();
                c.reply().accepted("silenced");
            }
            case ALERT, TEST, DRILL -> {
                if (c.kind() == null) {
                    c.reply().rejected("'kind' is required");
                    return;
                }
                boolean ours = c.zones().isEmpty() || c.zones().stream().anyMatch(centre.zones()::contains);
                if (!ours) {
                    c.reply().accepted("not for this post's zones " + centre.zones());
                    return;
                }
                SirenPattern pattern = c.verb() == Input.Command.Verb.ALERT ? null : centre.testPattern();
                if (pattern == null) {
                    pattern = c.pattern() == null ? centre.patterns().get("titir") : centre.patterns().get(c.pattern());
                    if (pattern == null || pattern.equals(centre.testPattern())) {
                        c.reply().rejected("unknown pattern '" + c.pattern() + "'");
                        return;
                    }
                }
                Event.CapStatus status = switch (c.verb()) {
                    case TEST -> Event.CapStatus.Test;
                    case DRILL -> Event.CapStatus.Exercise;
                    default -> Event.CapStatus.Actual;
                };
                long max = c.verb() == Input.Command.Verb.ALERT ? centre.alertMaxNanos() : centre.testMaxNanos();
                String zone = c.zones().isEmpty() ? site.post().zone()
                        : c.zones().stream().filter(centre.zones()::contains).findFirst().orElse(site.post().zone());
                OpenAlert a = raise(c.kind(), c.kind().defaultPriority(), "centre:" + c.issuer(), zone, null, null,
                        sirenOutputs(), pattern, now, max, status);
                c.reply().accepted((status == Event.CapStatus.Actual ? "sounding " : status + " sounding ")
                        + pattern.name() + " as " + a.event.identifier());
            }
        }
    }

    /** Open alerts by identifier; {@code null} if any is not open. */
    private List<OpenAlert> find(List<String> identifiers) {
        List<OpenAlert> out = new ArrayList<>();
        for (String id : identifiers) {
            OpenAlert hit = null;
            for (OpenAlert a : open.values()) {
                if (a.event.identifier().equals(id)) {
                    hit = a;
                    break;
                }
            }
            if (hit == null) {
                return null;
            }
            out.add(hit);
        }
        return out;
    }

    private String missing(List<String> identifiers) {
        return identifiers.isEmpty() ? "named (give 'refs')" : String.join(", ", identifiers.stream()
                .filter(id -> open.values().stream().noneMatch(a -> a.event.identifier().equals(id))).toList());
    }

    private int[] sirenOutputs() {
        return java.util.stream.IntStream.range(0, site.outputs().size())
                .filter(o -> site.outputs().get(o).role() == Site.OutputRole.SIREN
                        || site.outputs().get(o).role() == Site.OutputRole.STROBE).toArray();
    }

    /** The "acknowledged" LED: on while the post's most recent open alert has been acknowledged by the centre. */
    private void ackLed() {
        OpenAlert latest = null;
        for (OpenAlert a : open.values()) {
            if (a.event.priority().ordinal() <= Priority.SECURITY.ordinal()) {
                latest = a;
            }
        }
        boolean on = latest != null && latest.state == OpenAlert.State.ACKNOWLEDGED;
        for (int o = 0; o < outputOn.length; o++) {
            if (site.outputs().get(o).role() == Site.OutputRole.ACK_LED) {
                write(o, on);
            }
        }
    }

    /** An output already sounding for a more important alert keeps playing it. */
    private boolean mayTake(int o, Priority priority) {
        return mayTake(o, priority, true);
    }

    /**
     * An output already sounding for a more important alert keeps playing it. A test or drill never
     * takes an output from a real alert, and a real alert always takes one from a test or drill.
     */
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
        }
    }

    private void timers(long now) {
        for (OpenAlert a : open.values()) {
            if (now >= a.nextRepublish) {
                uplink.publish(a.event); // the same event, so the same identifier: subscribers deduplicate
                a.republishGap = Math.min(a.republishGap * 2, site.centre().republishMaxNanos());
                a.nextRepublish = now + a.republishGap;
            }
            if (!a.escalated && a.nextRepublish != Long.MAX_VALUE
                    && now - a.raisedAt >= site.centre().escalateAfterNanos()) {
                a.escalated = true; // the uplink keeps it until it is sent
                uplink.escalate(a.event);
            }
        }
        fieldNodes.timers(now);
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
                    List<OpenAlert> ended = new ArrayList<>(List.of(s.alert));
                    if (nothingSounds()) {
                        ended.addAll(settleSuperseded(OpenAlert.Sound.TIMED_OUT));
                    }
                    Event e = s.alert.event;
                    hand(newEvent(AlertKind.SIREN_TIMEOUT, AlertKind.SIREN_TIMEOUT.defaultPriority(), e.source(),
                            e.zone(), Event.MsgType.Update, references(ended)));
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
        silenced.addAll(settleSuperseded(OpenAlert.Sound.SILENCED));
        if (silenced.isEmpty()) {
            return;
        }
        hand(newEvent(AlertKind.SIREN_SILENCED, AlertKind.SIREN_SILENCED.defaultPriority(), "silence",
                site.post().zone(), Event.MsgType.Update, references(silenced)));
    }

    private boolean nothingSounds() {
        for (Sounding s : soundings) {
            if (s != null) {
                return false;
            }
        }
        return true;
    }

    /** Alerts whose outputs were taken by another end with it: @return those now ended. */
    private List<OpenAlert> settleSuperseded(OpenAlert.Sound why) {
        List<OpenAlert> ended = new ArrayList<>();
        for (OpenAlert a : open.values()) {
            if (a.sound == OpenAlert.Sound.SUPERSEDED) {
                a.sound = why;
                ended.add(a);
            }
        }
        return ended;
    }

    /** CAP references to {@code alerts}: space-separated {@code sender,identifier,sent} triples. */
    private String references(List<OpenAlert> alerts) {
        StringBuilder refs = new StringBuilder();
        for (OpenAlert a : alerts) {
            if (!refs.isEmpty()) {
                refs.append(' ');
            }
            refs.append(CapJson.reference(a.event, site.post()));
        }
        return refs.toString();
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
            outputOn[o] = on; // the intended level: the next change tries the line again
            try {
                outputs.set(o, on);
            } catch (RuntimeException e) {
                failedWrites++;
                log.error("dispatch: writing output {} {} failed: {}", site.outputs().get(o).id(), on ? "on" : "off",
                        e.toString());
            }
        }
    }

    private Event newEvent(AlertKind kind, Priority priority, String source, String zone, Event.MsgType type,
                           String references) {
        long seq = ++lastSeq;
        return new Event(seq, boot, Event.identifier(site.post(), boot, seq), kind, priority, source, zone,
                wall.millis(), Event.CapStatus.Actual, type, references, null, null, !clockTrusted());
    }

    /** A supervision event about the post's own clock; {@code value} is a jump's size in seconds. */
    private Event stamped(AlertKind kind, String references, Double value) {
        long seq = ++lastSeq;
        return new Event(seq, boot, Event.identifier(site.post(), boot, seq), kind, kind.defaultPriority(), "clock",
                site.post().zone(), wall.millis(), Event.CapStatus.Actual, Event.MsgType.Alert, references, null,
                value, !clockTrusted());
    }

    private boolean clockTrusted() {
        return clock == null || clock.trusted();
    }

    private void hand(Event e) {
        levelDirty = true;
        journal.append(e);
        uplink.publish(e);
    }

    /**
     * Holds an alert open. Past {@link #MAX_OPEN_ALERTS} the oldest that is neither sounding nor waiting
     * for the centre's acknowledgement gives way; only when every open alert is one of those does the
     * oldest silent one go (and is no longer published again). Evicting by age alone dropped alarms the
     * centre had never received while hundreds of acknowledged ones stayed (BrokerKillsIT found it).
     */
    private void remember(OpenAlert alert) {
        open.put(alert.event.seq(), alert);
        if (open.size() > MAX_OPEN_ALERTS && !evictFirst(a -> !a.stillSounding() && a.nextRepublish == Long.MAX_VALUE)) {
            evictFirst(a -> !a.stillSounding());
        }
    }

    private boolean evictFirst(java.util.function.Predicate<OpenAlert> which) {
        for (Iterator<OpenAlert> it = open.values().iterator(); it.hasNext(); ) {
            if (which.test(it.next())) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private LoopStatus snapshot() {
        long now = nanos.getAsLong();
        List<LoopStatus.AlertView> alerts = new ArrayList<>();
        for (OpenAlert a : open.values()) {
            Event e = a.event;
            alerts.add(new LoopStatus.AlertView(e.seq(), e.identifier(), e.kind().wireName(),
                    e.priority().wireName(), e.source(), e.sentMillis(), e.unsynchronised(), lower(a.state.name()),
                    lower(a.sound.name())));
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
        return new LoopStatus(boot, lastSeq, uplinkUp, inbox.depth(), inbox.refused(), alerts, outs, ins,
                fieldNodes.views(now), clock == null ? new LoopStatus.ClockView("unknown", true, 0)
                        : new LoopStatus.ClockView(lower(clock.state().name()), clock.trusted(), clock.jumps()));
    }

    private AlertLevel computeLevel() {
        Priority top = null;
        String drill = null;
        for (OpenAlert a : open.values()) {
            if (!a.stillSounding()) {
                continue;
            }
            if (a.event.status() != Event.CapStatus.Actual) {
                drill = a.event.status().name().toLowerCase(java.util.Locale.ROOT); // "test" or "exercise"
            } else if (top == null || a.event.priority().ordinal() < top.ordinal()) {
                top = a.event.priority();
            }
        }
        String pattern = "";
        for (int o = 0; o < soundings.length; o++) {
            if (soundings[o] != null && site.outputs().get(o).role() == Site.OutputRole.SIREN) {
                pattern = soundings[o].pattern.name();
                break;
            }
        }
        return new AlertLevel(top != null ? top.wireName() : drill != null ? drill : "none", pattern, open.size(),
                lastSeq);
    }

    private static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Inputs that threw while handled; each was logged and passed over. */
    public long failedInputs() {
        return failedInputs;
    }

    /** Output writes the hardware refused; each was logged. */
    public long failedWrites() {
        return failedWrites;
    }
}
