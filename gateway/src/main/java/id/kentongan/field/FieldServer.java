package id.kentongan.field;

import id.kentongan.config.FieldSettings;
import id.kentongan.alert.Event;
import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.AlertLevel;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.LevelSink;
import id.kentongan.journal.JournalWriter;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

/**
 * The post's CoAP server for field nodes (Californium and Scandium; the only place that knows them):
 * <pre>
 *   POST /events   a node's event; answered 2.01 only once it is durable in the journal
 *   POST /hb       heartbeat (battery_low, tamper flags); answered 2.04 at once
 *   GET  /level    the post's alert level, observable
 * </pre>
 * DTLS 1.2 with a pre-shared key per node (CCM_8 or GCM) whenever keys are configured, and always
 * outside simulation; plain CoAP only in simulation, and only on loopback.
 *
 * <p>Threads: requests arrive on Californium's protocol-stage threads and only validate and offer to
 * the dispatch loop's inbox. Every answer after that, and every observe notification, is sent from the
 * {@code kentongan-field-ack} thread, which owns the acks waiting for durability ({@link Acks}); the
 * loop and the journal writer only hand work to it. {@link #start}/{@link #close} from the owner.
 *
 * <p>Every datagram passes the {@link SourceLimiter} before Californium or Scandium reads it, and the
 * state they keep is bounded by the settings in {@link #configuration}: a flood from any number of
 * ports or addresses is dropped and counted, and the nodes the post knows keep their place.
 *
 * <p>The Configuration is built in code ({@link Configuration#createStandardWithoutFile()}), so no
 * {@code Californium3.properties} is read from or written to the working directory.
 */
public final class FieldServer implements AutoCloseable, LevelSink {

    private static final Logger log = LoggerFactory.getLogger(FieldServer.class);
    /** The UDP sockets' receive buffer, in bytes: see {@link #configuration}. */
    static final int RECEIVE_BUFFER = 2 << 20;

    private final FieldSettings settings;
    private final SiteProfile profile;
    private final Secrets secrets;
    private final boolean simulate;
    private final Inbox inbox;
    private final LongSupplier nanos;
    private final ExecutorService ackThread;
    private final Acks acks;
    private final LevelResource level;
    private final FieldCounters counters;
    /** Built by {@link #start}; read by status and tests from other threads. */
    private volatile CoapServer server;
    private volatile CoapEndpoint plain;
    private volatile CoapEndpoint dtls;

    private FieldServer(SiteProfile profile, Secrets secrets, boolean simulate, Inbox inbox, LongSupplier nanos,
                        ExecutorService ackThread, Acks acks, LevelResource level, FieldCounters counters) {
        this.settings = profile.field();
        this.profile = profile;
        this.secrets = secrets;
        this.simulate = simulate;
        this.inbox = inbox;
        this.nanos = nanos;
        this.ackThread = ackThread;
        this.acks = acks;
        this.level = level;
        this.counters = counters;
    }

