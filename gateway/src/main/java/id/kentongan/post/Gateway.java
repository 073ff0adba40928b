package id.kentongan.post;

import id.kentongan.uplink.HomeAssistant;
import id.kentongan.clock.ClockHook;
import id.kentongan.clock.ClockSync;
import id.kentongan.clock.KernelClock;
import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.Register;
import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.dispatch.LoopStatus;
import id.kentongan.field.FieldServer;
import id.kentongan.hardware.CardReader;
import id.kentongan.hardware.Gpio;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.observability.LoopWatchdog;
import id.kentongan.observability.ServiceManager;
import id.kentongan.observability.Systemd;
import id.kentongan.observability.Observability;
import id.kentongan.sms.SmsPart;
import id.kentongan.uplink.EmbeddedBroker;
import id.kentongan.uplink.Publisher;
import id.kentongan.uplink.UplinkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import id.kentongan.alert.AlertKind;
import id.kentongan.dispatch.LevelSink;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The composition root: the one place where the parts are made and wired, with constructors, in the
 * order that keeps a press safe at every moment. Outputs are claimed and driven off before anything
 * else runs; the loop is armed before the uplink connects (the siren never waits for the network).
 *
 * <pre>
 *  GPIO edge ─> Inbox ─> DispatchLoop ──> Gpio (sirens, LEDs)
 *                           ├──────────> JournalWriter ──(durable)──┐
 *                           └──────────> Publisher ──> broker       │
 *                                           ^  └─ PUBACK ─> markDelivered
 *                                           └──── backlog read from Journal
 * </pre>
 *
 * Threads: {@link #start} and {@link #close} from the owner (main, or a test); {@link #status} and
 * {@link #simulate} from any thread.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /**
     * How to run.
     *
     * @param profile      the site profile file
     * @param stateDir     where the journal and the control socket live
     * @param simulate     Pi4J's mock instead of gpiod
     * @param broker       a broker URI that overrides the profile's, or {@code null}
     * @param embeddedHost address the embedded broker binds to, when the profile asks for it
     * @param embeddedPort its port
     * @param secrets      the secrets file (field nodes' keys), or {@code null} for {@code secrets.yaml}
     *                     beside the profile
     * @param simulatedNodes simulation only: play the profile's field nodes (heartbeats)
     * @param dispatchWait how the dispatch loop waits for input (see {@link Inbox.Wait})
     */
    public record Options(Path profile, Path stateDir, boolean simulate, String broker, String embeddedHost,
                          int embeddedPort, Path secrets, boolean simulatedNodes, Inbox.Wait dispatchWait) {

        public Options(Path profile, Path stateDir, boolean simulate, String broker, String embeddedHost,
                       int embeddedPort) {
            this(profile, stateDir, simulate, broker, embeddedHost, embeddedPort, null, false, Inbox.Wait.PARK);
        }

        Path secretsFile() {
            return secrets != null ? secrets : profile.toAbsolutePath().resolveSibling("secrets.yaml");
        }
    }

    private final SiteProfile profile;
    private final Options options;
    private EmbeddedBroker broker;
    private Journal journal;
    private JournalWriter writer;
    private Publisher publisher;
    private Gpio gpio;
    private DispatchLoop loop;
    private Inbox inbox;
    private ControlServer control;
    private StateLock lock;
    private FieldServer field;
    private SmsPart sms;
    private CardReader cardReader;
    private SimulatedNodes simulatedNodes;
    private Observability observability;
    private long startedNanos;
    private ServiceManager service = ServiceManager.NONE;
    /** Completed with a reason when the post must stop cleanly: a critical battery (#16). */
    private final CompletableFuture<String> powerOff = new CompletableFuture<>();

    private Gateway(SiteProfile profile, Options options) {
        this.profile = profile;
        this.options = options;
    }

    public static Gateway start(Options options) throws Exception {
        SiteProfile profile = ProfileLoader.load(options.profile());
        if (!options.simulate() && options.broker() == null && !profile.uplink().plaintextRemote().isEmpty()) {
            if (!profile.uplink().allowPlaintext()) {
                throw new ProfileException(List.of(options.profile() + ":1: brokers " + profile.uplink().plaintextRemote()
                        + " would carry alerts unencrypted over the network: use ssl:// with uplink.tls.ca, or set "
                        + "uplink.allow_plaintext: true if the network is yours"));
            }
            log.warn("uplink: alerts go unencrypted to {} (uplink.allow_plaintext)", profile.uplink().plaintextRemote());
        }
        Gateway g = new Gateway(profile, options);
        try {
            g.wire();
        } catch (Exception | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** Loads the profile only, to check it; throws with file:line:reason for every problem. */
    public static SiteProfile check(Path profile) throws ProfileException {
        return ProfileLoader.load(profile);
    }

    private void wire() throws Exception {
        startedNanos = System.nanoTime();
        ClockSync kernelClock = KernelClock.open();
        ClockHook clockHook = ClockHook.fromProperty(kernelClock); // tests only: see ClockHook
        InstantSource wall = clockHook != null ? clockHook : InstantSource.system();
        ClockSync clockSync = clockHook != null ? clockHook : kernelClock;
        service = Systemd.connect(System.getenv());
        lock = StateLock.take(options.stateDir());
        inbox = new Inbox(65_536, options.dispatchWait());
        Adapters adapters = new Adapters(profile, options);
        observability = adapters.observability(wall);
        journal = Journal.openOrHold(options.stateDir().resolve("journal.db"), wall);
        if (journal.quarantined() != null) {
            inbox.offer(new Input.Notice(AlertKind.JOURNAL_DAMAGED, "journal"));
        }
        if (journal.held() != null) { // a full or read-only disk at start: arm anyway, and say so
            inbox.offer(new Input.Notice(AlertKind.JOURNAL_FAILING, "journal"));
        }
        broker = adapters.embeddedBroker();
        publisher = adapters.publisher(broker, journal, inbox, wall);
        Secrets secrets = adapters.secrets();
        HomeAssistant homeAssistant = HomeAssistant.of(profile);
        adapters.identify(publisher, broker, secrets, wall, clockSync, homeAssistant);
        List<JournalWriter.Listener> durability = new ArrayList<>(List.of(publisher));
        if (!profile.nodes().isEmpty()) {
            field = FieldServer.create(profile, secrets, options.simulate(), inbox, journal.lastSeq(),
                    System::nanoTime);
            durability.add(field.durability());
        }
        // SMS (#13): residents, the phone tree, reports; a post without an 'sms' section has none of it
        // the register (phone numbers, the watch's cards) beside the secrets file: for SMS and ronda (#14)
        Register register = adapters.register();
        if (profile.sms() != null) {
            sms = SmsPart.open(profile.sms(), profile.post(), profile.zones(), profile.residents(), register,
                    options.simulate() ? options.stateDir() : null, System::nanoTime);
            durability.add(sms.listener());
        }
        writer = new JournalWriter(journal, JournalWriter.Listener.all(durability.toArray(JournalWriter.Listener[]::new)));
        if (sms != null) {
            writer.planSmsWith(sms.planner());
            sms.attach(journal, writer, inbox, wall, profile.post(), profile.zones(), System::nanoTime);
        }
        publisher.attach(writer);
        writer.timeCommitsWith(observability.commitTimer());
        writer.reportHealthTo(ok -> inbox.offer(new Input.Notice(ok ? AlertKind.JOURNAL_RECOVERED
                : AlertKind.JOURNAL_FAILING, "journal")));
        gpio = Gpio.open(options.simulate() ? Gpio.Mode.MOCK : Gpio.Mode.GPIOD, profile, inbox, System::nanoTime);
        loop = new DispatchLoop(profile.toSite(), journal.boot(), journal.lastSeq(), inbox,
                observability.timeSirens(gpio), writer, publisher, wall, System::nanoTime);
        loop.meterEdgesWith(observability.edgeMeter());
        loop.readLinesWith(gpio);
        if (service.watchdogNanos() > 0) {
            loop.watchWith(new LoopWatchdog(service, writer::stuckNanos));
        }
        loop.judgeClockWith(clockSync);
        if (register != null) {
            loop.knowGuards(register.guardCards());
        }
        // an incident outlives a restart: recent alerts not cleared are held open again, found by sequence
        // (the newest rows), not by sent time, which an unsynchronised clock may have put a day off
        loop.restoreOpenAlerts(journal.since(Long.MIN_VALUE, 5_000));
        PostSupervision.wire(profile, gpio, loop, journal, options.simulate(), powerOff);
        if (field != null) {
            loop.reportLevelTo(homeAssistant == null ? field
                    : LevelSink.all(field, publisher));
            loop.rememberSourceEvents(journal.recentSourceRefs(64));
        } else if (homeAssistant != null) {
            loop.reportLevelTo(publisher);
        }
        writer.start();
        loop.start();
        loop.armed().get(5, TimeUnit.SECONDS);
        log.info("armed: post {}/{} boot {} with {} inputs and {} outputs ({}), {} ms after wiring began",
                profile.post().village(), profile.post().id(), journal.boot(), profile.inputs().size(),
                profile.outputs().size(), gpio.mode() == Gpio.Mode.MOCK ? "simulated GPIO" : "gpiod",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        Niceness.startBelowTheLoop(this::startParts); // the loop first, in the kernel's scheduler too
        service.ready("armed: post " + profile.post().village() + "/" + profile.post().id() + ", boot "
                + journal.boot());
    }

    /** The parts after the loop, each thread they start below it ({@link Niceness}). */
    private Void startParts() throws IOException {
        publisher.start();
        if (sms != null) {
            sms.start();
        }
        if (profile.ronda().watched() && profile.ronda().reader() != null) { // a guard's card at the post (#14)
            cardReader = new CardReader(profile.ronda().reader(), uid -> inbox.offer(new Input.CardTap(uid)));
            cardReader.start();
        }
        if (field != null) {
            field.start();
            if (options.simulate() && options.simulatedNodes() && field.plainPort() > 0) {
                simulatedNodes = new SimulatedNodes(profile, field.plainPort());
            }
        }
        try {
            control = ControlServer.start(options.stateDir().resolve("control.sock"), this);
        } catch (IOException e) { // a read-only state directory: the post still runs, and says so
            log.error("control socket: cannot listen on {} ({}); 'kentongan status' and 'press' cannot reach "
                    + "this gateway, the post runs without them", options.stateDir().resolve("control.sock"), e.toString());
        }
        observability.serve(this::status); // after the control socket, by which P5 times the parts' start
        return null;
    }

    /** The port of the status page and metrics, or -1 when they are not served. */
    public int statusPort() {
        return observability == null ? -1 : observability.port();
    }

    /** The field server, if the profile has nodes. */
    public FieldServer field() {
        return field;
    }

    public SiteProfile profile() {
        return profile;
    }

    public Publisher publisher() {
        return publisher;
    }

    /** Simulation only: sets a simulated input active or back at rest. */
    public void simulate(String input, boolean active) {
        gpio.simulate(input, active);
    }

    /** Benchmarks: {@code listener} hears output {@code id} change, on the dispatch loop's thread; keep it short. */
    public void onOutputChange(String id, Consumer<Boolean> listener) {
        int i = profile.outputIndex(id);
        if (i < 0) {
            throw new IllegalArgumentException("no output '" + id + "'");
        }
        gpio.onOutputChange(i, listener);
    }

    /** Whether output {@code id} is at its active level now. */
    public boolean outputOn(String id) {
        int i = profile.outputIndex(id);
        if (i < 0) {
            throw new IllegalArgumentException("no output '" + id + "'");
        }
        return gpio.isOn(i);
    }

    /**
     * The guard's word on a resident's report (#13): {@code confirm} raises its alarm with the siren,
     * {@code dismiss} closes it. @return what the loop did; throws with its reason if it did nothing.
     */
    public String decideReport(String decision, long report) throws Exception {
        return ReportDecisions.decide(inbox, decision, report);
    }

    /**
     * Completes with a reason when the post must stop cleanly before its power dies (#16): the owner
     * then closes it (sirens off, journal closed, offline status published).
     */
    public CompletableFuture<String> powerOff() {
        return powerOff;
    }

    /** The sirens' circuit test now ({@code kentongan selftest}); @return its result, or throws with why not. */
    public String selfTest() throws Exception {
        return PostSupervision.testNow(inbox);
    }

    /** The whole post's status, as {@code kentongan status} shows it. */
    public PostStatus status() throws Exception {
        CompletableFuture<LoopStatus> reply = new CompletableFuture<>();
        if (!inbox.offer(new Input.StatusQuery(reply))) {
            throw new IllegalStateException("the dispatch loop's inbox is full");
        }
        LoopStatus ls = answer(reply, "the dispatch loop");
        UplinkStatus us = answer(publisher.status(), "the uplink");
        var post = profile.post();
        Map<String, Long> owed = new LinkedHashMap<>();
        journal.pendingCounts().forEach((p, n) -> owed.put(p.wireName(), n));
        return new PostStatus(new PostStatus.PostView(post.village(), post.id(), post.name(), post.zone()),
                gpio.mode() == Gpio.Mode.MOCK ? "simulation" : "gpiod", ls.boot(), ls.lastSeq(), ls.alerts(),
                ls.outputs(), ls.inputs(), ls.nodes(), ls.clock(), field == null ? null : field.status(),
                new PostStatus.QueueView(owed, ls.inboxDepth(), ls.inboxRefused(), writer.queued()), us,
                sms == null ? null : sms.status(ls.paging()), sms == null ? null : ls.reports(),
                ls.ronda().watched() ? ls.ronda() : null,
                cardReader == null ? null : PostStatus.CardReaderView.of(cardReader),
                new PostStatus.JournalView(journal.file().toString(), journal.size(), writer.commits(),
                        writer.failing(), writer.stalledMillis()),
                control == null ? Map.of() : control.status(), observability.httpStatus(),
                supervised(ls.supervision()) ? ls.supervision() : null,
                supervised(ls.supervision()) ? PostSupervision.record(journal, 10) : null);
    }

    /** Whether the post supervises anything of itself (#16): else the status leaves it out. */
    private static boolean supervised(LoopStatus.Supervision s) {
        return !s.outputs().isEmpty() || !s.tests().isEmpty() || !s.power().mains().equals("unwired");
    }

    /** A part's answer within 5 s, or an exception that names the part that did not answer. */
    static <T> T answer(CompletableFuture<T> reply, String part) throws Exception {
        try {
            return reply.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(part + " did not answer within 5 s");
        }
    }

    @Override
    public void close() {
        service.stopping("stopping: sirens off, journal closing");
        List<String> failures = new ArrayList<>();
        step(failures, "status page", observability == null ? null : observability::close);
        step(failures, "control", control == null ? null : control::close);
        step(failures, "simulated nodes", simulatedNodes == null ? null : simulatedNodes::close);
        step(failures, "field server", field == null ? null : field::close);
        step(failures, "card reader", cardReader == null ? null : cardReader::close);
        step(failures, "dispatch loop", loop == null ? null : loop::stop);
        step(failures, "gpio", gpio == null ? null : gpio::close);
        step(failures, "uplink", publisher == null ? null : publisher::stop);
        step(failures, "sms", sms == null ? null : sms::close); // before the writer: its last marks are committed
        step(failures, "journal writer", writer == null ? null : writer::stop);
        step(failures, "journal", journal == null ? null : journal::close);
        step(failures, "embedded broker", broker == null ? null : broker::close);
        step(failures, "state lock", lock == null ? null : lock::close);
        if (failures.isEmpty()) {
            log.info("stopped cleanly");
        } else {
            log.warn("stopped; these parts failed to stop cleanly: {}", failures);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(List<String> failures, String name, Step step) {
        if (step == null) {
            return; // never made
        }
        try {
            step.run();
        } catch (Exception e) {
            failures.add(name + ": " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
