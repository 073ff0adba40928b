package id.kentongan.bench;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's field nodes (and P4's subscriber), in a process of their own (started by {@link LoadProcess} from the same
 * jar), so that P3 and P6 measure the gateway and not the Californium clients that load it. It speaks
 * to the bench in lines: results on stdout, each beginning with {@code load:}; commands on stdin.
 *
 * <pre>
 * ingest URI EVENTS CLIENTS WINDOW   P3: EVENTS posts to URI/events, CLIENTS nodes each with WINDOW in flight;
 *                                    after an uncounted round of 2,000 per node ("load: measuring"); prints
 *                                    "load: result EVENTS_PER_S REFUSED HISTOGRAM WARMUP_EVENTS" and exits
 * scale URI NODES HB_RATE EV_RATE    P6: every node heartbeats in turn, field events besides (one in ten a panic);
 *                                    prints "load: warm" once every node was heard, then answers "mark" with
 *                                    "load: mark HEARTBEATS EVENTS UNANSWERED" and "stop" likewise, then exits
 * centre BROKER                      P4: the independent subscriber, {@link LoadCentre}
 * </pre>
 *
 * <p>Threads: the main thread reads commands; one sender thread per client; Californium's own.
 */
public final class LoadNodes {

    static final String PREFIX = "load: ";
    private static final int SENDERS = 4;
    private static final int IN_FLIGHT_PER_SENDER = 64;
    /** P3's uncounted first round, per node. */
    private static final int WARMUP_PER_CLIENT = 2_000;

