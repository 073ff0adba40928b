package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Scrape;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.UdpFlood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CoAP floods (#11) against the packaged gateway with the service's heap: 5,000 datagrams a second
 * from a thousand UDP ports, plain CoAP POSTs on the simulation's port, DTLS ClientHellos (answering
 * the cookie) on the DTLS port. Meanwhile a node the post knows (sungai-1, Californium's client, from
 * the flood's own address) sends a reading every half second and each must get 2.01 in time; a node
 * heard before from another address (masjid-1, libcoap's coap-client, a new port each run, so under
 * DTLS a new handshake) reports a panic; a guard presses, the siren sounds, the centre hears it. The
 * gateway stays up within its heap and counts the flood.
 *
 * <p>Short form: 10 s of each flood, from 127.0.0.1. Long form ({@code -Dkentongan.faults=long}): five
 * minutes of each, from eight loopback addresses, so that the shared bucket is full too, heap and RSS
 * printed every 30 s; then, over DTLS, 90 s of half-open handshakes begun at the rate the limiter
 * lets in (what fills the server's handshake state), with its live heap.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CoapFloodIT {

    static final boolean LONG = "long".equals(System.getProperty("kentongan.faults"));
    static final Duration FLOOD = LONG ? Duration.ofMinutes(5) : Duration.ofSeconds(10);
    static final int PORTS = 1000;
    static final int PER_SECOND = 5000;
    /** The service's JVM, as {@code kentongan run} starts it. */
    static final String SERVICE_JVM = "-XX:+UseSerialGC -Xms16m -Xmx48m -Xmn6m -XX:MetaspaceSize=32m "
            + "-XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";
    static final String MASJID_KEY = "masjid-1-key-0123456789";
    static final String SUNGAI_KEY = "sungai-1-key-0123456789";
    /**
     * A reading is in time if answered on its first transmission or its first retransmission (after 2
     * to 3 s): a node's own radio loses a datagram now and then, and so does a machine that stalls the
     * gateway longer than its receive buffer holds the flood.
     */
    static final Duration IN_TIME = Duration.ofSeconds(5);
    /** Answered on the first transmission. */
    static final Duration FIRST_TRY = Duration.ofSeconds(2);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The gateway under the flood, and where to reach it. */
    record Post(GatewayProcess process, long pid, Path state, int http, int port, boolean dtls) {
    }

    /** What the nodes and the guard saw during a flood. */
    static final class Seen {
        int readings;
        long worstNanos;
        final List<Long> lateMillis = new ArrayList<>();
        int retransmitted;
        long maxHeap;
        long maxRssKb;
        boolean pressed;
        boolean panicked;
    }

    @Test
    void a_plain_coap_flood_from_a_thousand_ports_is_dropped_and_counted_while_nodes_and_a_press_get_through()
            throws Exception {
        flood(false);
    }

    @Test
    void a_dtls_client_hello_flood_from_a_thousand_ports_is_dropped_and_counted_while_nodes_and_a_press_get_through()
            throws Exception {
        flood(true);
    }

    private void flood(boolean dtls) throws Exception {
        String what = dtls ? "DTLS ClientHello" : "plain CoAP";
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(),
                     "kentongan/v1/+/+/alert")) {
            int plainPort = Ports.freeUdp();
            int dtlsPort = Ports.freeUdp();
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), plainPort, dtlsPort);
            Profiles.writeSecrets(profile, "masjid-1", MASJID_KEY, "sungai-1", SUNGAI_KEY);
            StatusHttp.serveOn(profile, http, true);
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"),
                    Map.of("JAVA_TOOL_OPTIONS", SERVICE_JVM))) {
                await().atMost(Duration.ofSeconds(20)).ignoreException(ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() == 200);
                Post post = new Post(gw, gatewayPid(state), state, http, dtls ? dtlsPort : plainPort, dtls);
                // before the flood each node is heard once, so the post knows where they are
                try (NodeClient sungai = NodeClient.connect("127.0.0.1", post.port(), "sungai-1",
                        dtls ? SUNGAI_KEY.getBytes(StandardCharsets.US_ASCII) : null)) {
                    assertEquals("2.04", sungai.heartbeat(false, false).code());
                    String hb = coapClient(post, "hb", "{\"node\":\"masjid-1\"}");
                    assertTrue(hb.contains(" c:2.04 "), "masjid-1's heartbeat: " + hb);
                    double liveBefore = liveHeap(post);

                    List<InetAddress> from = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
                    for (int a = 1; LONG && a < 8; a++) {
                        from.add(InetAddress.getByName("127.0.1." + a));
                    }
                    Seen seen = new Seen();
                    long kernelDropsBefore = kernelDrops();
                    UdpFlood flood = UdpFlood.start(dtls ? UdpFlood.Kind.DTLS_CLIENT_HELLO : UdpFlood.Kind.COAP_POST,
                            new InetSocketAddress("127.0.0.1", post.port()), from, PORTS, PER_SECOND);
                    try {
                        during(post, flood, what, sungai, centre, seen);
                    } finally {
                        flood.close();
                    }
                    long kernelDrops = kernelDrops() - kernelDropsBefore;
                    double liveAfter = liveHeap(post);
                    JsonNode field = JSON.readTree(GatewayProcess.run(tmp, "status", "--json", "--state-dir",
                            state.toString()).output()).path("field");
                    JsonNode dropped = field.path("dropped");
                    long droppedTotal = dropped.path("peer-rate").asLong() + dropped.path("source-rate").asLong()
                            + dropped.path("total-rate").asLong();
                    double seconds = FLOOD.toNanos() / 1e9;
                    System.out.printf("%s flood, %s form: %,d datagrams from %d ports on %d address(es) in %.0f s; "
                                    + "dropped unread %,d (peer %d, source %d, total %d); heard and refused: %d unknown "
                                    + "node, %d DTLS handshakes failed; the gateway sent the flood %,d datagrams; %d "
                                    + "readings from sungai-1 all 2.01, worst %d ms, %d answered only on a retransmission, %d over %d ms; "
                                    + "heap max %.1f MB used "
                                    + "of 48, live %.1f MB before and %.1f MB after; RSS max %.1f MB; UDP datagrams the "
                                    + "kernel dropped for full buffers (any socket of the machine): %,d%n", what,
                            LONG ? "long" : "short", flood.sent(), PORTS, from.size(), seconds, droppedTotal,
                            dropped.path("peer-rate").asLong(), dropped.path("source-rate").asLong(),
                            dropped.path("total-rate").asLong(), field.path("refusedUnknownNode").asLong(),
                            field.path("dtlsHandshakesFailed").asLong(), flood.replies(), seen.readings,
                            seen.worstNanos / 1_000_000, seen.retransmitted, seen.lateMillis.size(), IN_TIME.toMillis(), seen.maxHeap / 1e6,
                            liveBefore / 1e6, liveAfter / 1e6, seen.maxRssKb / 1e3, kernelDrops);

                    assertTrue(seen.pressed && seen.panicked, "the flood ran long enough for the press and the panic");
                    assertTrue(seen.lateMillis.isEmpty(), "readings answered late (ms): " + seen.lateMillis);
                    assertTrue(droppedTotal > flood.sent() * 9 / 10, "the flood is dropped unread and counted: "
                            + droppedTotal + " of " + flood.sent());
                    String m = metrics(post);
                    assertEquals((double) droppedTotal, Scrape.value(m, "kentongan_field_dropped_total",
                            "reason=\"source-rate\"") + Scrape.value(m, "kentongan_field_dropped_total",
                            "reason=\"total-rate\"") + Scrape.value(m, "kentongan_field_dropped_total",
                            "reason=\"peer-rate\""), "the same counts in /metrics");
                    if (!dtls) {
                        // heard from the flood: the known address's 20/s, plus the shared 50/s in the long form
                        double heard = field.path("refusedUnknownNode").asLong();
                        assertTrue(heard <= (LONG ? 70 : 20) * seconds + 200, "flood requests heard: " + heard);
                    }
                    if (dtls && LONG) {
                        halfOpenHandshakes(post, sungai);
                    }
                    assertEquals("2.01", sungai.event(2, 1, "level", 2.0).code(), "after the flood, as before");
                }
                assertEquals(143, gw.stop(), "still up after the flood, and a clean stop on SIGTERM");
                assertTrue(gw.log().contains("stopped cleanly") && !gw.log().contains("java.lang.OutOfMemoryError"),
                        gw.log());
            }
        }
    }

    /** Until the flood's time is up: a reading every half second; a third of the way a press, half-way a panic. */
    private void during(Post post, UdpFlood flood, String what, NodeClient sungai, Subscriber centre, Seen seen)
            throws Exception {
        long start = System.nanoTime();
        long nextSample = 0;
        while (System.nanoTime() - start < FLOOD.toNanos()) {
            long t = System.nanoTime();
            NodeClient.Reply r = sungai.event(1, ++seen.readings, "level", 1.5);
            long took = System.nanoTime() - t;
            assertEquals("2.01", r.code(), "reading " + seen.readings + " during the " + what + " flood");
            seen.worstNanos = Math.max(seen.worstNanos, took);
            if (took > IN_TIME.toNanos()) {
                seen.lateMillis.add(took / 1_000_000);
            }
            if (took > FIRST_TRY.toNanos()) {
                seen.retransmitted++;
            }
            long elapsed = System.nanoTime() - start;
            if (!seen.pressed && elapsed > FLOOD.toNanos() / 3) {
                seen.pressed = true;
                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms",
                        "50", "--state-dir", post.state().toString()).waitFor());
                await("the siren sounds").atMost(Duration.ofSeconds(5)).until(() -> Scrape.value(metrics(post),
                        "kentongan_siren_sounding", "output=\"siren-1\"") == 1);
                await("the centre hears the press").atMost(Duration.ofSeconds(10)).until(() -> centre
                        .distinctEvents().stream().anyMatch(e -> e.alert().source().equals("panic-1")
                                && e.alert().kind().equals("panic")));
            }
            if (!seen.panicked && elapsed > FLOOD.toNanos() / 2) {
                seen.panicked = true;
                String panic = coapClient(post, "events",
                        "{\"node\":\"masjid-1\",\"boot\":1,\"seq\":1,\"kind\":\"panic\"}");
                assertTrue(panic.contains(" c:2.01 "), "masjid-1's panic answered 2.01: " + panic);
            }
            if (elapsed >= nextSample) {
                double heap = heapUsed(metrics(post));
                long rss = rssKb(post.pid());
                seen.maxHeap = Math.max(seen.maxHeap, (long) heap);
                seen.maxRssKb = Math.max(seen.maxRssKb, rss);
                if (LONG) {
                    System.out.printf("%s flood at %3d s: %,d sent; heap %.1f MB used, RSS %.1f MB%n", what,
                            TimeUnit.NANOSECONDS.toSeconds(elapsed), flood.sent(), heap / 1e6, rss / 1e3);
                }
                nextSample = elapsed + TimeUnit.SECONDS.toNanos(LONG ? 30 : 2);
            }
            Thread.sleep(500); // the sampling cadence over a flood of fixed length, not a wait for a condition
        }
    }

    /**
     * Long form, DTLS: an attacker that stays under the limits (48 datagrams a second from 2,000 ports on
     * eight addresses) answers every cookie and leaves each handshake half open, which is what fills the
     * server's handshake state; its live heap is sampled, and a node's new handshake must still succeed.
     */
    private void halfOpenHandshakes(Post post, NodeClient sungai) throws Exception {
        List<InetAddress> from = new ArrayList<>();
        for (int a = 0; a < 8; a++) {
            from.add(InetAddress.getByName(a == 0 ? "127.0.0.1" : "127.0.2." + a));
        }
        long failedBefore = handshakesFailed(post);
        double peak = 0;
        String panic = null;
        try (UdpFlood slow = UdpFlood.start(UdpFlood.Kind.DTLS_CLIENT_HELLO,
                new InetSocketAddress("127.0.0.1", post.port()), from, 2000, 48)) {
            // a port's second ClientHello, with its cookie, comes 2,000 / 48 = 42 s after its first
            for (int s = 15; s <= 90; s += 15) {
                Thread.sleep(15_000); // the attacker's pace: 15 s of half-open handshakes between checks
                assertEquals("2.01", sungai.event(3, s, "level", 3.0).code());
                double live = liveHeap(post);
                peak = Math.max(peak, live);
                System.out.printf("half-open DTLS handshakes at %2d s: %,d ClientHellos sent, %,d answers; live heap "
                        + "%.1f MB; %d handshakes failed so far%n", s, slow.sent(), slow.replies(), live / 1e6,
                        handshakesFailed(post) - failedBefore);
                if (s == 60) {
                    panic = coapClient(post, "events", "{\"node\":\"masjid-1\",\"boot\":2,\"seq\":1,\"kind\":\"fire\"}");
                }
            }
        }
        System.out.printf("half-open DTLS handshakes: peak live heap %.1f MB%n", peak / 1e6);
        assertTrue(panic != null && panic.contains(" c:2.01 "), "a node's new handshake among the half-open ones: "
                + panic);
    }

    private long handshakesFailed(Post post) throws Exception {
        return (long) Scrape.value(metrics(post), "kentongan_field_dtls_handshakes_total", "outcome=\"failed\"");
    }

    /** libcoap's client from 127.0.0.2, a new port each run: its output, the messages it sent and received. */
    private String coapClient(Post post, String path, String body) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(post.dtls() ? "/usr/bin/coap-client-openssl"
                : "/usr/bin/coap-client-notls", "-a", "127.0.0.2", "-m", "post", "-t", "json", "-B", "10"));
        if (post.dtls()) {
            cmd.addAll(List.of("-u", "masjid-1", "-k", MASJID_KEY));
        }
        cmd.addAll(List.of("-v", "6", "-e", body,
                (post.dtls() ? "coaps" : "coap") + "://127.0.0.1:" + post.port() + "/" + path));
        if (!Files.isExecutable(Path.of(cmd.get(0)))) {
            throw new IllegalStateException(cmd.get(0) + " is missing: apt-get install libcoap3-bin");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        return out;
    }

    private static String metrics(Post post) throws Exception {
        return StatusHttp.get(post.http(), "/metrics").body();
    }

    /** Heap in use, garbage included, summed over the pools. */
    private static double heapUsed(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The heap still in use right after a full collection: what the gateway holds. */
    private static double liveHeap(Post post) throws Exception {
        Path jcmd = Path.of(GatewayProcess.java()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(post.pid()), "GC.run").redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return heapUsed(metrics(post));
    }

    /** RcvbufErrors of /proc/net/snmp: UDP datagrams the kernel dropped because a socket's buffer was full. */
    private static long kernelDrops() throws Exception {
        List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:"))
                .toList();
        List<String> names = List.of(udp.get(0).split("\\s+"));
        return Long.parseLong(udp.get(1).split("\\s+")[names.indexOf("RcvbufErrors")]);
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** The gateway's JVM among this test's child processes: the one running with this state directory. */
    private static long gatewayPid(Path state) {
        return ProcessHandle.current().children().filter(h -> h.info().arguments().map(a -> List.of(a)
                .contains(state.toString())).orElse(false)).findFirst().orElseThrow().pid();
    }
}
