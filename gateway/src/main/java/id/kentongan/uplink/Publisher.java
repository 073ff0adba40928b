package id.kentongan.uplink;

import id.kentongan.alert.CapAreas;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Residents;
import id.kentongan.config.UplinkSettings;
import id.kentongan.dispatch.AlertLevel;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.dispatch.LevelSink;
import id.kentongan.dispatch.UplinkSink;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * The uplink: publishes every event to the broker as CAP JSON at QoS 1 and marks its journal row
 * delivered when the PUBACK comes. Fresh events are published at once, side by side with their journal
 * write; anything not delivered (an outage, a restart, an overflow of the in-memory queue) is read back
 * from the journal and sent in (priority, sequence) order. Reconnects itself with jittered exponential
 * backoff, including the first connect (Paho retries only after a connection that once succeeded).
 *
 * <p>This class is the uplink's face and its thread; the work is done by its parts: the
 * {@link DeliveryQueue} (what is owed, in what order, what is in flight) and the {@link Sender} that
 * empties it, {@link BesideEvents} with its {@link SideQueue} (answers, residents, Home Assistant,
 * escalations), the {@link Session} of connections with its {@link Connection} state, and the
 * {@link MqttLink} ({@link PahoLink} over Paho, TLS included).
 *
 * <p>Threads: all state is owned by the {@code kentongan-uplink} thread. {@link #publish} (the
 * dispatch loop), the {@link JournalWriter.Listener} methods (the journal thread) and the link's
 * callbacks (Paho's {@code MQTT Call}) only hand work to it and never block. {@link #start}/{@link #stop}
 * from the owner.
 *
 * <p>Why not Paho's own offline buffer or file persistence: the journal is the one durable store;
 * Paho holds messages in memory only, and a lost connection simply puts them back into our queue.
 */
public final class Publisher implements UplinkSink, JournalWriter.Listener, LevelSink {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    /** Where delivery marks go: the journal writer's queue. */
    @FunctionalInterface
    interface Marks {
        void markDelivered(long seq, long atMillis);
    }

    private final UplinkSettings spec;
    private final Post post;
    private final Topics topics;
    private final Journal journal;
    private final Inbox loop;
    private final InstantSource wall;
    private final long boot;
    private final ScheduledExecutorService exec;
    private final MqttLink link;
    private final PacketLimit packetLimit;
    private Marks marks;
    private CapAreas capAreas = CapAreas.NONE;
    private CommandGuard guard = new CommandGuard(Map.of(), Duration.ofSeconds(120), InstantSource.system());
    private CommandReceiver commands;
    private volatile LongConsumer pubackHook = seq -> { };
    private volatile Runnable connectedHook = () -> { };
    /** Signs alerts, results and status (uplink thread, or the owner before start); null: unsigned. */
    private PostSignature.Signer signer;

    // uplink thread only
    private final DeliveryQueue delivery;
    private final BesideEvents side;
    private final Connection connection;
    private final Sender sender;
    private final Session session;

    // journal thread writes, uplink thread reads
    private volatile long committedSeq;

    public Publisher(UplinkSettings spec, List<String> brokers, Post post, long boot, Journal journal, Inbox loop,
                     InstantSource wall, RandomGenerator random) throws MqttException {
        this(spec, brokers, post, boot, journal, journal::pending, journal.lastSeq(), loop, wall, random,
                new PacketLimit(), null);
    }

    /** With a given link (tests: a hand-driven one); {@code link == null} makes the Paho one. */
    Publisher(UplinkSettings spec, List<String> brokers, Post post, long boot, Journal journal,
              DeliveryQueue.Backlog backlog, long lastSeq, Inbox loop, InstantSource wall, RandomGenerator random,
              PacketLimit packetLimit, MqttLink link) throws MqttException {
        this.spec = spec;
        this.post = post;
        this.boot = boot;
        this.topics = Topics.of(spec.topicRoot(), post);
        this.journal = journal;
        this.loop = loop;
        this.wall = wall;
        this.packetLimit = packetLimit;
        this.connection = new Connection(brokers, new Backoff(spec.backoffMin(), spec.backoffMax(), random));
        this.delivery = new DeliveryQueue(spec.window(), lastSeq);
        this.committedSeq = lastSeq;
        this.commands = new CommandReceiver(guard, this, journal, loop);
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("kentongan-uplink")
                .daemon(false).unstarted(r));
        this.link = link != null ? link : new PahoLink(spec, connection.brokers(), packetLimit);
        this.link.will(topics.status(), statusPayload("offline"));
        this.side = new BesideEvents(this.link, topics, post, boot, spec.topicRoot(), spec.window(), this::signed,
                failure -> hand(this::sideDone));
        this.sender = new Sender(delivery, this.link, connection, topics, post, this::signed, backlog,
                () -> committedSeq, side, this::hand, exec, this::acknowledged, seq -> pubackHook.accept(seq));
        this.session = new Session(this.link, connection, delivery, sender, side, loop, topics, this::statusPayload,
                () -> commands, this::hand, exec, () -> connectedHook.run());
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Owner thread, before {@link #start}: who this post is on the broker and to its centres. With a
     * password the post logs in as {@code uplink.username} (by default {@code village/post}); a
     * password is refused, as alerts are, on plain MQTT to another machine unless
     * {@code allow_plaintext} says the network is the operator's. With a signing key every alert,
     * command result and status (the last will too) carries a {@link PostSignature}.
     *
     * @param password   the post's MQTT password, or {@code null} to connect without one
     * @param signingKey the post's signing key, or {@code null} to publish unsigned
     * @throws IllegalArgumentException if the password would cross the network in the clear
     */
    public void identify(String password, byte[] signingKey) {
        if (password != null) {
            List<String> clear = UplinkSettings.plaintextRemote(connection.brokers());
            if (!clear.isEmpty() && !spec.allowPlaintext()) {
                throw new IllegalArgumentException("the MQTT password would cross the network unencrypted to "
                        + clear + ": use ssl:// with uplink.tls.ca, or set uplink.allow_plaintext: true if the "
                        + "network is yours");
            }
            link.login(spec.username() != null ? spec.username()
                    : UplinkSettings.defaultUsername(post.village(), post.id()), password.toCharArray());
        }
        if (signingKey != null) {
            signer = PostSignature.signer(post.village(), post.id(), signingKey);
            link.will(topics.status(), statusPayload("offline"));
        }
    }

    /** The payload as published: signed when the post has a signing key. */
    private byte[] signed(byte[] json) {
        return signer == null ? json : signer.sign(json);
    }

    /**
     * Owner thread, before {@link #start}: told an event's sequence number on the client's thread as each
     * of its PUBACKs arrives, before the hand-off to the uplink thread, where a bare client's
     * {@code waitForCompletion} is woken: the bench times press to PUBACK with it. Must not block.
     */
    public void onPuback(LongConsumer hook) {
        this.pubackHook = hook;
    }

    /**
     * Owner thread, before {@link #start}: told on the client's thread as each connection is made, before
     * the hand-off to the uplink thread and so before its subscription, its reading of the backlog and its
     * first publish: the bench times a backlog's drain from it. Must not block.
     */
    public void onConnected(Runnable hook) {
        this.connectedHook = hook;
    }

    /** Owner thread, before {@link #start}: announce the post to Home Assistant (opt-in). */
    public void announceTo(HomeAssistant ha) {
        side.announceTo(ha);
    }

    /** Owner thread, before {@link #start}: the residents' message templates. */
    public void tellResidents(Residents residents) {
        side.tellResidents(residents);
    }

    /** Owner thread, before {@link #start}: which of the post's zones a relayed CAP alert's areas name. */
    public void relayCapAreas(CapAreas areas) {
        this.capAreas = areas;
    }

    /** Owner thread, before {@link #start}: who may command this post (keys, freshness window). */
    public void acceptCommands(CommandGuard guard) {
        this.guard = guard;
        this.commands = new CommandReceiver(guard, this, journal, loop);
    }

    /** The journal writer that marks rows delivered; set once before {@link #start}. */
    public void attach(JournalWriter writer) {
        this.marks = writer::markDelivered;
    }

    /** As {@link #attach(JournalWriter)}, for tests that count the marks. */
    void attach(Marks marks) {
        this.marks = marks;
    }

    public void start() {
        exec.execute(session::connect);
        exec.scheduleWithFixedDelay(session::watch, 5, 5, TimeUnit.SECONDS);
    }

    /** Publishes "offline" (a clean disconnect sends no will), disconnects, and stops the thread. */
    public void stop() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> {
            try {
                session.stop();
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("uplink: stop did not finish cleanly: {}", e.toString());
        }
        exec.shutdownNow(); // drops a pending reconnect; the stop task above has already run
        exec.awaitTermination(5, TimeUnit.SECONDS);
        link.close();
    }

    // ---- hand-offs from other threads ----

    @Override
    public void publish(Event event) {
        hand(() -> {
            delivery.offer(event);
            sender.pump();
        });
    }

    @Override
    public void committed(long highestSeq, List<Event> events) {
        committedSeq = highestSeq;
        hand(sender::pump);
    }

    @Override
    public void delivered(long[] seqs) {
        hand(() -> delivery.durable(seqs));
    }

    /** Loop thread: the post's level changed; Home Assistant's siren state follows it. */
    @Override
    public void level(AlertLevel level) {
        if (side.announces()) {
            hand(() -> side.level(level));
        }
    }

    /** An unacknowledged alert, for the whole village: waits in the side queue until a connection takes it. */
    @Override
    public void escalate(Event event) {
        hand(() -> {
            log.warn("uplink: alert {} unacknowledged: escalated to {}", event.identifier(), topics.villageAlert());
            side.escalate(event);
        });
    }

    @Override
    public void commandResult(String verb, String nonce, boolean accepted, String detail) {
        hand(() -> side.result(verb, nonce, accepted, detail));
    }

    /** Hands work to the uplink thread; once the uplink is stopped there is nothing to do (the journal has it). */
    private void hand(Runnable work) {
        try {
            exec.execute(work);
        } catch (RejectedExecutionException stopped) {
            // stopping: whatever this was about is in the journal and is replayed at the next start
        }
    }

    /** A snapshot of the uplink, made on its own thread. */
    public CompletableFuture<UplinkStatus> status() {
        CompletableFuture<UplinkStatus> f = new CompletableFuture<>();
        exec.execute(() -> f.complete(new UplinkStatus(connection.isConnected(), connection.broker(),
                connection.brokers(), delivery.queuedByClass(), delivery.inFlight(), sender.published(), sender.acked(),
                connection.reconnects(), connection.lastError(), guard.refusedCounts(), packetLimit.counts(),
                side.dropped(), connection.subscriptionRefused())));
        return f;
    }

    // ---- uplink thread ----

    /** The broker has {@code e}: its row is marked delivered, and an alert's delivery told to the loop. */
    private void acknowledged(Event e) {
        marks.markDelivered(e.seq(), wall.millis());
        if (e.priority().isAlert()) {
            loop.offer(new Input.Delivered(e.seq()));
        }
    }

    /** Uplink thread: the command receiver's resend of a journal range; @return how many were queued. */
    int resend(List<Event> rows) {
        return sender.resend(rows);
    }

    /** Uplink thread: the answer to a command, on this post's result topic. */
    void result(String verb, String nonce, boolean accepted, String detail) {
        side.result(verb, nonce, accepted, detail);
    }

    /** Uplink thread: for the {@link CommandReceiver}'s relayed CAP alerts. */
    CapAreas capAreas() {
        return capAreas;
    }

    private void sideDone() {
        side.done();
        sender.pump(); // an event held back by the client's in-flight limit goes now
    }

    private byte[] statusPayload(String state) {
        return signed(("{\"state\":\"" + state + "\",\"village\":\"" + post.village() + "\",\"post\":\""
                + post.id() + "\",\"boot\":" + boot + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** For tests: every in-memory seq the uplink holds, in send order. */
    List<Long> queuedSeqs() {
        return delivery.queuedSeqs();
    }
}