    private LoadNodes() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CoapConfig.register();
        UdpConfig.register();
        try {
            switch (args.length == 5 || args.length == 2 && args[0].equals("centre") ? args[0] : "") {
                case "ingest" -> ingest(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]), out);
                case "scale" -> scale(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]), out);
                case "centre" -> LoadCentre.run(args[1], out);
                default -> {
                    System.err.println("usage: ingest URI EVENTS CLIENTS WINDOW | scale URI NODES HB_RATE EV_RATE"
                            + " | centre BROKER");
                    System.exit(2);
                }
            }
        } catch (Exception e) { // Californium's and Paho's threads would keep the process, and the bench waiting
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // Californium's and Paho's threads are not daemons
    }

    private static CoapEndpoint endpoint() throws java.io.IOException {
        Configuration cfg = Configuration.createStandardWithoutFile();
        cfg.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(cfg).build();
        ep.start();
        return ep;
    }

    private static void ingest(String base, int events, int clients, int window, PrintStream out) throws Exception {
        List<CoapClient> nodes = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            CoapClient client = new CoapClient(base + "/events");
            client.setEndpoint(endpoint());
            client.setTimeout(30_000L);
            nodes.add(client);
        }
        // A round first, not counted: both JVMs compile their hot paths in its seconds. Without it, a
        // quick run's figure was a third JIT compiling, on both sides (perf record, 2026-12-02).
        round(nodes, WARMUP_PER_CLIENT, 0, window, new Latency(), new AtomicLong());
        out.println(PREFIX + "measuring");
        Latency ack = new Latency();
        AtomicLong refused = new AtomicLong();
        int perClient = events / clients;
        double seconds = round(nodes, perClient, WARMUP_PER_CLIENT, window, ack, refused);
        synchronized (ack) {
            out.println(PREFIX + "result " + (perClient * clients - refused.get()) / seconds + " " + refused.get()
                    + " " + ack.encoded() + " " + WARMUP_PER_CLIENT * clients);
        }
    }

    /** Each node posts {@code perClient} events from sequence {@code firstSeq}; @return the seconds it took */
    private static double round(List<CoapClient> nodes, int perClient, int firstSeq, int window, Latency ack,
                                AtomicLong refused) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(perClient * nodes.size());
        long t0 = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < nodes.size(); c++) {
            CoapClient client = nodes.get(c);
            String node = "n" + c;
            Semaphore inFlight = new Semaphore(window);
            senders.add(Thread.ofPlatform().name("load-node-" + c).start(() -> {
                for (int i = firstSeq; i < firstSeq + perClient; i++) {
                    inFlight.acquireUninterruptibly();
                    byte[] body = ("{\"node\":\"" + node + "\",\"seq\":" + i + ",\"kind\":\"level\",\"value\":1.5}")
                            .getBytes(StandardCharsets.UTF_8);
                    long sent = System.nanoTime();
                    client.post(new CoapHandler() {
                        @Override
                        public void onLoad(CoapResponse r) {
                            if (r.getCode() == ResponseCode.CREATED) {
                                synchronized (ack) {
                                    ack.record(System.nanoTime() - sent);
                                }
                            } else {
                                refused.incrementAndGet();
                            }
                            inFlight.release();
                            done.countDown();
                        }

                        @Override
                        public void onError() {
                            refused.incrementAndGet();
                            inFlight.release();
                            done.countDown();
                        }
                    }, body, MediaTypeRegistry.APPLICATION_JSON);
                }
            }));
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("CoAP ingest did not finish");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Thread t : senders) {
            t.join();
        }
        return seconds;
    }

    private static void scale(String base, int nodes, int hbRate, int evRate, PrintStream out) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong heartbeats = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong unanswered = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            CoapEndpoint ep = endpoint();
            int first = s;
            senders.add(Thread.ofPlatform().name("load-nodes-" + s).start(() -> send(ep, base, nodes, first,
                    hbRate / SENDERS, evRate / SENDERS, stop, heartbeats, events, unanswered)));
        }
        // every node heard from once before the presses: the post is tracking all of them
        long warm = System.nanoTime();
        while (heartbeats.get() < nodes && System.nanoTime() - warm < TimeUnit.SECONDS.toNanos(120)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        out.println(PREFIX + "warm " + heartbeats.get());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("stop")) {
            if (line.equals("mark")) {
                out.println(PREFIX + "mark " + heartbeats.get() + " " + events.get() + " " + unanswered.get());
            }
        }
        stop.set(true);
        for (Thread t : senders) {
            t.join();
        }
        out.println(PREFIX + "stopped " + heartbeats.get() + " " + events.get() + " " + unanswered.get());
    }

    /** One sender: every SENDERS-th node, in turn, paced; a bounded number of requests in flight. */
    private static void send(CoapEndpoint ep, String base, int nodes, int first, int hbRate, int evRate,
                             AtomicBoolean stop, AtomicLong heartbeats, AtomicLong events, AtomicLong unanswered) {
        CoapClient hb = new CoapClient(base + "/hb");
        hb.setEndpoint(ep);
        CoapClient ev = new CoapClient(base + "/events");
        ev.setEndpoint(ep);
        Semaphore inFlight = new Semaphore(IN_FLIGHT_PER_SENDER);
        long period = TimeUnit.SECONDS.toNanos(1) / Math.max(1, hbRate + evRate);
        long next = System.nanoTime();
        int node = first;
        long seq = 0;
        long sent = 0;
        while (!stop.get()) {
            inFlight.acquireUninterruptibly();
            String id = "n" + node;
            boolean event = evRate > 0 && sent % Math.max(1, (hbRate + evRate) / evRate) == 0;
            AtomicLong count = event ? events : heartbeats;
            CoapHandler done = new CoapHandler() {
                @Override
                public void onLoad(CoapResponse r) {
                    if (r.isSuccess()) {
                        count.incrementAndGet();
                    } else {
                        unanswered.incrementAndGet();
                    }
                    inFlight.release();
                }

                @Override
                public void onError() {
                    unanswered.incrementAndGet();
                    inFlight.release();
                }
            };
            if (event) {
                String kind = seq % 10 == 0 ? "panic" : "level";
                ev.post(done, ("{\"node\":\"" + id + "\",\"seq\":" + seq++ + ",\"kind\":\"" + kind
                        + "\",\"value\":1.5}").getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
            } else {
                hb.post(done, ("{\"node\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                        MediaTypeRegistry.APPLICATION_JSON);
                node += SENDERS;
                if (node >= nodes) {
                    node = first;
                }
            }
            sent++;
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        try { // every answer in (or given up by CoAP's own retransmission limit) before the endpoint goes
            inFlight.tryAcquire(IN_FLIGHT_PER_SENDER, 2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ep.destroy();
    }
}
