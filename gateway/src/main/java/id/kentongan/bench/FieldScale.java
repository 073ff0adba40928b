package id.kentongan.bench;

import id.kentongan.post.Gateway;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * P6: scale. A whole gateway (in this process, simulated GPIO, the real field server and uplink) with
 * a profile of thousands of field nodes, all heartbeating over CoAP from loopback, plus field events
 * (one in ten an alert), while a guard presses the panic button. The figure is P1 under that load;
 * its baseline is P1 idle on the same gateway, just before the load starts.
 *
 * <p>The nodes share a few UDP sockets (one per sender thread): what scales here is the post's
 * bookkeeping of nodes (supervision, per-node state), not the kernel's sockets.
 */
final class FieldScale {

    private static final int SENDERS = 4;
    private static final int IN_FLIGHT_PER_SENDER = 64;

    private FieldScale() {
    }

    record Result(int nodes, Latency idle, Latency loaded, double heartbeatsPerSecond, double eventsPerSecond,
                  long unanswered) {
    }

    /**
     * @param heartbeatsPerSecond all nodes heartbeat in turn at this total rate
     * @param eventsPerSecond     field events besides, one in ten a panic alert
     */
    static Result run(Path dir, String broker, int nodes, int presses, int heartbeatsPerSecond, int eventsPerSecond)
            throws Exception {
        Path profile = BenchPost.write(dir.resolve("p6/site.yaml"), broker, nodes, "60s");
        Gateway gw = Gateway.start(new Gateway.Options(profile, dir.resolve("p6/state"), true, null, "127.0.0.1", 0));
        List<CoapEndpoint> endpoints = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        try {
            AtomicLong on = new AtomicLong();
            AtomicBoolean sounding = new AtomicBoolean();
            gw.onOutputChange("siren-1", high -> {
                if (high) {
                    on.set(System.nanoTime());
                }
                sounding.set(high);
            });
            Latency idle = new Latency();
            PressToSiren.press(gw::simulate, on, sounding, presses, idle, null);

            CoapConfig.register();
            UdpConfig.register();
            String base = "coap://127.0.0.1:" + gw.field().plainPort();
            AtomicLong heartbeats = new AtomicLong();
            AtomicLong events = new AtomicLong();
            AtomicLong unanswered = new AtomicLong();
            for (int s = 0; s < SENDERS; s++) {
                Configuration cfg = Configuration.createStandardWithoutFile();
                cfg.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
                CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(cfg).build();
                ep.start();
                endpoints.add(ep);
                int first = s;
                senders.add(Thread.ofPlatform().name("bench-nodes-" + s).start(() -> send(ep, base, nodes, first,
                        heartbeatsPerSecond / SENDERS, eventsPerSecond / SENDERS, stop, heartbeats, events,
                        unanswered)));
            }
            // every node heard from once before the presses: the post is tracking all of them
            long warm = System.nanoTime();
            while (heartbeats.get() < nodes && System.nanoTime() - warm < TimeUnit.SECONDS.toNanos(120)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            long h0 = heartbeats.get();
            long e0 = events.get();
            long t0 = System.nanoTime();
            Latency loaded = new Latency();
            PressToSiren.press(gw::simulate, on, sounding, presses, loaded, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(nodes, idle, loaded, (heartbeats.get() - h0) / seconds, (events.get() - e0) / seconds,
                    unanswered.get());
        } finally {
            stop.set(true);
            for (Thread t : senders) {
                t.join();
            }
            endpoints.forEach(CoapEndpoint::destroy);
            gw.close();
        }
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
    }

    static List<Figure> figures(Result r, String gc) {
        return List.of(new Figure("P6", "press -> siren p99, " + String.format("%,d", r.nodes()) + " nodes at "
                        + Math.round(r.heartbeatsPerSecond()) + " heartbeats/s + " + Math.round(r.eventsPerSecond())
                        + " events/s", r.loaded().p(99), "us", "P1 idle p99 on the same gateway", r.idle().p(99),
                "loaded: " + r.loaded().summary() + "; idle: " + r.idle().summary() + "; unanswered requests "
                        + r.unanswered() + "; " + gc + " (target: ratio <= 2)"));
    }
}
