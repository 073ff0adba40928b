package id.kentongan.observability;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Priority;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.Predicate;

/**
 * The post's meters in a Prometheus registry. Two kinds: latencies the hot threads recorded into
 * {@link LatencyRecorder}s, copied into timers at each scrape; and everything else read at scrape time
 * from the status snapshot (the very numbers {@code kentongan status} shows) and the siren clock, as
 * gauges and function counters. Nothing here is called from the dispatch loop.
 *
 * <p>Threads: {@link #scrape} from the HTTP threads (synchronized); construction from the owner.
 */
final class PostMetrics {

    /** Up to this many field nodes, each has its own up and last-seen series. */
    static final int PER_NODE_SERIES = 200;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusCache status;
    private final LatencyRecorder edges;
    private final LatencyRecorder commits;
    private final Timer dispatchTimer;
    private final Timer commitTimer;
    private boolean rondaBound;
    private boolean cardBound;

    PostMetrics(Observability.Wiring wiring, StatusCache status, LatencyRecorder edges, LatencyRecorder commits,
                SirenClock sirens) {
        this.status = status;
        this.edges = edges;
        this.commits = commits;
        registry.config().commonTags("village", wiring.village(), "post", wiring.post());
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        dispatchTimer = Timer.builder("kentongan.dispatch.latency")
                .description("GPIO input edge to handled by the dispatch loop: outputs set, event handed on")
                .serviceLevelObjectives(micros(50), micros(100), micros(250), micros(500), millis(1), micros(2500),
                        millis(5), millis(10), millis(25), millis(50), millis(100), millis(250), millis(1000))
                .register(registry);
        commitTimer = Timer.builder("kentongan.journal.commit")
                .description("One group commit of the journal (insert, mark, fsync)")
                .serviceLevelObjectives(millis(1), micros(2500), millis(5), millis(10), millis(25), millis(50),
                        millis(100), millis(250), millis(500), millis(1000), millis(2500), millis(5000))
                .register(registry);

        Path db = wiring.journalFile();
        Gauge.builder("kentongan.journal.size", db, PostMetrics::journalBytes).baseUnit("bytes")
                .description("Size of the journal on disk, its write-ahead log included").register(registry);
        gauge("kentongan.journal.events", Tags.empty(), "Events the journal holds",
                s -> s.path("journal").path("events").asDouble(Double.NaN));
        counter("kentongan.journal.commits", Tags.empty(), "Group commits of the journal",
                s -> s.path("journal").path("commits").asDouble());
        gauge("kentongan.journal.failing", Tags.empty(), "1 while the journal cannot write (full or read-only disk)",
                s -> s.path("journal").path("failing").asBoolean() ? 1 : 0);

        for (Priority p : Priority.values()) {
            Tags c = Tags.of("class", p.wireName());
            gauge("kentongan.journal.owed", c, "Events journaled and not yet PUBACKed by the broker",
                    s -> s.path("queue").path("owedByClass").path(p.wireName()).asDouble());
            gauge("kentongan.uplink.queue", c, "Events in the uplink's memory, waiting to be sent",
                    s -> s.path("uplink").path("queued").path(p.name()).asDouble());
            gauge("kentongan.alerts.open", Tags.of("priority", p.wireName()), "Open alerts",
                    s -> count(s.path("alerts"), a -> a.path("priority").asText().equals(p.wireName())));
        }
        gauge("kentongan.uplink.connected", Tags.empty(), "1 while the uplink is connected to a broker",
                s -> s.path("uplink").path("connected").asBoolean() ? 1 : 0);
        gauge("kentongan.uplink.in.flight", Tags.empty(), "Events sent, waiting for the broker's PUBACK",
                s -> s.path("uplink").path("inFlight").asDouble());
        counter("kentongan.uplink.reconnects", Tags.empty(), "Times the uplink lost its broker",
                s -> s.path("uplink").path("reconnects").asDouble());
        counter("kentongan.uplink.published", Tags.empty(), "Events published to the broker",
                s -> s.path("uplink").path("published").asDouble());
        counter("kentongan.uplink.acked", Tags.empty(), "Events the broker PUBACKed",
                s -> s.path("uplink").path("acked").asDouble());
        for (String reason : wiring.commandRefusals()) {
            counter("kentongan.commands.refused", Tags.of("reason", reason),
                    "Commands from the centre refused, by reason (forged, stale, replayed, oversized, ...)",
                    s -> s.path("uplink").path("commandsRefused").path(reason).asDouble());
        }
        for (String[] a : new String[][] {{"payload-dropped", "payloadDropped"}, {"connection-closed",
                "connectionClosed"}}) {
            counter("kentongan.uplink.oversized", Tags.of("action", a[0]), "MQTT packets over the post's 256 KiB "
                    + "limit: a PUBLISH's payload dropped unread, or the connection closed for another packet",
                    s -> s.path("uplink").path("oversizedPackets").path(a[1]).asDouble());
        }
        for (String kind : new String[] {"message", "escalation"}) {
            counter("kentongan.uplink.side.dropped", Tags.of("kind", kind), "Messages beside the events (answers, "
                    + "residents', Home Assistant's; escalations only when nothing else waits) that gave way in "
                    + "the uplink's full side queue",
                    s -> s.path("uplink").path("sideDropped").path(kind).asDouble());
        }

        gauge("kentongan.inbox.depth", Tags.empty(), "Inputs waiting for the dispatch loop",
                s -> s.path("queue").path("inbox").asDouble());
        counter("kentongan.inbox.refused", Tags.empty(), "Inputs refused because the dispatch loop's inbox was full",
                s -> s.path("queue").path("inboxRefused").asDouble());

        for (int o = 0; o < wiring.outputs().size(); o++) {
            if (!wiring.timed()[o]) {
                continue;
            }
            String id = wiring.outputs().get(o);
            int index = o;
            FunctionCounter.builder("kentongan.siren.on", sirens, c -> c.onSeconds(index)).baseUnit("seconds")
                    .tags(Tags.of("output", id)).description("Time the siren or strobe output was energised")
                    .register(registry);
            gauge("kentongan.siren.sounding", Tags.of("output", id), "1 while the output plays a pattern",
                    s -> count(s.path("outputs"), x -> x.path("id").asText().equals(id)
                            && !x.path("pattern").asText().isEmpty()));
        }

        for (String state : List.of("ok", "silent", "never-seen")) {
            gauge("kentongan.field.nodes", Tags.of("state", state), "Field nodes by state",
                    s -> count(s.path("nodes"), x -> x.path("state").asText().equals(state)));
        }
        // one series per node only for a village-sized post: at thousands of nodes the series alone
        // overran the 48 MB heap (bench P6), and a scrape would be slow; the counts by state remain
        for (String node : wiring.nodes().size() <= PER_NODE_SERIES ? wiring.nodes() : List.<String>of()) {
            Tags n = Tags.of("node", node);
            gauge("kentongan.field.node.up", n, "1 while the field node is heard from in time",
                    s -> count(s.path("nodes"), x -> x.path("id").asText().equals(node)
                            && x.path("state").asText().equals("ok")));
            Gauge.builder("kentongan.field.node.last.seen", status, c -> seenAgo(c.last(), node)).tags(n)
                    .baseUnit("seconds").description("Since the node's last heartbeat or event (or since start)")
                    .register(registry);
        }
        if (!wiring.nodes().isEmpty()) {
            fieldCounter("kentongan.field.events", "outcome", "accepted", "eventsAccepted",
                    "Field node events accepted, and retries answered again");
            fieldCounter("kentongan.field.events", "outcome", "retry", "retriesAnswered",
                    "Field node events accepted, and retries answered again");
            String why = "Field node requests refused";
            fieldCounter("kentongan.field.refused", "reason", "malformed", "refusedMalformed", why);
            fieldCounter("kentongan.field.refused", "reason", "oversized", "refusedOversized", why);
            fieldCounter("kentongan.field.refused", "reason", "unknown-node", "refusedUnknownNode", why);
            fieldCounter("kentongan.field.refused", "reason", "forbidden", "refusedForbidden", why);
            fieldCounter("kentongan.field.refused", "reason", "overload", "refusedOverload", why);
            fieldCounter("kentongan.field.dtls.handshakes", "outcome", "ok", "dtlsHandshakesOk", "DTLS handshakes");
            fieldCounter("kentongan.field.dtls.handshakes", "outcome", "failed", "dtlsHandshakesFailed",
                    "DTLS handshakes");
            counter("kentongan.field.dtls.records.dropped", Tags.empty(),
                    "DTLS records dropped, mostly failed integrity checks: a wrong key",
                    s -> s.path("field").path("dtlsRecordsDropped").asDouble());
        }
        SmsMeters.bind(registry, status, wiring.modems());
        gauge("kentongan.supervision.sirens.faulty", Tags.empty(),
                "Supervised sirens whose circuit does not follow them now (#16)",
                s -> count(s.path("supervision").path("outputs"), o -> o.path("state").asText().equals("faulty")));
        gauge("kentongan.supervision.mains.lost", Tags.empty(), "1 while the post runs on its battery (#16)",
                s -> s.path("supervision").path("power").path("mains").asText().equals("lost") ? 1 : 0);
        gauge("kentongan.supervision.selftests.failed", Tags.empty(),
                "Self-tests whose last result is failed (#16)",
                s -> count(s.path("supervision").path("tests"), t -> t.path("last").asText().equals("failed")));
    }

