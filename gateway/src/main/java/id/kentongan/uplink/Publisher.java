package id.kentongan.uplink;

import id.kentongan.alert.Residents;
import id.kentongan.config.UplinkSettings;
import id.kentongan.alert.CapAreas;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.dispatch.UplinkSink;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The uplink: publishes every event to the broker as CAP JSON at QoS 1 and marks its journal row
 * delivered when the PUBACK comes. Fresh events are published at once, side by side with their journal
 * write; anything not delivered (an outage, a restart, an overflow of the in-memory queue) is read back
 * from the journal and sent in (priority, sequence) order. Reconnects itself with jittered exponential
 * backoff, including the first connect (Paho retries only after a connection that once succeeded).
 *
 * <p>Threads: all state below is owned by the {@code kentongan-uplink} thread. {@link #publish} (the
 * dispatch loop), the {@link JournalWriter.Listener} methods (the journal thread) and Paho's callbacks
 * ({@code MQTT Call}) only hand work to it and never block. {@link #start}/{@link #stop} from the owner.
 *
 * <p>Why not Paho's own offline buffer or file persistence: the journal is the one durable store;
 * Paho holds messages in memory only, and a lost connection simply puts them back into our queue.
 */
public final class Publisher implements UplinkSink, JournalWriter.Listener, id.kentongan.dispatch.LevelSink {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    /** Events held in memory; beyond this the journal holds them until there is room. */
    static final int QUEUE_CAPACITY = 4096;
    private static final Comparator<Event> DELIVERY_ORDER =
            Comparator.comparingInt((Event e) -> e.priority().ordinal()).thenComparingLong(Event::seq);

    private final UplinkSettings spec;
    private final List<String> brokers;
    private final Post post;
    private final Topics topics;
    private final Journal journal;
    private final Inbox loop;
    private final InstantSource wall;
    private final long boot;
    private final ScheduledExecutorService exec;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final PacketLimit packetLimit = new PacketLimit();
    private JournalWriter writer;
    private Residents residents = Residents.DEFAULTS;
    private CapAreas capAreas = CapAreas.NONE;
    private HomeAssistant homeAssistant;
    /** Events whose residents' message went out in this run; a re-publish does not send it again. */
    private final java.util.Set<Long> toldResidents = new java.util.LinkedHashSet<>();
    private final java.util.Set<Long> toldHomeAssistant = new java.util.LinkedHashSet<>();
    private CommandGuard guard = new CommandGuard(Map.of(), java.time.Duration.ofSeconds(120), InstantSource.system());
    private CommandReceiver commands;
    private java.util.function.LongConsumer pubackHook = seq -> { };
    /** Signs alerts, results and status (uplink thread, or the owner before start); null: unsigned. */
    private PostSignature.Signer signer;

    // uplink thread only
    private final TreeSet<Event> queue = new TreeSet<>(DELIVERY_ORDER);
    private final Map<Long, Event> inFlight = new HashMap<>();
    /** Queued, in flight, or PUBACKed with the journal's mark not yet durable: never fetch these again. */
    private final Set<Long> known = new HashSet<>();
    private final Backoff backoff;
    private boolean connected;
    private boolean connecting;
    private boolean stopping;
    private int epoch;
    private boolean scanWanted = true;
    private long maxDropped;
    private long published;
    private long acked;
    private long reconnects;
    private String lastError = "";
    private String connectedTo = "";

    // journal thread writes, uplink thread reads
    private volatile long committedSeq;

    public Publisher(UplinkSettings spec, List<String> brokers, Post post, long boot, Journal journal, Inbox loop,
                     InstantSource wall, RandomGenerator random) throws MqttException {
        this.spec = spec;
        this.brokers = List.copyOf(brokers);
        this.post = post;
        this.boot = boot;
        this.topics = Topics.of(spec.topicRoot(), post);
        this.journal = journal;
        this.loop = loop;
        this.wall = wall;
        this.backoff = new Backoff(spec.backoffMin(), spec.backoffMax(), random);
        this.committedSeq = journal.lastSeq();
        this.commands = new CommandReceiver(guard, this, journal, loop);
        this.maxDropped = journal.lastSeq();
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("kentongan-uplink")
                .daemon(false).unstarted(r));
        this.client = new MqttAsyncClient(this.brokers.get(0), spec.clientId(), new MemoryPersistence());
        this.options = new MqttConnectOptions();
        options.setServerURIs(this.brokers.toArray(String[]::new));
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) Math.max(1, spec.keepAlive().toSeconds()));
        options.setConnectionTimeout(10);
        options.setMaxInflight(spec.window() * 2 + 16); // our window, plus residents' messages, results, status
        options.setWill(topics.status(), statusPayload("offline"), 1, true);
        SSLSocketFactory tls = null;
        if (spec.tlsCa() != null) {
            try {
                tls = Tls.socketFactory(spec.tlsCa(), spec.tlsCert(), spec.tlsKey());
            } catch (java.io.IOException e) {
                throw new MqttException(MqttException.REASON_CODE_SSL_CONFIG_ERROR, e);
            }
            options.setHttpsHostnameVerificationEnabled(true); // the broker's name must be in its certificate
        } else if (this.brokers.stream().anyMatch(b -> b.startsWith("ssl://"))) {
            tls = (SSLSocketFactory) SSLSocketFactory.getDefault(); // --broker ssl://: the JDK's trusted CAs
            options.setHttpsHostnameVerificationEnabled(true);
        }
        // every byte from the broker passes the packet limit before Paho allocates anything
        options.setSocketFactory(BoundedSockets.around(tls, packetLimit));
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                hand(() -> lost(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                boolean retained = message.isRetained();
                // an empty payload may be one the packet limit dropped unread: it knows how large it was
                long oversized = payload.length == 0 ? packetLimit.takeDropped(topic, message.getId()) : -1;
                hand(() -> commands.receive(topic, payload, retained, oversized)); // never work on Paho's thread
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // handled per message by the action listener
            }
        });
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
            List<String> clear = UplinkSettings.plaintextRemote(brokers);
            if (!clear.isEmpty() && !spec.allowPlaintext()) {
                throw new IllegalArgumentException("the MQTT password would cross the network unencrypted to "
                        + clear + ": use ssl:// with uplink.tls.ca, or set uplink.allow_plaintext: true if the "
                        + "network is yours");
            }
            options.setUserName(spec.username() != null ? spec.username()
                    : UplinkSettings.defaultUsername(post.village(), post.id()));
            options.setPassword(password.toCharArray());
        }
        if (signingKey != null) {
            signer = PostSignature.signer(post.village(), post.id(), signingKey);
            options.setWill(topics.status(), statusPayload("offline"), 1, true);
        }
    }

    /** The payload as published: signed when the post has a signing key. */
    private byte[] signed(byte[] json) {
        return signer == null ? json : signer.sign(json);
    }

    /**
     * Owner thread, before {@link #start}: told each event's sequence number on the uplink thread when
     * its PUBACK arrives (the bench times press to PUBACK with it). Must not block.
     */
    public void onPuback(java.util.function.LongConsumer hook) {
        this.pubackHook = hook;
    }

    /** Owner thread, before {@link #start}: announce the post to Home Assistant (opt-in). */
    public void announceTo(HomeAssistant ha) {
        this.homeAssistant = ha;
    }

    /** Loop thread: the post's level changed; Home Assistant's siren state follows it. */
    @Override
    public void level(id.kentongan.dispatch.AlertLevel level) {
        if (homeAssistant != null) {
            hand(() -> ha(homeAssistant.level(level)));
        }
    }

    private void ha(HomeAssistant.Message m) {
        if (m != null) {
            side(m.topic(), m.payload(), m.retained());
        }
    }

    /** A message beside the events (a command's answer, residents, Home Assistant): not journaled. */
    private record Side(String topic, byte[] payload, boolean retained) {
    }

    /** At most this many side messages wait; past it the oldest is dropped and counted. */
    private static final int SIDE_CAPACITY = 2048;
    private final java.util.ArrayDeque<Side> side = new java.util.ArrayDeque<>();
    private long sideDropped;

    private int sideInFlight;

    private final IMqttActionListener sideSent = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            hand(Publisher.this::sideDone);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            hand(Publisher.this::sideDone);
        }
    };

    private void sideDone() {
        sideInFlight = Math.max(0, sideInFlight - 1);
        pumpSide();
        pump(); // an event held back by Paho's in-flight limit goes now
    }

    /**
     * Uplink thread: queues a side message and sends what Paho will take now. A burst (thousands of
     * refused commands, each answered) waits its turn instead of being lost to Paho's in-flight limit.
     */
    private void side(String topic, byte[] payload, boolean retained) {
        if (side.size() >= SIDE_CAPACITY) {
            side.pollFirst();
            sideDropped++;
        }
        side.addLast(new Side(topic, payload, retained));
        pumpSide();
    }

    private void pumpSide() {
        // side messages take at most a window of Paho's in-flight slots: the events keep theirs
        while (!side.isEmpty() && client.isConnected() && sideInFlight < spec.window()) {
            Side m = side.peekFirst();
            try {
                client.publish(m.topic(), m.payload(), 1, m.retained(), null, sideSent);
                side.pollFirst();
                sideInFlight++;
            } catch (MqttException e) {
                return; // in-flight limit or link trouble: the next completion or connect sends it
            }
        }
    }

    /** Owner thread, before {@link #start}: the residents' message templates. */
    public void tellResidents(Residents residents) {
        this.residents = residents;
    }

    /** Owner thread, before {@link #start}: which of the post's zones a relayed CAP alert's areas name. */
    public void relayCapAreas(CapAreas areas) {
        this.capAreas = areas;
    }

    /** Uplink thread: for the {@link CommandReceiver}'s relayed CAP alerts. */
    CapAreas capAreas() {
        return capAreas;
    }

    /** Owner thread, before {@link #start}: who may command this post (keys, freshness window). */
    public void acceptCommands(CommandGuard guard) {
        this.guard = guard;
        this.commands = new CommandReceiver(guard, this, journal, loop);
    }

    /** The journal writer that marks rows delivered; set once before {@link #start}. */
    public void attach(JournalWriter writer) {
        this.writer = writer;
    }

    public void start() {
        exec.execute(this::connect);
        exec.scheduleWithFixedDelay(this::watchLink, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Uplink thread, every few seconds, as a safety net under the event-driven logic: a link Paho
     * reports down is handled as lost, and when nothing is queued or in flight the journal is asked
     * once more whether it still owes anything.
     */
    private void watchLink() {
        if (stopping) {
            return;
        }
        if (connected && !client.isConnected()) {
            lost(new IllegalStateException("the client reports the link down"));
            return;
        }
        if (connected && queue.isEmpty() && inFlight.isEmpty()) {
            scanWanted = true;
        }
        if (connected) {
            pump(); // also frees anything a refused publish left waiting
            pumpSide();
        }
    }

    /** Publishes "offline" (a clean disconnect sends no will), disconnects, and stops the thread. */
    public void stop() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> {
            stopping = true;
            try {
                if (client.isConnected()) {
                    client.publish(topics.status(), statusPayload("offline"), 1, true)
                            .waitForCompletion(2000);
                    client.disconnect(2000).waitForCompletion(3000);
                }
            } catch (MqttException e) {
                log.warn("uplink: clean disconnect failed: {}", e.getMessage());
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("uplink: stop did not finish cleanly: {}", e.toString());
        }
        exec.shutdownNow(); // drops a pending reconnect; the stop task above has already run
        exec.awaitTermination(5, TimeUnit.SECONDS);
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException ignored) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("uplink: close: {}", e.getMessage());
        }
    }

    // ---- hand-offs from other threads ----

    @Override
    public void publish(Event event) {
        hand(() -> enqueue(event));
    }

    @Override
    public void committed(long highestSeq, List<Event> events) {
        committedSeq = highestSeq;
        hand(this::pump);
    }

    @Override
    public void delivered(long[] seqs) {
        hand(() -> {
            for (long s : seqs) {
                known.remove(s);
            }
        });
    }

    /** Hands work to the uplink thread; once the uplink is stopped there is nothing to do (the journal has it). */
    private void hand(Runnable work) {
        try {
            exec.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopping: whatever this was about is in the journal and is replayed at the next start
        }
    }

    /** A snapshot of the uplink, made on its own thread. */
    public CompletableFuture<UplinkStatus> status() {
        CompletableFuture<UplinkStatus> f = new CompletableFuture<>();
        exec.execute(() -> {
            Map<Priority, Integer> byClass = new EnumMap<>(Priority.class);
            for (Priority p : Priority.values()) {
                byClass.put(p, 0);
            }
            for (Event e : queue) {
                byClass.merge(e.priority(), 1, Integer::sum);
            }
            f.complete(new UplinkStatus(connected, connected ? connectedTo : "", brokers, byClass, inFlight.size(),
                    published, acked, reconnects, lastError, guard.refusedCounts(), packetLimit.counts()));
        });
        return f;
    }

    // ---- uplink thread ----

    private void enqueue(Event e) {
        if (!known.add(e.seq())) {
            return;
        }
        if (queue.size() >= QUEUE_CAPACITY) {
            Event worst = queue.last();
            if (DELIVERY_ORDER.compare(e, worst) < 0) {
                queue.pollLast();
                known.remove(worst.seq());
                dropped(worst);
            } else {
                known.remove(e.seq());
                dropped(e);
                return;
            }
        }
        queue.add(e);
        pump();
    }

    /** The journal still has it; it will be fetched again once there is room. */
    private void dropped(Event e) {
        maxDropped = Math.max(maxDropped, e.seq());
        scanWanted = true;
    }

    private void pump() {
        while (connected && !stopping) {
            while (inFlight.size() < spec.window() && !queue.isEmpty()) {
                if (!send(queue.pollFirst())) {
                    return;
                }
            }
            if (!scanWanted || queue.size() > QUEUE_CAPACITY / 2) {
                return;
            }
            if (!scan()) {
                return;
            }
        }
    }

    /** @return whether the scan brought anything new to send */
    private boolean scan() {
        long committedAtStart = committedSeq;
        int room = QUEUE_CAPACITY - queue.size();
        List<Event> rows;
        try {
            rows = journal.pending(room, known::contains);
        } catch (SQLException e) {
            lastError = "journal read: " + e.getMessage();
            log.error("uplink: cannot read the backlog from the journal: {}", e.getMessage());
            exec.schedule(this::pump, 1, TimeUnit.SECONDS);
            return false;
        }
        for (Event e : rows) {
            known.add(e.seq());
            queue.add(e);
        }
        if (rows.size() < room && committedAtStart >= maxDropped) {
            scanWanted = false;
        }
        if (!rows.isEmpty()) {
            log.info("uplink: {} owed events read back from the journal", rows.size());
        }
        return !rows.isEmpty();
    }

    private boolean send(Event e) {
        MqttMessage m = new MqttMessage(signed(CapJson.encode(e, post)));
        m.setQos(1);
        inFlight.put(e.seq(), e);
        try {
            client.publish(topics.forEvent(e), m, new Attempt(epoch, e.seq()), acks);
            published++;
            if (homeAssistant != null && e.boot() == boot && toldHomeAssistant.add(e.seq())) {
                if (toldHomeAssistant.size() > 4096) {
                    toldHomeAssistant.remove(toldHomeAssistant.iterator().next());
                }
                ha(homeAssistant.event(e)); // a press is news once, in the run it happened in
            }
            // residents hear of this run's events once; a replay or a backlog of an earlier run is old news
            if (Residents.concerns(e) && e.boot() == boot && toldResidents.add(e.seq())) {
                if (toldResidents.size() > 4096) {
                    toldResidents.remove(toldResidents.iterator().next());
                }
                side(Residents.topic(spec.topicRoot(), post.village(), e.zone()), residents.message(e, post), false);
            }
            return true;
        } catch (MqttException ex) {
            inFlight.remove(e.seq());
            queue.add(e);
            lastError = "publish: " + ex.getMessage();
            return false; // connectionLost follows if the link is gone
        }
    }

    private record Attempt(int epoch, long seq) {
    }

    private final IMqttActionListener acks = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            Attempt a = (Attempt) token.getUserContext();
            hand(() -> puback(a));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            Attempt a = (Attempt) token.getUserContext();
            hand(() -> {
                Event e = inFlight.remove(a.seq());
                if (e != null) {
                    queue.add(e);
                }
            });
        }
    };

    private void puback(Attempt a) {
        Event e = inFlight.remove(a.seq());
        if (e == null) {
            return; // already put back after a lost connection; it will go again under the same identifier
        }
        acked++;
        pubackHook.accept(e.seq());
        writer.markDelivered(e.seq(), wall.millis());
        if (e.priority().isAlert()) {
            loop.offer(new Input.Delivered(e.seq()));
        }
        pump();
    }

    private void connect() {
        if (connected || connecting || stopping) {
            return;
        }
        connecting = true;
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    String uri = client.getCurrentServerURI();
                    hand(() -> connected(uri));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    hand(() -> connectFailed(cause));
                }
            });
        } catch (MqttException e) {
            connectFailed(e);
        }
    }

    private void connected(String uri) {
        connecting = false;
        if (!client.isConnected()) {
            // the link dropped between CONNACK and now, and Paho's connectionLost came first and was
            // ignored (we were not connected yet): treat it as lost, or we would wait forever
            connectFailed(new IllegalStateException("connection dropped right after it was made"));
            return;
        }
        connected = true;
        connectedTo = uri;
        epoch++;
        backoff.reset();
        log.info("uplink: connected to {}", uri);
        try {
            client.publish(topics.status(), statusPayload("online"), 1, true);
        } catch (MqttException e) {
            log.warn("uplink: could not publish online status: {}", e.getMessage());
        }
        try {
            // asynchronous and from our own thread: subscribing from Paho's callback can deadlock
            client.subscribe(new String[] {topics.commands(), topics.villageCommands()}, new int[] {1, 1});
        } catch (MqttException e) {
            log.warn("uplink: could not subscribe to commands: {}", e.getMessage());
        }
        if (homeAssistant != null) {
            homeAssistant.discovery().forEach(this::ha);
            ha(homeAssistant.uplinkOn());
        }
        pumpSide();
        loop.offer(new Input.UplinkChanged(true));
        scanWanted = true;
        pump();
    }

    /** Uplink thread: the command receiver's resend of a journal range; @return how many were queued. */
    int resend(List<Event> rows) {
        int queued = 0;
        for (Event e : rows) {
            if (known.add(e.seq())) {
                queue.add(e);
                queued++;
            }
        }
        pump();
        return queued;
    }

    @Override
    public void commandResult(String verb, String nonce, boolean accepted, String detail) {
        hand(() -> result(verb, nonce, accepted, detail));
    }

    /** Uplink thread: the answer to a command, on this post's result topic. */
    void result(String verb, String nonce, boolean accepted, String detail) {
        com.fasterxml.jackson.databind.node.ObjectNode o = SignedCommand.JSON.createObjectNode();
        o.put("verb", verb);
        o.put("nonce", nonce);
        o.put("result", accepted ? "accepted" : "rejected");
        o.put(accepted ? "detail" : "reason", detail);
        o.put("village", post.village());
        o.put("post", post.id());
        side(topics.result(), signed(o.toString().getBytes(StandardCharsets.UTF_8)), false);
    }

    /** An unacknowledged alert, for the whole village: waits in the side queue until a connection takes it. */
    @Override
    public void escalate(Event event) {
        hand(() -> {
            log.warn("uplink: alert {} unacknowledged: escalated to {}", event.identifier(), topics.villageAlert());
            side(topics.villageAlert(), signed(CapJson.encode(event, post)), false);
        });
    }

    private void connectFailed(Throwable cause) {
        connecting = false;
        lastError = "connect: " + describe(cause);
        retryLater();
    }

    private void lost(Throwable cause) {
        if (!connected) {
            return;
        }
        connected = false;
        reconnects++;
        lastError = "connection lost: " + describe(cause);
        log.warn("uplink: {}; {} in flight go back to the queue", lastError, inFlight.size());
        queue.addAll(inFlight.values());
        inFlight.clear();
        sideInFlight = 0;
        loop.offer(new Input.UplinkChanged(false));
        retryLater();
    }

    private void retryLater() {
        if (stopping) {
            return;
        }
        long wait = backoff.next();
        log.info("uplink: {}; next attempt in {} ms", lastError, TimeUnit.NANOSECONDS.toMillis(wait));
        exec.schedule(this::connect, wait, TimeUnit.NANOSECONDS);
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = t.getMessage();
        return root == t ? String.valueOf(m) : m + " (" + root + ")";
    }

    private byte[] statusPayload(String state) {
        return signed(("{\"state\":\"" + state + "\",\"village\":\"" + post.village() + "\",\"post\":\""
                + post.id() + "\",\"boot\":" + boot + "}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The uplink as the status command shows it.
     *
     * @param queued events in memory awaiting a send, per class (the journal may owe more)
     * @param oversizedPackets MQTT packets over {@link PacketLimit#MAX_PACKET_BYTES} that the broker sent,
     *                         by what became of them (payload dropped, connection closed)
     */
    public record UplinkStatus(boolean connected, String broker, List<String> brokers, Map<Priority, Integer> queued,
                               int inFlight, long published, long acked, long reconnects, String lastError,
                               Map<String, Long> commandsRefused, Map<String, Long> oversizedPackets) {
    }

    /** For tests: every in-memory seq the uplink holds, in send order. */
    List<Long> queuedSeqs() {
        List<Long> out = new ArrayList<>();
        queue.forEach(e -> out.add(e.seq()));
        return out;
    }
}
