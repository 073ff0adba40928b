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
 * on another address (masjid-1, libcoap's coap-client, a new port each time, so a new DTLS handshake)
 * reports a panic; a guard presses, the siren sounds, the centre hears it. The gateway stays up within
 * its heap and counts the flood.
 *
 * <p>Short form: 20 s of each flood, from 127.0.0.1. Long form ({@code -Dkentongan.faults=long}): five
 * minutes of each, from eight loopback addresses, so that the shared bucket is full too; heap and RSS
 * printed every 30 s and the live heap after a full GC, before and at the end.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CoapFloodIT {

    static final boolean LONG = "long".equals(System.getProperty("kentongan.faults"));
    static final Duration FLOOD = LONG ? Duration.ofMinutes(5) : Duration.ofSeconds(20);
    static final int PORTS = 1000;
    static final int PER_SECOND = 5000;
    /** The service's JVM, as {@code kentongan run} starts it. */
    static final String SERVICE_JVM = "-XX:+UseSerialGC -Xms16m -Xmx48m -XX:+ExitOnOutOfMemoryError";
    static final String MASJID_KEY = "masjid-1-key-0123456789";
    static final String SUNGAI_KEY = "sungai-1-key-0123456789";
    /** A reading is late if not answered within CoAP's first retransmission timeout (2 to 3 s). */
    static final Duration IN_TIME = Duration.ofSeconds(2);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

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
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() == 200);
                long pid = gatewayPid(state);
                int port = dtls ? dtlsPort : plainPort;
                // before the flood: each node is heard once, so the post knows where they are
                try (NodeClient sungai = NodeClient.connect("127.0.0.1", port, "sungai-1",
                        dtls ? SUNGAI_KEY.getBytes(StandardCharsets.US_ASCII) : null)) {
                    assertEquals("2.04", sungai.heartbeat(false, false).code());
                    String hb = coapClient(dtls, port, "hb", "{\"node\":\"masjid-1\"}");
                    assertTrue(hb.contains(" c:2.04 "), "masjid-1's heartbeat: " + hb);
                    double liveBefore = liveHeap(pid, http);

                    List<InetAddress> from = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
                    for (int a = 1; LONG && a < 8; a++) {
                        from.add(InetAddress.getByName("127.0.1." + a));
                    }
                    List<Long> late = new ArrayList<>();
                    long worst = 0;
                    int readings = 0;
                    long maxHeap = 0;
                    long maxRss = 0;
                    String panic;
                    long kernelDropsBefore = kernelDrops();
                    UdpFlood flood = UdpFlood.start(dtls ? UdpFlood.Kind.DTLS_CLIENT_HELLO : UdpFlood.Kind.COAP_POST,
                            new InetSocketAddress("127.0.0.1", port), from, PORTS, PER_SECOND);
                    try {
                        long start = System.nanoTime();
                        long nextPrint = 0;
                        boolean pressed = false;
                        panic = null;
                        while (System.nanoTime() - start < FLOOD.toNanos()) {
                            long t = System.nanoTime();
                            NodeClient.Reply r = sungai.event(1, ++readings, "level", 1.5);
                            long took = System.nanoTime() - t;
                            assertEquals("2.01", r.code(), "reading " + readings + " during the " + what + " flood");
                            worst = Math.max(worst, took);
                            if (took > IN_TIME.toNanos()) {
                                late.add(took / 1_000_000);
                            }
                            long elapsed = System.nanoTime() - start;
                            if (!pressed && elapsed > FLOOD.toNanos() / 3) {
                                pressed = true;
                                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1",
                                        "--hold-ms", "50", "--state-dir", state.toString()).waitFor());
                                await("the siren sounds").atMost(Duration.ofSeconds(5)).until(() -> Scrape.value(
                                        metrics(http), "kentongan_siren_sounding", "output=\"siren-1\"") == 1);
                                await("the centre hears the press").atMost(Duration.ofSeconds(10)).until(() ->
                                        centre.distinctEvents().stream().anyMatch(e -> e.alert().source()
                                                .equals("panic-1") && e.alert().kind().equals("panic")));
                            }
                            if (panic == null && elapsed > FLOOD.toNanos() / 2) {
                                // a new port, and under DTLS a new handshake, at the address masjid-1 was heard from
                                panic = coapClient(dtls, port, "events",
                                        "{\"node\":\"masjid-1\",\"boot\":1,\"seq\":1,\"kind\":\"panic\"}");
                                assertTrue(panic.contains(" c:2.01 "), "masjid-1's panic answered 2.01: " + panic);
                            }
                            if (elapsed >= nextPrint) {
                                String m = metrics(http);
                                maxHeap = Math.max(maxHeap, (long) heapUsed(m));
                                maxRss = Math.max(maxRss, rssKb(pid));
                                if (LONG) {
                                    System.out.printf("%s flood at %3d s: %,d sent; heap %.1f MB, RSS %.1f MB%n",
                                            what, elapsed / 1_000_000_000, flood.sent(), heapUsed(m) / 1e6,
                                            rssKb(pid) / 1e3);
                                }
                                nextPrint = elapsed + TimeUnit.SECONDS.toNanos(LONG ? 30 : 2);
                            }
                            Thread.sleep(500);
                        }
                        assertTrue(pressed && panic != null, "the flood ran long enough for the press and the panic");
                    } finally {
                        flood.close();
                    }
                    long kernelDrops = kernelDrops() - kernelDropsBefore;
                    double liveFull = liveHeap(pid, http);
                    JsonNode field = JSON.readTree(GatewayProcess.run(tmp, "status", "--json", "--state-dir",
                            state.toString()).output()).path("field");
                    JsonNode dropped = field.path("dropped");
                    long droppedTotal = dropped.path("peer-rate").asLong() + dropped.path("source-rate").asLong()
                            + dropped.path("total-rate").asLong();
                    double seconds = FLOOD.toNanos() / 1e9;
                    System.out.printf("%s flood, %s form: %,d datagrams from %d ports on %d address(es) in %.0f s; "
                                    + "dropped unread %,d (peer %d, source %d, total %d); heard and refused: %d unknown "
                                    + "node, %d DTLS handshakes failed; %d readings from sungai-1 all 2.01, worst %d ms, "
                                    + "%d over %d ms; heap max %.1f MB used of 48, live %.1f MB before and %.1f MB at the "
                                    + "end; RSS max %.1f MB; UDP datagrams the kernel dropped for full buffers (any socket of this "
                                    + "machine, the flood's own included): %,d; datagrams the gateway sent the flood back: %,d%n", what, LONG ? "long" : "short", flood.sent(), PORTS,
                            from.size(), seconds, droppedTotal, dropped.path("peer-rate").asLong(),
                            dropped.path("source-rate").asLong(), dropped.path("total-rate").asLong(),
                            field.path("refusedUnknownNode").asLong(), field.path("dtlsHandshakesFailed").asLong(),
                            readings, worst / 1_000_000, late.size(), IN_TIME.toMillis(), maxHeap / 1e6,
                            liveBefore / 1e6, liveFull / 1e6, maxRss / 1e3, kernelDrops, flood.replies());

                    assertTrue(late.isEmpty(), "readings answered late (ms): " + late);
                    assertTrue(droppedTotal > flood.sent() * 9 / 10, "the flood is dropped unread and counted: "
                            + droppedTotal + " of " + flood.sent());
                    assertEquals((double) droppedTotal, Scrape.value(metrics(http), "kentongan_field_dropped_total",
                            "reason=\"source-rate\"") + Scrape.value(metrics(http), "kentongan_field_dropped_total",
                            "reason=\"total-rate\"") + Scrape.value(metrics(http), "kentongan_field_dropped_total",
                            "reason=\"peer-rate\""), "the same counts in /metrics");
                    if (!dtls) {
                        // heard from the flood: the known address's 20/s, plus the shared 50/s in the long form
                        double heard = field.path("refusedUnknownNode").asLong();
                        assertTrue(heard <= (LONG ? 70 : 20) * seconds + 200, "flood requests heard: " + heard);
                    }
                    // after the flood, as before
                    assertEquals("2.01", sungai.event(2, 1, "level", 2.0).code());
                }
                assertEquals(143, gw.stop(), "still up after the flood, and a clean stop on SIGTERM");
                assertTrue(gw.log().contains("stopped cleanly") && !gw.log().contains("java.lang.OutOfMemoryError"), gw.log());
            }
        }
    }

    /** libcoap's client from 127.0.0.2, a new port each run: its output, the messages it sent and received. */
    private String coapClient(boolean dtls, int port, String path, String body) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dtls ? "/usr/bin/coap-client-openssl" : "/usr/bin/coap-client-notls",
                "-a", "127.0.0.2", "-m", "post", "-t", "json", "-B", "10"));
        if (dtls) {
            cmd.addAll(List.of("-u", "masjid-1", "-k", MASJID_KEY));
        }
        cmd.addAll(List.of("-v", "6", "-e", body, (dtls ? "coaps" : "coap") + "://127.0.0.1:" + port + "/" + path));
        if (!Files.isExecutable(Path.of(cmd.get(0)))) {
            throw new IllegalStateException(cmd.get(0) + " is missing: apt-get install libcoap3-bin");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        return out;
    }

    private static String metrics(int http) throws Exception {
        return StatusHttp.get(http, "/metrics").body();
    }

    /** Heap in use, garbage included, summed over the pools. */
    private static double heapUsed(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The heap still in use right after a full collection: what the gateway holds. */
    private static double liveHeap(long pid, int http) throws Exception {
        Path jcmd = Path.of(GatewayProcess.java()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return heapUsed(metrics(http));
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
