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
 * <p>The Configuration is built in code ({@link Configuration#createStandardWithoutFile()}), so no
 * {@code Californium3.properties} is read from or written to the working directory.
 */
public final class FieldServer implements AutoCloseable, LevelSink {

    private static final Logger log = LoggerFactory.getLogger(FieldServer.class);

    private final CoapServer server;
    private final ExecutorService ackThread;
    private final Acks acks;
    private final LevelResource level;
    private final FieldCounters counters;
    private CoapEndpoint plain;
    private CoapEndpoint dtls;

    private FieldServer(CoapServer server, ExecutorService ackThread, Acks acks, LevelResource level,
                        FieldCounters counters) {
        this.server = server;
        this.ackThread = ackThread;
        this.acks = acks;
        this.level = level;
        this.counters = counters;
    }

    /**
     * Builds the server for the profile's nodes; nothing listens until {@link #start}.
     *
     * @param simulate plain CoAP on loopback is allowed (and DTLS only if keys exist)
     * @throws IllegalStateException if, outside simulation, a node has no key
     */
    public static FieldServer create(SiteProfile profile, Secrets secrets, boolean simulate, Inbox inbox,
                                     long committedSeq, java.util.function.LongSupplier nanos) {
        FieldSettings s = profile.field();
        for (SiteProfile.NodeSpec n : profile.nodes()) {
            if (!simulate && secrets.psk(n.id()) == null) {
                throw new IllegalStateException("field node '" + n.id() + "' has no key in " + secrets.file()
                        + ": add it with 'kentongan node add' (outside simulation every node talks DTLS)");
            }
        }
        Configuration cfg = configuration(s);
        FieldCounters counters = new FieldCounters();
        ExecutorService ackThread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
                .name("kentongan-field-ack").unstarted(r));
        Acks acks = new Acks(committedSeq, counters);
        LevelResource level = new LevelResource(profile.post());
        Nodes nodes = new Nodes(profile);
        CoapServer server = new CoapServer(cfg);
        server.add(new EventsResource(nodes, inbox, acks, ackThread, s.maxBody(), counters),
                new HeartbeatResource(nodes, inbox, s.maxBody(), counters, nanos), level);
        FieldServer f = new FieldServer(server, ackThread, acks, level, counters);
        if (simulate) {
            f.plain = CoapEndpoint.builder().setConfiguration(cfg)
                    .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.plainPort()))
                    .build();
            server.addEndpoint(f.plain);
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
                    .build();
            f.dtls = CoapEndpoint.builder().setConfiguration(cfg).setConnector(new DTLSConnector(dtlsConfig)).build();
            server.addEndpoint(f.dtls);
        }
        return f;
    }

    /** Californium settings for this gateway, built in code: never a properties file in the working directory. */
    public static Configuration configuration(FieldSettings s) {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        Configuration cfg = Configuration.createStandardWithoutFile();
        cfg.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, s.threads());
        cfg.set(CoapConfig.MAX_ACTIVE_PEERS, s.maxPeers());
        cfg.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, s.maxBody());
        // bounded memory: CoAP-level deduplication keeps at most 64 exchanges per peer instead of every
        // exchange of the last 247 s (which filled a 48 MB heap at 20k events); a retry beyond that is
        // still recognised by the journal's (node, boot/seq) and answered alike
        cfg.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        cfg.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, 64);
        cfg.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        cfg.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        cfg.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        cfg.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, s.threads());
        cfg.set(DtlsConfig.DTLS_MAX_CONNECTIONS, s.maxPeers());
        return cfg;
    }

    public void start() {
        server.start();
        log.info("field: CoAP listening{}{}", plain == null ? "" : " plain on " + plain.getAddress()
                + " (simulation, loopback only)", dtls == null ? "" : " DTLS-PSK on " + dtls.getAddress());
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
        server.stop();
        ackThread.shutdown();
        ackThread.awaitTermination(5, TimeUnit.SECONDS);
        server.destroy();
    }
}