    /**
     * What the loop and the journal writer tell the field ({@link #durability}, {@link #level}), for the
     * profile's nodes; the CoAP server itself is built, and listens, at {@link #start}.
     *
     * @param simulate plain CoAP on loopback is allowed (and DTLS only if keys exist)
     * @throws IllegalStateException if, outside simulation, a node has no key
     */
    public static FieldServer create(SiteProfile profile, Secrets secrets, boolean simulate, Inbox inbox,
                                     long committedSeq, LongSupplier nanos) {
        for (SiteProfile.NodeSpec n : profile.nodes()) {
            if (!simulate && secrets.psk(n.id()) == null) {
                throw new IllegalStateException("field node '" + n.id() + "' has no key in " + secrets.file()
                        + ": add it with 'kentongan node add' (outside simulation every node talks DTLS)");
            }
        }
        FieldCounters counters = new FieldCounters();
        ExecutorService ackThread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
                .name("kentongan-field-ack").unstarted(r));
        return new FieldServer(profile, secrets, simulate, inbox, nanos, ackThread,
                new Acks(committedSeq, counters), new LevelResource(profile.post()), counters);
    }

    /**
     * Builds the server and its endpoints, and listens. Built here, after the post is armed, not at
     * {@link #create}: Scandium's classes try out every cipher suite and curve as they load, key pairs
     * included, which was a third of a post's start before its sirens were ready (measured with JFR,
     * docs/performance.md).
     */
    public void start() {
        if (server != null) {
            throw new IllegalStateException("the field server is started once");
        }
        FieldSettings s = settings;
        Configuration cfg = configuration(s);
        Nodes nodes = new Nodes(profile);
        SourceLimiter limiter = new SourceLimiter(s.rates(), profile.nodes().size(), nanos.getAsLong());
        Predicate<InetSocketAddress> hear = peer -> {
            SourceLimiter.Drop why = limiter.admit(peer, nanos.getAsLong());
            if (why != null) {
                counters.dropped(why);
            }
            return why == null;
        };
        ObjIntConsumer<InetSocketAddress> heard = (peer, node) -> limiter.known(peer, node, nanos.getAsLong());
        CoapServer built = new CoapServer(cfg);
        built.add(new EventsResource(nodes, inbox, acks, ackThread, s.maxBody(), counters, heard),
                new HeartbeatResource(nodes, inbox, s.maxBody(), counters, nanos, heard), level);
        CoapEndpoint plainEndpoint = null;
        CoapEndpoint dtlsEndpoint = null;
        if (simulate) {
            plainEndpoint = CoapEndpoint.builder().setConfiguration(cfg).setConnector(new LimitedUdpConnector(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), s.plainPort()), cfg, hear)).build();
            built.addEndpoint(plainEndpoint);
        }
        if (!secrets.psks().isEmpty() || !simulate) {
            PskStore store = new PskStore(profile, secrets, counters);
            DtlsConnectorConfig dtlsConfig = DtlsConnectorConfig.builder(cfg)
                    .setAddress(new InetSocketAddress(s.bind(), s.dtlsPort()))
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                    .setAdvancedPskStore(store)
                    .setHealthHandler(counters)
                    .setDatagramFilter(new LimitedDtlsFilter(cfg, hear, counters.dtlsLimited))
                    .build();
            dtlsEndpoint = CoapEndpoint.builder().setConfiguration(cfg).setConnector(new DTLSConnector(dtlsConfig))
                    .build();
            built.addEndpoint(dtlsEndpoint);
        }
        try {
            built.start();
        } catch (RuntimeException e) { // a port taken: the endpoints that did start are let go
            built.destroy();
            throw e;
        }
        plain = plainEndpoint; // published once listening: the ports are only then known
        dtls = dtlsEndpoint;
        server = built;
        log.info("field: CoAP listening{}{}", plain == null ? "" : " plain on " + plain.getAddress()
                + " (simulation, loopback only)", dtls == null ? "" : " DTLS-PSK on " + dtls.getAddress());
    }

    /**
     * Californium settings for this gateway, built in code: never a properties file in the working
     * directory. What each bound is for (the defaults were made for servers with thousands of clients
     * and gigabytes of heap; a post has tens of nodes and 48 MB):
     */
    public static Configuration configuration(FieldSettings s) {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        Configuration cfg = Configuration.createStandardWithoutFile();
        cfg.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, s.threads());
        // per-peer state outside the deduplicator (message ids of our notifications, blockwise
        // transfers, congestion estimates) lives in LRU caches of this many peers
        cfg.set(CoapConfig.MAX_ACTIVE_PEERS, s.maxPeers());
        cfg.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, s.maxBody());
        // how long an exchange is remembered to recognise a retransmission: a node retransmits a
        // confirmable request for at most 45 s (RFC 7252's MAX_TRANSMIT_SPAN), and a village's radio
        // adds well under a second; the standard 247 s allows 100 s of internet latency each way. A
        // retry later than this is still recognised by the journal's (node, boot/seq) and answered alike
        cfg.set(CoapConfig.EXCHANGE_LIFETIME, 60, TimeUnit.SECONDS);
        cfg.set(CoapConfig.NON_LIFETIME, 60, TimeUnit.SECONDS);
        // and then forgotten within the sweep interval (the default 10 s). Per peer, at most 16
        // exchanges: a node has one request in flight at a time (NSTART 1). The number of peers is
        // what the SourceLimiter bounds, by rate: with the default 50/s for senders not yet known,
        // at most 50 x (60 + 10) = 3,500 exchanges, ~5 MB (measured, docs/field-nodes.md)
        cfg.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        cfg.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, 16);
        cfg.set(CoapConfig.MARK_AND_SWEEP_INTERVAL, 10, TimeUnit.SECONDS);
        // observers of /level are the village's displays and remote sirens, a few per post; each
        // relation holds an exchange, and each change of level a notification to every observer
        cfg.set(CoapConfig.MAX_SERVER_OBSERVES, s.maxPeers());
        cfg.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        cfg.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        // answers waiting for the sender thread: at most what the limiter lets in plus one
        // notification per observer; the default is unbounded
        cfg.set(UdpConfig.UDP_CONNECTOR_OUT_CAPACITY, 1024);
        // the kernel's receive buffer is where a flood waits for the receiver thread, which drops it
        // at microseconds a datagram; but the JVM stops now and then (a full GC of the 48 MB heap
        // took 94 ms under a 5,000/s flood), and a busy two-core board stalls a thread longer, and
        // the kernel's default (net.core.rmem_default, 208 KiB: ~30 ms of such a flood) then
        // overflows and takes a node's datagram with the flood's (measured: a reading answered only
        // on its retransmission, 2.8 s). 2 MiB rides out about half a second; it is kernel memory,
        // filled only while the receiver stalls, and Linux caps it at net.core.rmem_max
        // (docs/field-nodes.md)
        cfg.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER);
        cfg.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER);
        cfg.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        cfg.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, s.threads());
        // a handshake its client abandons (a ClientHello flood that answers the cookie) is given
        // up after 2 + 4 + 8 + 16 s instead of 62 s
        cfg.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 3);
        // sessions and handshakes under way. Full, a new handshake is refused until one ends or a
        // session has been unused for DTLS_STALE_CONNECTION_THRESHOLD (30 min), so the nodes'
        // sessions are never pushed out; and so that a node's new handshake still finds room during
        // a handshake flood, there is room besides the peers for every handshake the shared bucket
        // can begin while one lasts: a ClientHello with a cookie (gathered beforehand) begins one,
        // so total a second for 30 s, plus the bucket's two seconds at once. (Sized at half that, a
        // node's handshake found the store full under half-open handshakes begun at 48/s.) One
        // under way holds ~4.7 KB (measured), so the defaults' 1,856 are ~9 MB at most
        cfg.set(DtlsConfig.DTLS_MAX_CONNECTIONS, Math.min(100_000, s.maxPeers() + 32 * s.rates().total()));
        // a ClientHello from an address that never answers the stateless cookie costs no state
        cfg.set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true);
        cfg.set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST_FOR_PSK, true);
        // queues between the receiver and the connector threads (default 50,000 jobs each): two
        // seconds of what the limiter lets in is far below 256
        cfg.set(DtlsConfig.DTLS_MAX_PENDING_INBOUND_JOBS, 256);
        cfg.set(DtlsConfig.DTLS_MAX_PENDING_OUTBOUND_JOBS, 256);
        cfg.set(DtlsConfig.DTLS_MAX_PENDING_HANDSHAKE_RESULT_JOBS, 64);
        // a PSK handshake's messages are a few hundred bytes: what one handshake may buffer
        cfg.set(DtlsConfig.DTLS_MAX_FRAGMENTED_HANDSHAKE_MESSAGE_LENGTH, 2048);
        cfg.set(DtlsConfig.DTLS_MAX_DEFERRED_INBOUND_RECORDS_SIZE, 2048);
        return cfg;
    }

    /** The journal writer's news reaches the acks waiting for it. */
    public JournalWriter.Listener durability() {
        return new JournalWriter.Listener() {
            @Override
            public void committed(long highestSeq, List<Event> events) {
                ackThread.execute(() -> acks.durableUpTo(highestSeq));
            }

            @Override
            public void delivered(long[] seqs) {
                // the broker's PUBACK is not what a node waits for
            }
        };
    }

    /** Loop thread: the post's level changed; observers are told from the ack thread. */
    @Override
    public void level(AlertLevel l) {
        ackThread.execute(() -> level.set(l));
    }

    /** 0 if there is no plain endpoint. */
    public int plainPort() {
        return plain == null ? 0 : plain.getAddress().getPort();
    }

    /** 0 if there is no DTLS endpoint. */
    public int dtlsPort() {
        return dtls == null ? 0 : dtls.getAddress().getPort();
    }

    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plainPort", plainPort());
        m.put("dtlsPort", dtlsPort());
        m.putAll(counters.snapshot());
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        CoapServer built = server;
        if (built != null) {
            built.stop();
        }
        ackThread.shutdown();
        ackThread.awaitTermination(5, TimeUnit.SECONDS);
        if (built != null) {
            built.destroy();
        }
    }
}
