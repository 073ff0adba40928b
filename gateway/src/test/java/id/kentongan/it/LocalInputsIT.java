package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.fixtures.Control;
import id.kentongan.fixtures.ControlSocket;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.StatusHttp;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control socket and the status server attacked from a local client (#11, parts 4 and 5), against
 * the packaged gateway with the service's 48 MB heap and a real Mosquitto: endless request lines, 2,200
 * control connections that send {@code {"op"} and wait, and slowloris on HTTP (2, then 200 connections
 * sending a header a byte at a time). During each, the control socket's status and {@code /health}, the
 * page and {@code /metrics} answer within 2 s, a press sounds the siren, and afterwards every refusal
 * the attacker met is counted by reason and every connection and thread is let go.
 *
 * <p>Short form in the suite (seconds per attack); {@code -Dkentongan.faults=long} runs each for minutes
 * and prints the heap and resident size as it goes.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class LocalInputsIT {

    static final boolean LONG = "long".equals(System.getProperty("kentongan.faults"));
    static final Duration FLOOD = LONG ? Duration.ofMinutes(3) : Duration.ofSeconds(6);
    /** Slowloris: longer than the page's request deadline (5 to 6 s), so each slow connection is closed. */
    static final Duration SLOW_FLOOD = LONG ? Duration.ofMinutes(3) : Duration.ofSeconds(9);
    static final long ANSWER_MS = 2_000;
    static final int HELD = 2_200;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A running post: its process, state directory, status port and control socket. */
    record Post(GatewayProcess gw, Path state, int http, Control control) {
    }

    Post start(MosquittoBroker broker) throws Exception {
        int http = MosquittoBroker.freePort();
        Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
        StatusHttp.serveOn(profile, http, false);
        Path state = tmp.resolve("state");
        GatewayProcess gw = GatewayProcess.startAsService(profile, state, broker.uri(), tmp.resolve("gw.log"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> get(http, "/health").code() == 200);
        return new Post(gw, state, http, new Control(state));
    }

    @Test
    void endless_control_lines_are_refused_at_4_KiB_while_the_post_answers_and_sounds() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Post post = start(broker);
            try (GatewayProcess gw = post.gw()) {
                int threads = threads(gw);
                Meter meter = new Meter(post, "endless lines");
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong lines = new AtomicLong();
                AtomicLong toldWhy = new AtomicLong();
                AtomicLong mostSent = new AtomicLong();
                List<Thread> writers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    writers.add(Thread.ofPlatform().name("endless-" + i).start(() -> {
                        while (running.get()) {
                            String reply = endlessLine(post.state(), mostSent);
                            lines.incrementAndGet();
                            if (reply.contains("a request line longer than 4096 bytes")) {
                                toldWhy.incrementAndGet();
                            }
                        }
                    }));
                }
                Latencies l = servesWhile(post, meter, FLOOD);
                running.set(false);
                for (Thread w : writers) {
                    w.join();
                }
                JsonNode refused = post.control().status().path("control").path("refused");
                System.out.printf("endless control lines: %,d lines from 4 clients over %d s, each refused once the "
                                + "4 KiB buffer filled (%,d told why in a line, the rest reset while writing), at most "
                                + "%,d bytes sent before the refusal; the gateway counted %s; %s; %s%n", lines.get(),
                        FLOOD.toSeconds(), toldWhy.get(), mostSent.get(), refused, l, meter.summary());
                assertEquals(lines.get(), refused.path("too-long").asLong(), "every endless line counted");
                assertTrue(toldWhy.get() > 0, "a client that reads is told why");
                assertReleased(post, threads, meter);
            }
        }
    }

    @Test
    void two_thousand_two_hundred_held_control_connections_are_let_go_while_the_post_answers_and_sounds()
            throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Post post = start(broker);
            try (GatewayProcess gw = post.gw()) {
                int threads = threads(gw);
                Meter meter = new Meter(post, "held connections");
                long deadline = System.nanoTime() + FLOOD.toNanos();
                long held = 0;
                Latencies worst = new Latencies();
                int waves = 0;
                do {
                    List<SocketChannel> wave = holdLines(post.state(), HELD);
                    held += HELD;
                    worst.add(stillServes(post));
                    if (waves++ == 0) { // the technician's own command, a JVM of its own, during the first wave
                        GatewayProcess.Ran ran = GatewayProcess.run(tmp, "status", "--json", "--state-dir",
                                post.state().toString());
                        assertEquals(0, ran.exit(), ran.output());
                        assertTrue(ran.output().contains("\"evicted\""), ran.output());
                    }
                    assertEquals(HELD, closedByServer(wave, Duration.ofSeconds(15)), "every held connection let go");
                    meter.sample();
                } while (System.nanoTime() < deadline);
                JsonNode refused = post.control().status().path("control").path("refused");
                System.out.printf("held control connections: %d waves of %,d connections sending {\"op\" and waiting, "
                                + "%,d in all, each let go: the gateway counted %s; %s; %s%n", waves, HELD, held,
                        refused, worst, meter.summary());
                assertEquals(held, refused.path("evicted").asLong() + refused.path("timeout").asLong(),
                        "each held connection pushed out by a newer one or timed out");
                assertEquals(0, refused.path("busy").asLong(), "no real request was refused");
                assertReleased(post, threads, meter);
            }
        }
    }

    @Test
    void slow_http_clients_cannot_keep_the_status_page_metrics_or_health_from_anyone() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Post post = start(broker);
            try (GatewayProcess gw = post.gw()) {
                int threads = threads(gw);
                long slowBefore = 0;
                for (int n : new int[]{2, 200}) {
                    Meter meter = new Meter(post, n + " slow HTTP clients");
                    Latencies l;
                    long closed;
                    try (Slowloris attack = new Slowloris(post.http(), n)) {
                        l = servesWhile(post, meter, SLOW_FLOOD);
                        closed = attack.stop();
                    }
                    // the gateway counts a slow connection when its thread unwinds, a moment after the close the
                    // attacker saw: wait for the count to catch up, then it must be exact
                    long seen = closed, before = slowBefore;
                    await().atMost(Duration.ofSeconds(10)).until(() -> post.control().status().path("http")
                            .path("refused").path("slow").asLong() - before >= seen);
                    JsonNode http = post.control().status().path("http");
                    long slow = http.path("refused").path("slow").asLong() - slowBefore;
                    slowBefore += slow;
                    System.out.printf("slowloris, %d connections sending a header a byte every 500 ms for %d s: %,d "
                                    + "closed by the gateway as too slow, it counted %,d slow (%s); %s; %s%n", n,
                            SLOW_FLOOD.toSeconds(), closed, slow, http.path("refused"), l, meter.summary());
                    assertEquals(closed, slow, "every slow connection the gateway closed is counted");
                    assertTrue(closed >= n, "each slow connection was closed at least once");
                    assertEquals(0, http.path("refused").path("busy").asLong());
                    assertReleased(post, threads, meter);
                }
            }
        }
    }

    // ---- what a guard and a technician do during an attack

    /** Answer times, the worst of each kind, in ms. */
    static final class Latencies {
        long status;
        long health;
        long page;
        long metrics;
        int checks;

        void add(Latencies l) {
            status = Math.max(status, l.status);
            health = Math.max(health, l.health);
            page = Math.max(page, l.page);
            metrics = Math.max(metrics, l.metrics);
            checks += l.checks;
        }

        @Override
        public String toString() {
            return String.format("worst of %d checks: control status %d ms, /health %d ms, / %d ms, /metrics %d ms, "
                    + "a press sounded the siren each time", checks, status, health, page, metrics);
        }
    }

    static Latencies servesWhile(Post post, Meter meter, Duration flood) throws Exception {
        Latencies worst = new Latencies();
        long end = System.nanoTime() + flood.toNanos();
        while (System.nanoTime() < end) {
            worst.add(stillServes(post));
            meter.sampleEvery(Duration.ofSeconds(15));
            Thread.sleep(500); // the checks' cadence over a flood of fixed length, not a wait for a condition
        }
        return worst;
    }

    /** The control socket's status, /health, the page and /metrics each within 2 s; a press sounds the siren. */
    static Latencies stillServes(Post post) throws Exception {
        Latencies l = new Latencies();
        l.checks = 1;
        long t = System.nanoTime();
        assertEquals("pos-uji", post.control().status().path("post").path("id").asText());
        l.status = ms(t);
        t = System.nanoTime();
        assertEquals(200, get(post.http(), "/health").code());
        l.health = ms(t);
        t = System.nanoTime();
        assertTrue(get(post.http(), "/").body().contains("<html"));
        l.page = ms(t);
        t = System.nanoTime();
        assertTrue(get(post.http(), "/metrics").body().contains("kentongan_control_refused_total"));
        l.metrics = ms(t);
        assertTrue(l.status < ANSWER_MS && l.health < ANSWER_MS && l.page < ANSWER_MS && l.metrics < ANSWER_MS,
                l.toString());
        assertTrue(ControlSocket.press(post.state(), "panic-1", 20));
        await().atMost(Duration.ofMillis(ANSWER_MS)).until(() -> post.control().sounding("siren-1"));
        assertTrue(ControlSocket.press(post.state(), "silence", 20));
        await().atMost(Duration.ofMillis(ANSWER_MS)).until(() -> !post.control().sounding("siren-1"));
        return l;
    }

    /** After the attack: no connection held, no request in progress, the threads back to where they were. */
    static void assertReleased(Post post, int threadsBefore, Meter meter) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode s = post.control().status();
            return s.path("control").path("open").asInt() == 1 // this very request
                    && s.path("http").path("active").asInt() == 0 && threads(post.gw()) <= threadsBefore + 4;
        });
        meter.sample();
        assertTrue(post.gw().alive());
        System.out.printf("%s, afterwards: %d threads (%d before), %s%n", meter.name, threads(post.gw()),
                threadsBefore, meter.latest());
    }

    // ---- the attacks

    /** Sends one endless request line until the gateway stops it; @return what it said, if it could be read. */
    static String endlessLine(Path state, AtomicLong mostSent) {
        long sent = 0;
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(state.resolve("control.sock")));
            ByteBuffer a = ByteBuffer.wrap("A".repeat(65_536).getBytes(StandardCharsets.US_ASCII));
            try {
                while (sent < 1L << 30) {
                    a.rewind();
                    sent += c.write(a);
                }
            } catch (IOException refused) {
                // broken pipe: the gateway closed it
            }
            mostSent.accumulateAndGet(sent, Math::max);
            ByteBuffer in = ByteBuffer.allocate(4096);
            try {
                while (c.read(in) > 0) {
                    // the one reply line
                }
            } catch (IOException reset) {
                // what the gateway left unread resets the connection
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("the control socket refused to connect: " + e, e);
        }
    }

    /** {@code n} control connections, each sending {@code {"op"} and waiting. */
    static List<SocketChannel> holdLines(Path state, int n) throws IOException {
        List<SocketChannel> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(UnixDomainSocketAddress.of(state.resolve("control.sock")));
            c.write(ByteBuffer.wrap("{\"op\"".getBytes(StandardCharsets.US_ASCII)));
            c.configureBlocking(false);
            held.add(c);
        }
        return held;
    }

    /** Waits until the gateway has closed each channel; closes them here too. @return how many it closed. */
    static int closedByServer(List<SocketChannel> channels, Duration within) throws Exception {
        List<SocketChannel> open = new ArrayList<>(channels);
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (var it = open.iterator(); it.hasNext(); ) {
                    SocketChannel c = it.next();
                    if (readsEnd(c, sink)) {
                        c.close();
                        it.remove();
                    }
                }
                return open.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // some were held past the bound: the caller's count says how many
        }
        for (SocketChannel c : open) {
            c.close();
        }
        return channels.size() - open.size();
    }

    /** Whether the peer has closed: end of stream or a reset, on a non-blocking channel. */
    static boolean readsEnd(SocketChannel c, ByteBuffer sink) {
        try {
            int n;
            do {
                sink.clear();
                n = c.read(sink);
            } while (n > 0);
            return n < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * Slowloris: {@code n} connections, each sending a request line and then a header a byte every 500 ms,
     * never ending it; a connection the gateway closes is opened again at once, and counted.
     */
    static final class Slowloris implements AutoCloseable {
        final int port;
        final List<SocketChannel> conns = new ArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong closed = new AtomicLong();
        final Thread trickler;

        Slowloris(int port, int n) throws IOException {
            this.port = port;
            for (int i = 0; i < n; i++) {
                conns.add(open());
            }
            trickler = Thread.ofPlatform().name("slowloris").start(this::trickle);
        }

        SocketChannel open() throws IOException {
            SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            c.write(ByteBuffer.wrap("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(
                    StandardCharsets.US_ASCII)));
            c.configureBlocking(false);
            return c;
        }

        void trickle() {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            try {
                while (running.get()) {
                    for (int i = 0; i < conns.size(); i++) {
                        SocketChannel c = conns.get(i);
                        boolean gone = readsEnd(c, sink);
                        if (!gone) {
                            try {
                                c.write(ByteBuffer.wrap(new byte[]{'a'}));
                            } catch (IOException e) {
                                gone = true;
                            }
                        }
                        if (gone) {
                            c.close();
                            closed.incrementAndGet();
                            conns.set(i, open());
                        }
                    }
                    Thread.sleep(500); // slowloris's pace: a byte per connection every half second
                }
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("slowloris failed: " + e, e);
            }
        }

        /** Stops sending and waits until the gateway has closed what is left; @return closed by it in all. */
        long stop() throws Exception {
            running.set(false);
            trickler.join();
            return closed.get() + closedByServer(conns, Duration.ofSeconds(15));
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            trickler.join();
            for (SocketChannel c : conns) {
                c.close();
            }
        }
    }

    // ---- measuring

    /** A status server's answer, over a new connection each time, as a browser's first request is. */
    record Answer(int code, String body) {
    }

    static Answer get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int code = Integer.parseInt(all.substring(9, 12));
            return new Answer(code, all.substring(all.indexOf("\r\n\r\n") + 4));
        }
    }

    static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    static int threads(GatewayProcess gw) throws IOException {
        return (int) procStatus(gw, "Threads:");
    }

    static long procStatus(GatewayProcess gw, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(gw.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " for " + gw.pid());
    }

    /** The gateway's heap in use (from its own /metrics) and resident size, sampled as the attack goes. */
    static final class Meter {
        final Post post;
        final String name;
        final long start = System.nanoTime();
        long lastSample;
        double heapMax;
        long rssMax;
        String latest = "";

        Meter(Post post, String name) throws IOException {
            this.post = post;
            this.name = name;
            sample();
        }

        void sampleEvery(Duration every) throws IOException {
            if (System.nanoTime() - lastSample >= every.toNanos()) {
                sample();
                if (LONG) {
                    System.out.printf("%s, %3d s: %s%n", name, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime()
                            - start), latest);
                }
            }
        }

        void sample() throws IOException {
            lastSample = System.nanoTime();
            double heap = 0;
            for (String line : get(post.http(), "/metrics").body().lines().toList()) {
                if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            long rss = procStatus(post.gw(), "VmRSS:") / 1024;
            heapMax = Math.max(heapMax, heap);
            rssMax = Math.max(rssMax, rss);
            latest = String.format("heap %.1f MB, RSS %d MB, %d threads", heap / 1e6, rss, threads(post.gw()));
            assertTrue(post.gw().alive(), "the gateway is up");
            assertTrue(rss < 512, "resident size bounded: " + latest);
        }

        String latest() {
            return latest;
        }

        String summary() {
            return String.format("heap at most %.1f MB of 48, RSS at most %d MB", heapMax / 1e6, rssMax);
        }
    }
}
