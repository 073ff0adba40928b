package id.kentongan.bench;

import id.kentongan.post.Gateway;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P6: scale. A whole gateway (in this process, simulated GPIO, the real field server and uplink) with
 * a profile of thousands of field nodes, all heartbeating over CoAP from loopback, plus field events
 * (one in ten an alert), while a guard presses the panic button. The figure is P1 under that load;
 * its baseline is P1 idle on the same gateway, just before the load starts.
 *
 * <p>The nodes run in a process of their own ({@link LoadNodes}), pinned apart where the machine
 * allows, and share a few UDP sockets (one per sender thread): what scales here is the post's
 * bookkeeping of nodes (supervision, per-node state), not the kernel's sockets.
 */
final class FieldScale {

    private FieldScale() {
    }

    record Result(int nodes, Latency idle, Latency loaded, double heartbeatsPerSecond, double eventsPerSecond,
                  long unanswered, String pinning, long loadedPause, String loadedGc, long idlePause, String idleGc) {
    }

    /**
     * @param heartbeatsPerSecond all nodes heartbeat in turn at this total rate
     * @param eventsPerSecond     field events besides, one in ten a panic alert
     */
    static Result run(Path dir, String broker, int nodes, int presses, int heartbeatsPerSecond, int eventsPerSecond,
                      PrintStream out) throws Exception {
        Path profile = BenchPost.write(dir.resolve("p6/site.yaml"), broker, nodes, "60s");
        Gateway gw = Gateway.start(new Gateway.Options(profile, dir.resolve("p6/state"), true, null, "127.0.0.1", 0));
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
            String idleGc;
            long idlePause;
            try (GcWatch gc = new GcWatch()) {
                PressToSiren.press(gw::simulate, on, sounding, presses, idle, null, null);
                idleGc = gc.summary();
                idlePause = gc.longestMillis();
            }
            try (LoadProcess load = LoadProcess.start(dir.resolve("p6/load.log"), out, "scale",
                    "coap://127.0.0.1:" + gw.field().plainPort(), Integer.toString(nodes),
                    Integer.toString(heartbeatsPerSecond), Integer.toString(eventsPerSecond))) {
                load.await("warm");
                load.send("mark");
                String[] m0 = load.await("mark").split(" ");
                long t0 = System.nanoTime();
                Latency loaded = new Latency();
                String loadedGc;
                long loadedPause;
                try (GcWatch gc = new GcWatch()) {
                    PressToSiren.press(gw::simulate, on, sounding, presses, loaded, null, null);
                    loadedGc = gc.summary();
                    loadedPause = gc.longestMillis();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                load.send("stop");
                String[] m1 = load.await("stopped").split(" ");
                return new Result(nodes, idle, loaded, (Long.parseLong(m1[0]) - Long.parseLong(m0[0])) / seconds,
                        (Long.parseLong(m1[1]) - Long.parseLong(m0[1])) / seconds, Long.parseLong(m1[2]),
                        load.pinning(), loadedPause, loadedGc, idlePause, idleGc);
            }
        } finally {
            gw.close();
        }
    }

    static List<Figure> figures(Result r) {
        return List.of(new Figure("P6", "press -> siren p99, " + String.format("%,d", r.nodes()) + " nodes at "
                        + Math.round(r.heartbeatsPerSecond()) + " heartbeats/s + " + Math.round(r.eventsPerSecond())
                        + " events/s", r.loaded().p(99), "us", "P1 idle p99 on the same gateway", r.idle().p(99),
                "loaded: " + r.loaded().summary() + "; idle: " + r.idle().summary() + "; unanswered requests "
                        + r.unanswered() + "; " + r.pinning() + " (target: ratio <= 2)"),
                new Figure("P6", "longest GC pause during the presses under that load", r.loadedPause(), "ms",
                        "the same, idle presses on the same gateway", r.idlePause(), "loaded: " + r.loadedGc()
                        + "; idle: " + r.idleGc() + " (target <= 5 ms)"));
    }
}
