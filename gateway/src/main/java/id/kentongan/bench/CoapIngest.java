package id.kentongan.bench;

import id.kentongan.post.Gateway;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P3 end to end: field nodes POSTing events over CoAP from loopback to a whole gateway (in this
 * process: the nodes' clients share the machine's cores with it), each answered 2.01 only once
 * durable. Events/s and ack latency as the nodes see them.
 */
final class CoapIngest {

    private CoapIngest() {
    }

    record Result(double eventsPerSecond, Latency ack, long refused, int clients, int window) {
    }

    static Result run(Path dir, String broker, int events, int clients, int window) throws Exception {
        int nodes = clients;
        Path profile = BenchPost.write(dir.resolve("p3-coap/site.yaml"), broker, nodes);
        Gateway gw = Gateway.start(new Gateway.Options(profile, dir.resolve("p3-coap/state"), true, null, "127.0.0.1",
                0));
        Latency ack = new Latency();
        AtomicLong refused = new AtomicLong();
        List<CoapEndpoint> endpoints = new ArrayList<>();
        try {
            CoapConfig.register();
            UdpConfig.register();
            String uri = "coap://127.0.0.1:" + gw.field().plainPort() + "/events";
            int perClient = events / clients;
            CountDownLatch done = new CountDownLatch(perClient * clients);
            long t0 = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Configuration cfg = Configuration.createStandardWithoutFile();
                cfg.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
                CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(cfg).build();
                ep.start();
                endpoints.add(ep);
                CoapClient client = new CoapClient(uri);
                client.setEndpoint(ep);
                client.setTimeout(30_000L);
                String node = "n" + c;
                Semaphore inFlight = new Semaphore(window);
                senders.add(Thread.ofPlatform().name("bench-node-" + c).start(() -> {
                    for (int i = 0; i < perClient; i++) {
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
            return new Result((perClient * clients - refused.get()) / seconds, ack, refused.get(), clients, window);
        } finally {
            endpoints.forEach(CoapEndpoint::destroy);
            gw.close();
        }
    }

    static List<Figure> figures(Result r, double onePerTxn) {
        return List.of(new Figure("P3", "CoAP end to end: durable events/s (" + r.clients() + " nodes x window "
                        + r.window() + ", loopback)", r.eventsPerSecond(), "events/s", "SQLite one insert per transaction",
                        onePerTxn, "ack as the node sees it: " + r.ack().summary() + "; refused " + r.refused()),
                new Figure("P3", "CoAP end to end: ack p99", r.ack().p(99), "us", "(target <= 20,000 us)", 20_000,
                        ""));
    }

}