    /** The Prometheus text exposition, with everything recorded up to now. */
    synchronized String scrape() {
        JsonNode s = status.fresh().status();
        if (!rondaBound && s.has("ronda")) { // the night watch's series only on a post that keeps one (#14)
            RondaMeters.bind(registry, status);
            rondaBound = true;
        }
        if (!cardBound && s.has("cardReader")) { // and the card reader's only on a post that has one
            RondaMeters.bindCardReader(registry, status, s.path("cardReader").path("refused").fieldNames());
            cardBound = true;
        }
        refusals(s, "control", "kentongan.control.refused",
                "Control socket connections and requests refused (too long, malformed, timeout, evicted, busy)");
        refusals(s, "http", "kentongan.http.refused",
                "Status page, /metrics and /health requests refused (slow: not whole in time; busy)");
        counts(s, "field", "malformed", "kentongan.field.malformed", "flaw",
                "Malformed field node requests, by flaw (duplicate key, trailing data, wrong type, ...)");
        counts(s, "field", "dropped", "kentongan.field.dropped", "reason",
                "Field datagrams dropped unread: their sender went over a rate (peer, source, total)");
        edges.drainInto(dispatchTimer);
        commits.drainInto(commitTimer);
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    private void gauge(String name, Tags tags, String description, ToDoubleFunction<JsonNode> read) {
        Gauge.builder(name, status, c -> read.applyAsDouble(c.last())).tags(tags).description(description)
                .register(registry);
    }

    private void counter(String name, Tags tags, String description, ToDoubleFunction<JsonNode> read) {
        FunctionCounter.builder(name, status, c -> read.applyAsDouble(c.last())).tags(tags).description(description)
                .register(registry);
    }

    /**
     * One counter per reason the status lists under {@code section.refused}, made as the reasons first
     * appear: the reasons belong to the parts that refuse (the control socket is not this package's).
     */
    private void refusals(JsonNode s, String section, String name, String description) {
        counts(s, section, "refused", name, "reason", description);
    }

    /** One counter per name the status lists under {@code section.key}, tagged {@code tag}, as they first appear. */
    private void counts(JsonNode s, String section, String key, String name, String tag, String description) {
        s.path(section).path(key).fieldNames().forEachRemaining(value -> counter(name, Tags.of(tag, value),
                description, x -> x.path(section).path(key).path(value).asDouble()));
    }

    private void fieldCounter(String name, String tag, String value, String key, String description) {
        counter(name, Tags.of(tag, value), description, s -> s.path("field").path(key).asDouble());
    }

    private static double count(JsonNode array, Predicate<JsonNode> which) {
        int n = 0;
        for (JsonNode x : array) {
            if (which.test(x)) {
                n++;
            }
        }
        return n;
    }

    private static double seenAgo(JsonNode s, String node) {
        for (JsonNode x : s.path("nodes")) {
            if (x.path("id").asText().equals(node)) {
                return x.path("lastSeenMillisAgo").asDouble() / 1000.0;
            }
        }
        return Double.NaN;
    }

    private static double journalBytes(Path db) {
        try {
            Path wal = db.resolveSibling(db.getFileName() + "-wal");
            return Files.size(db) + (Files.exists(wal) ? Files.size(wal) : 0);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static Duration micros(long n) {
        return Duration.ofNanos(n * 1000);
    }

    private static Duration millis(long n) {
        return Duration.ofMillis(n);
    }
}
