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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The heart of the post: the one thread that owns the alert state. It takes inputs from the
 * {@link Inbox}, applies the site's rules, drives the outputs first (a GPIO write), then hands the
 * event to the journal and the uplink, and runs its parts' timers. The loop orchestrates (the turn,
 * raising, routing each input, status); its parts hold the state, each in a room of its own (see the
 * package's picture), as do its thread ({@link LoopThread}), the centre's commands ({@link CentreCommands})
 * and the level told outside ({@link LevelChanges}).
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
public final class DispatchLoop {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

    // fixed at construction
    private final Site site;
    private final long boot;
    private final Inbox inbox;
    private final JournalSink journal;
    private final UplinkSink uplink;
    private final InstantSource wall;
    private final LongSupplier nanos;

    // loop thread only: the parts
    private final Stamper stamper;
    private final Debounce debounce;
    private final Sirens sirens;
    private final OpenAlerts open;
    private final FieldNodes fieldNodes;
    private final UplinkWatch uplinkWatch;
    private final People people;
    private final Supervision supervision;
    private final Watch watch;
    private final CentreCommands commands;

    // loop thread only: the level, the failures, the observers
    private final LevelChanges level;
    private long failedInputs;
    private EdgeMeter edgeMeter = EdgeMeter.NONE;
    /** The inbox's edge lane hands edges here: made once, so a press allocates no callback. */
    private final Inbox.Edges edges = this::edge;
    private Runnable shutDown = () -> { };

    // lifecycle, owner thread
    private final LoopThread thread;

    /**
     * @param lastSeq the highest sequence number the journal holds; the next event gets {@code lastSeq + 1}
     */
    public DispatchLoop(Site site, long boot, long lastSeq, Inbox inbox, Outputs outputs, JournalSink journal,
                        UplinkSink uplink, InstantSource wall, LongSupplier nanos) {
        this.site = site;
        this.boot = boot;
        this.inbox = inbox;
        this.journal = journal;
        this.uplink = uplink;
        this.wall = wall;
        this.nanos = nanos;
        thread = new LoopThread(this, inbox, nanos); // started by the owner, once the parts are made
        stamper = new Stamper(site.post(), boot, lastSeq, wall);
        open = new OpenAlerts(site.centre(), uplink);
        supervision = new Supervision(site, outputs, nanos, wall, nanos.getAsLong(), stamper, open,
                new Supervision.Loop() { // its alerts raised as any other: outputs first, then journal and uplink
                    @Override
                    public OpenAlert raise(AlertKind kind, String source, String ref, Double value, int[] outs,
                                           SirenPattern pattern, long at, long maxNanos, Event.CapStatus status) {
                        return DispatchLoop.this.raise(kind, kind.defaultPriority(), source, site.post().zone(), ref,
                                value, outs, pattern, at, maxNanos, status);
                    }

                    @Override
                    public void hand(Event e) {
                        DispatchLoop.this.hand(e);
                    }

                    @Override
                    public boolean sounding() {
                        return sirens.sounding();
                    }

                    @Override
                    public void shutDown() {
                        shutDown.run();
                    }
                });
        sirens = new Sirens(site.outputs(), supervision.outputs(), (alert, ended) -> hand(stamper.own(
                AlertKind.SIREN_TIMEOUT, alert.event.source(), alert.event.zone(), Event.MsgType.Update,
                open.references(ended, site.post()))));
        debounce = new Debounce(site.inputs(), new Debounce.Loop() {
            @Override
            public void silence() {
                commands.silenceAll();
            }

            @Override
            public OpenAlert raise(Site.InputRule rule, long at) {
                return DispatchLoop.this.raise(rule.kind(), rule.priority(), rule.id(), rule.zone(), null, null,
                        rule.outputs(), rule.pattern(), at, rule.maxSoundingNanos(), Event.CapStatus.Actual);
            }
        });
        long start = nanos.getAsLong(); // not connected, nothing heard from: the grace periods start now
        uplinkWatch = new UplinkWatch(start, site.uplinkLostAfterNanos());
        watch = new Watch(site.ronda(), site.post(), stamper, open, this::hand, wall, stamper::trusted,
                now -> sirens.beat(site.ronda().beatOutput(), site.ronda().beat(), now)); // hour beats (#14)
        fieldNodes = new FieldNodes(site, start, wall, new FieldNodes.Loop() {
            @Override
            public OpenAlert raise(AlertKind kind, String source, String zone, String ref, Double value, int[] outs,
                                   SirenPattern pattern, long at, long maxSoundingNanos) {
                return DispatchLoop.this.raise(kind, kind.defaultPriority(), source, zone, ref, value, outs, pattern,
                        at, maxSoundingNanos, Event.CapStatus.Actual);
            }

            @Override
            public void returned(OpenAlert silent) {
                Event e = silent.event;
                open.close(silent);
                hand(stamper.own(AlertKind.NODE_RETURNED, e.source(), e.zone(), Event.MsgType.Update,
                        CapJson.reference(e, site.post())));
            }

            @Override
            public Event visit(int node, String card, long at, StringBuilder why) {
                return watch.checkpoint(node, card, at, why);
            }
        });
        people = new People(site, stamper, open, sirens, this::hand, (kind, zone, source) -> raise(kind,
                kind.defaultPriority(), source, zone, null, null, sirens.sounders(), site.centre().patterns().get("titir"),
                nanos.getAsLong(), site.centre().alertMaxNanos(), Event.CapStatus.Actual));
        level = new LevelChanges(open, sirens, stamper);
        commands = new CentreCommands(site, stamper, open, sirens, people, new CentreCommands.Loop() {
            @Override
            public OpenAlert raise(CentreOrder o, String issuer) {
                return DispatchLoop.this.raise(o.kind(), o.kind().defaultPriority(), issuer, o.zone(), null, null,
                        sirens.sounders(), o.pattern(), nanos.getAsLong(), o.maxNanos(), o.status());
            }

            @Override
            public void hand(Event e) {
                DispatchLoop.this.hand(e);
            }
        });
    }

    /** Owner thread, before {@link #start}: where level changes go (field displays, remote sirens). */
    public void reportLevelTo(LevelSink sink) {
        level.reportTo(sink);
    }

    /** Owner thread, before {@link #start}: who is kicked after every turn of the loop (systemd's watchdog). */
    public void watchWith(Watchdog watchdog) {
        thread.watchWith(watchdog);
    }

    /** Owner thread, before {@link #start}: who says whether the wall clock is synchronised (the kernel). */
    public void judgeClockWith(ClockSync sync) {
        stamper.watch(new ClockWatch(wall, nanos, sync));
    }

    /** Owner thread, before {@link #start}: the night watch's guards by their cards' UIDs (the register's). */
    public void knowGuards(Map<String, String> guardByCard) {
        watch.know(guardByCard);
    }

    /** Owner thread, before {@link #start}: who reads a line again when the inbox refused its edge (the GPIO). */
    public void readLinesWith(Lines lines) {
        debounce.readWith(lines);
        supervision.readWith(lines);
    }

    /** Owner thread, before {@link #start}: who stops the post cleanly when its battery is critical (#16). */
    public void shutDownWith(Runnable shutDown) {
        this.shutDown = shutDown;
    }

    /** Owner thread, before {@link #start}: each self-test's last {@code [slot, result]}, so none runs twice. */
    public void restoreSelfTests(Map<String, String[]> lastByTest) {
        supervision.restore(lastByTest);
    }

    /** Owner thread, before {@link #start}: who times each edge from the line to handled (metrics). */
    public void meterEdgesWith(EdgeMeter meter) {
        this.edgeMeter = meter;
    }

    /**
     * Owner thread, before {@link #start}: the alerts the post held open when it stopped, from the
     * journal's recent events in sequence order (see {@link OpenAlerts#restore}). Sirens do not resume:
     * a guard presses again.
     */
    public void restoreOpenAlerts(List<Event> recent) {
        open.restore(recent, nanos.getAsLong(), wall.millis(), stamper.trusted());
        sirens.showAcknowledged(open.latestAcknowledged());
        people.restore(recent);
        watch.restore(recent, nanos.getAsLong()); // who is on, the last visits, what this shift has raised
    }

    /**
     * Owner thread, before {@link #start}: what each field node sent recently, from the journal, so
     * that a retry spanning a gateway restart still gets its first answer and raises nothing new.
     */
    public void rememberSourceEvents(Map<String, Map<String, SourceEvent>> bySource) {
        fieldNodes.remember(bySource);
    }

    /** Owner thread: drives every output off, then starts the loop thread. */
    public void start() {
        thread.start();
    }

    /** Completes once the loop runs with every output driven to its start state: the post is armed. */
    public CompletableFuture<Void> armed() {
        return thread.armed();
    }

    /** Owner thread: stops the loop, which drives every output off on its way out, and waits for it. */
    public void stop() throws InterruptedException {
        thread.stop();
    }

    /** Drives every output to its inactive level; used at start and on the way out. */
    public void allOff() {
        sirens.allOff();
    }

    /**
     * Handles every queued input, then every timer due by {@code now}. The loop thread calls it each
     * turn; a unit test calls it instead of starting the loop, moving time by hand.
     */
    public void runPending(long now) {
        List<ClockWatch.Change> clock = stamper.look(); // first: the inputs below are stamped as it decides
        for (int i = 0; i < clock.size(); i++) { // by index: an iterator each turn is an allocation under C1
            switch (clock.get(i)) {
                case ClockWatch.Change.Jumped j -> hand(stamper.clock(AlertKind.CLOCK_JUMPED, j.millis() / 1000.0));
                case ClockWatch.Change.Synchronised s -> hand(stamper.clock(AlertKind.CLOCK_SYNCHRONISED, null));
            }
        }
        for (Input in; ; ) {
            if (inbox.pollEdge(edges)) { // a press first, ahead of any telemetry queued before it
                continue;
            }
            if ((in = inbox.poll()) == null) {
                break;
            }
            try {
                handle(in);
            } catch (RuntimeException e) {
                failedInputs++;
                log.error("dispatch: input {} failed and was passed over", in, e);
            }
        }
        long stale = inbox.takeRereads();
        if (stale != 0) {
            stale = supervision.reread(stale, nanos.getAsLong());
            if (stale != 0) {
                debounce.reread(stale, nanos.getAsLong());
            }
        }
        timers(now);
        level.tell();
    }

    /** The earliest nano time at which a timer is due, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        long next = Math.min(sirens.nextDeadline(), debounce.nextDeadline());
        next = Math.min(next, Math.min(uplinkWatch.nextDeadline(), open.nextDeadline()));
        next = Math.min(next, supervision.nextDeadline());
        next = Math.min(next, watch.nextDeadline());
        return Math.min(next, Math.min(fieldNodes.nextDeadline(), people.nextDeadline()));
    }

    private void handle(Input in) {
        switch (in) {
            case Input.Edge e -> edge(e.input(), e.active(), e.nanos());
            case Input.UplinkChanged u -> {
                if (uplinkWatch.changed(u.connected(), nanos.getAsLong())) {
                    sirens.showUplink(u.connected());
                    people.uplinkChanged();
                }
            }
            case Input.Delivered d -> open.delivered(d.seq());
            case Input.FieldEvent f -> fieldNodes.event(f, nanos.getAsLong());
            case Input.Command c -> commands.command(c);
            case Input.Notice n -> hand(stamper.own(n.kind(), n.source(), site.post().zone(), Event.MsgType.Alert,
                    null));
            case Input.Heartbeat h -> fieldNodes.heartbeat(h.node(), h.batteryLow(), h.tamper(), h.nanos());
            case Input.StatusQuery q -> q.reply().complete(snapshot());
            case Input.SelfTestNow s -> supervision.testNow(s.reply(), nanos.getAsLong());
            case Input.Reply r -> people.input(r);
            case Input.Report r -> people.input(r);
            case Input.CardTap t -> watch.tap(t, nanos.getAsLong());
            case Input.RondaText t -> watch.text(t, nanos.getAsLong());
        }
    }

    private void edge(int input, boolean active, long at) {
        try {
            if (supervision.owns(input)) { // a siren's feedback or a power line, never a press
                supervision.edge(input, active, at);
                return;
            }
            debounce.edge(input, active, at);
            edgeMeter.handled(at, nanos.getAsLong()); // after the outputs: the siren never waits
        } catch (RuntimeException e) {
            failedInputs++;
            log.error("dispatch: an edge of input {} failed and was passed over", input, e);
        }
    }

    private void timers(long now) {
        open.timers(now);
        fieldNodes.timers(now);
        people.timers(now);
        watch.timers(now);
        if (uplinkWatch.lost(now)) {
            hand(stamper.own(AlertKind.UPLINK_LOST, "uplink", site.post().zone(), Event.MsgType.Alert, null));
            people.uplinkLost();
        }
        debounce.timers(now);
        sirens.timers(now);
        supervision.timers(now);
    }

    /**
     * Raises an alert (or journals telemetry): outputs first, then the event to journal and uplink.
     * Every event the loop makes from outside input passes here.
     */
    private OpenAlert raise(AlertKind kind, Priority priority, String source, String zone, String ref, Double value,
                            int[] outs, SirenPattern pattern, long at, long maxSoundingNanos, Event.CapStatus status) {
        boolean sounds = priority.isAlert() && pattern != null;
        if (sounds) { // local actuation first: the siren does not wait for anything below
            sirens.switchOn(outs, priority, status == Event.CapStatus.Actual);
        }
        Event event = stamper.alert(kind, priority, source, zone, status, ref, value);
        OpenAlert alert = new OpenAlert(event);
        if (sounds) {
            sirens.play(alert, outs, pattern, at, maxSoundingNanos);
        }
        if (priority.isAlert()) {
            open.hold(alert, at);
            sirens.showAcknowledged(open.latestAcknowledged());
        }
        hand(event);
        people.raised(alert); // after the alarm's own event: what it journals refers to it
        return alert;
    }

    /** Hands a new event on: to the journal, then to the uplink (neither blocks). */
    private void hand(Event e) {
        level.mayHaveChanged();
        journal.append(e);
        uplink.publish(e);
    }

    private LoopStatus snapshot() {
        long now = nanos.getAsLong();
        return new LoopStatus(boot, stamper.lastSeq(), uplinkWatch.up(), inbox.depth(), inbox.refused(), open.views(),
                sirens.views(now), debounce.views(), fieldNodes.views(now), stamper.view(), people.paging(now),
                people.reports(), supervision.view(), watch.view(now));
    }

    /** Loop thread: a turn threw, and was logged. */
    void turnFailed() {
        failedInputs++;
    }

    /** Inputs that threw while handled, and lines read again that threw; each was logged and passed over. */
    public long failedInputs() {
        return failedInputs + debounce.failedReads();
    }

    /** Output writes the hardware refused, retries included; the first of each run was logged. */
    public long failedWrites() {
        return sirens.failedWrites();
    }
}
