package id.kentongan.observability;

import id.kentongan.config.StatusSettings;
import id.kentongan.dispatch.EdgeMeter;
import id.kentongan.dispatch.Outputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.io.IOException;

/**
 * Metrics, health and the status page of one post: the part's whole public face. Made before the
 * parts it watches (they record into it from their own threads), served once the post is armed.
 *
 * <p>Life safety first: if the port cannot be had, the post runs without its status page and says so
 * in the log; nothing here can keep a siren from sounding.
 *
 * <p>Threads: construction, {@link #serve} and {@link #close} from the owner; {@link #edgeMeter()} is
 * recorded into by the dispatch loop, {@link #commitTimer()} by the journal writer, the siren clock by
 * the loop's output writes; the HTTP threads read.
 */
public final class Observability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Observability.class);

    /**
     * What the meters are about.
     *
     * @param outputs     output ids by index, as the dispatch loop numbers them
     * @param timed       per output index: a siren or strobe, whose on-time is counted
     * @param nodes       field node ids
     * @param journalFile the journal's database file
     */
    public record Wiring(String village, String post, List<String> outputs, boolean[] timed, List<String> nodes,
                         Path journalFile, List<String> commandRefusals) {

        public Wiring {
            outputs = List.copyOf(outputs);
            commandRefusals = List.copyOf(commandRefusals);
            timed = timed.clone();
            nodes = List.copyOf(nodes);
        }
    }

    private final StatusSettings settings;
    private final Wiring wiring;
    private final LatencyRecorder edges = new LatencyRecorder();
    private final LatencyRecorder commits = new LatencyRecorder();
    private final Refusals<HttpThreads.Refusal> httpRefusals = Refusals.logged("status page",
            HttpThreads.Refusal.class, LoggerFactory.getLogger(StatusServer.class));
    private SirenClock sirens;
    private StatusServer server;
    private volatile HttpThreads httpThreads;
    private LinkedPages reports;

    public Observability(StatusSettings settings, Wiring wiring) {
        this.settings = settings;
        this.wiring = wiring;
    }

    /** For the dispatch loop: edge to handled, recorded wait-free. */
    public EdgeMeter edgeMeter() {
        return edges;
    }

    /** For the journal writer: each commit's duration in nanos. */
    public LongConsumer commitTimer() {
        return commits;
    }

    /** The outputs the dispatch loop drives, with siren and strobe on-time counted. Owner, once. */
    public Outputs timeSirens(Outputs wired) {
        sirens = new SirenClock(wired, wiring.timed(), System::nanoTime);
        return sirens;
    }

    /** Owner, before {@link #serve}: the reports the status page links to; closed with this. */
    public void linkReports(LinkedPages pages) {
        this.reports = pages;
    }

    /**
     * Owner, once the post is armed: serves metrics, health and the status page.
     *
     * @param status the post's status as {@code kentongan status --json} shows it; throws if a part does
     *               not answer
     */
    public void serve(Callable<?> status) {
        if (!settings.enabled()) {
            log.info("status page and metrics are off (status.enabled: false)");
            return;
        }
        if (sirens == null) {
            throw new IllegalStateException("timeSirens first: the meters need the siren clock");
        }
        StatusCache cache = new StatusCache(status, TimeUnit.SECONDS.toNanos(1), System::nanoTime);
        PostMetrics metrics = new PostMetrics(wiring, cache, edges, commits, sirens);
        try {
            httpThreads = new HttpThreads(HttpLimits.MAX_CONNECTIONS + 16, // room while closed ones unwind
                    Duration.ofSeconds(HttpLimits.REQUEST_SECONDS), httpRefusals);
            server = StatusServer.start(settings, cache, metrics, httpThreads, reports);
            log.info("status page on http://{}:{}/ (metrics /metrics, health /health){}", settings.address(),
                    server.port(), settings.lan() ? ", open to the LAN (status.lan)" : "");
        } catch (IOException | RuntimeException e) {
            httpThreads = null; // it never ran a request: no thread to stop
            log.error("status page: cannot listen on {}:{} ({}); the post runs without it", settings.address(),
                    settings.port(), e.toString());
        }
    }

    /**
     * For {@code kentongan status --json} and the metrics: HTTP requests being read or answered now,
     * and the requests refused by reason; empty when nothing is served. Any thread.
     */
    public Map<String, Object> httpStatus() {
        HttpThreads t = httpThreads;
        if (t == null) {
            return Map.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", t.active());
        m.put("refused", httpRefusals.counts());
        return m;
    }

    /** The port the status server listens on, or -1 when it does not. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (reports != null) {
            reports.close();
            reports = null;
        }
    }
}
