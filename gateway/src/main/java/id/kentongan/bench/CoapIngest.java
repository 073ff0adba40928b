package id.kentongan.bench;

import id.kentongan.post.Gateway;
import id.kentongan.uplink.UplinkStatus;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P3 end to end: field nodes POSTing events over CoAP from loopback to a whole gateway, each
 * answered 2.01 only once durable. The gateway runs in this process, the nodes in a process of their
 * own ({@link LoadNodes}), pinned apart where the machine allows. Events/s and ack latency as the
 * nodes see them.
 */
final class CoapIngest {

    private CoapIngest() {
    }

    record Result(double eventsPerSecond, Latency ack, long refused, int clients, int window, String pinning,
                  long warmup, String cpu, int events, long commits) {
    }

    static Result run(Path dir, String broker, int events, int clients, int window, PrintStream out)
            throws Exception {
        Path profile = BenchPost.write(dir.resolve("p3-coap/site.yaml"), broker, clients);
        Gateway gw = Gateway.start(new Gateway.Options(profile, dir.resolve("p3-coap/state"), true, null, "127.0.0.1",
                0));
        try (LoadProcess load = LoadProcess.start(dir.resolve("p3-coap/load.log"), out, "ingest",
                "coap://127.0.0.1:" + gw.field().plainPort(), Integer.toString(events), Integer.toString(clients),
                Integer.toString(window))) {
            load.await("measuring");
            ThreadCpu before = ThreadCpu.now();
            long commitsBefore = gw.status().journal().commits();
            String[] r = load.await("result").split(" ");
            awaitUplinkDrained(gw);
            String cpu = ThreadCpu.now().perEventByThread(before, events, 1.0);
            long commits = gw.status().journal().commits() - commitsBefore; // its PUBACKs' marks included
            return new Result(Double.parseDouble(r[0]), Latency.decoded(r[2]), Long.parseLong(r[1]), clients, window,
                    load.pinning(), Long.parseLong(r[3]), cpu, events, commits);
        } finally {
            gw.close();
        }
    }

    /** The measured round's events are all acknowledged by the broker: its CPU is all spent. */
    private static void awaitUplinkDrained(Gateway gw) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            UplinkStatus u = gw.publisher().status().get(10, TimeUnit.SECONDS);
            if (u.inFlight() == 0 && u.queued().values().stream().allMatch(n -> n == 0)) {
                return;
            }
            Thread.sleep(5); // the uplink's own pace; its last PUBACK ends the wait
        }
        throw new IllegalStateException("the uplink still owed the round's events a minute after the last ack");
    }

    static List<Figure> figures(Result r, double onePerTxn) {
        return List.of(new Figure("P3", "CoAP end to end: durable events/s (" + r.clients() + " nodes x window "
                        + r.window() + ", loopback)", r.eventsPerSecond(), "events/s", "SQLite one insert per transaction",
                        onePerTxn, "after " + r.warmup() + " events not counted (both sides compiling); ack as the node sees "
                                + "it: " + r.ack().summary() + "; refused " + r.refused() + "; " + r.pinning()
                                + "; the gateway's CPU per event over the measured round, by thread: " + r.cpu()
                                + String.format("; the journal's commits over it, delivery marks included: about %,d "
                                + "(%.1f events a commit; the warm-up's last marks may fall in)", r.commits(), (double) r.events() / Math.max(1, r.commits()))),
                new Figure("P3", "CoAP end to end: ack p99", r.ack().p(99), "us", "(target <= 20,000 us)", 20_000,
                        ""));
    }

}
