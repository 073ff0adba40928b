package id.kentongan.observability;

import id.kentongan.uplink.CommandGuard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static id.kentongan.fixtures.Scrape.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters read what the parts recorded and what the status says; the siren clock adds up beats. */
class PostMetricsTest {

    @TempDir
    Path tmp;

    @Test
    void siren_clock_adds_up_each_beat_and_counts_the_one_still_sounding() {
        AtomicLong now = new AtomicLong();
        List<String> writes = new ArrayList<>();
        SirenClock clock = new SirenClock((o, on) -> writes.add(o + (on ? "+" : "-")), new boolean[] {true, false},
                now::get);
        clock.set(0, true);
        now.set(TimeUnit.MILLISECONDS.toNanos(1500));
        clock.set(0, false);
        clock.set(1, true); // a LED: passed through, not timed
        now.set(TimeUnit.SECONDS.toNanos(4));
        clock.set(0, true);
        clock.set(0, true); // the same level again adds nothing
        now.set(TimeUnit.SECONDS.toNanos(5));
        assertEquals(2.5, clock.onSeconds(0), 1e-9, "1.5 s beat + 1 s of the current one");
        assertEquals(0.0, clock.onSeconds(1), 1e-9);
        assertEquals(List.of("0+", "0-", "1+", "0+", "0+"), writes, "every write reaches the line");
    }

    @Test
    void scrape_shows_recorded_latencies_and_the_status_numbers() throws Exception {
        Path db = tmp.resolve("journal.db");
        Files.write(db, new byte[4096]);
        Files.write(tmp.resolve("journal.db-wal"), new byte[1000]);
        AtomicLong now = new AtomicLong();
        SirenClock sirens = new SirenClock((o, on) -> { }, new boolean[] {true, false}, now::get);
        LatencyRecorder edges = new LatencyRecorder();
        LatencyRecorder commits = new LatencyRecorder();
        StatusCache cache = new StatusCache(() -> status(true, false, "raised"), 0, System::nanoTime);
        PostMetrics m = new PostMetrics(new Observability.Wiring("desa-uji", "pos-uji", List.of("siren-1", "led-ack"),
                new boolean[] {true, false}, List.of("masjid-1", "sungai-1"), db, CommandGuard.reasons()), cache, edges, commits, sirens);

        edges.handled(1_000_000, 1_000_000 + 3_000_000); // 3 ms
        edges.handled(0, 40_000); // 40 µs
        commits.accept(TimeUnit.MILLISECONDS.toNanos(7));
        sirens.set(0, true);
        now.set(TimeUnit.SECONDS.toNanos(2));
        String text = m.scrape();

        assertEquals(2, value(text, "kentongan_dispatch_latency_seconds_count"));
        assertEquals(1, value(text, "kentongan_dispatch_latency_seconds_bucket", "le=\"5.0E-5\""));
        assertEquals(1, value(text, "kentongan_dispatch_latency_seconds_bucket", "le=\"0.0025\""));
        assertEquals(2, value(text, "kentongan_dispatch_latency_seconds_bucket", "le=\"0.005\""));
        assertEquals(0, value(text, "kentongan_journal_commit_seconds_bucket", "le=\"0.005\""));
        assertEquals(1, value(text, "kentongan_journal_commit_seconds_bucket", "le=\"0.01\""));
        assertEquals(5096, value(text, "kentongan_journal_size_bytes"));
        assertEquals(2.0, value(text, "kentongan_siren_on_seconds_total", "output=\"siren-1\""), 1e-9);
        assertFalse(text.contains("output=\"led-ack\""), "a LED is no siren");
        assertEquals(1, value(text, "kentongan_siren_sounding", "output=\"siren-1\""));
        assertEquals(1, value(text, "kentongan_alerts_open", "priority=\"life-safety\""));
        assertEquals(0, value(text, "kentongan_alerts_open", "priority=\"security\""));
        assertEquals(2, value(text, "kentongan_uplink_queue", "class=\"life-safety\""));
        assertEquals(7, value(text, "kentongan_journal_owed", "class=\"telemetry\""));
        assertEquals(1, value(text, "kentongan_uplink_connected"));
        assertEquals(3, value(text, "kentongan_uplink_reconnects_total"));
        assertEquals(4, value(text, "kentongan_commands_refused_total", "reason=\"replayed\""));
        assertEquals(1, value(text, "kentongan_field_node_up", "node=\"masjid-1\""));
        assertEquals(0, value(text, "kentongan_field_node_up", "node=\"sungai-1\""));
        assertEquals(900, value(text, "kentongan_field_node_last_seen_seconds", "node=\"sungai-1\""));
        assertEquals(5, value(text, "kentongan_field_refused_total", "reason=\"malformed\""));
        assertEquals(6, value(text, "kentongan_inbox_refused_total"));
        assertEquals(1, value(text, "kentongan_uplink_in_flight", "post=\"pos-uji\"", "village=\"desa-uji\""));
        assertEquals(11, value(text, "kentongan_uplink_side_dropped_total", "kind=\"message\""));
        assertEquals(0, value(text, "kentongan_uplink_side_dropped_total", "kind=\"escalation\""));

        assertEquals(1, value(text, "kentongan_field_nodes", "state=\"ok\""));
        assertEquals(0, value(text, "kentongan_field_nodes", "state=\"never-seen\""));

        String again = m.scrape();
        assertEquals(2, value(again, "kentongan_dispatch_latency_seconds_count"), "drained once, kept");
    }

    @Test
    void past_a_village_sized_post_nodes_are_counted_by_state_without_a_series_each() throws Exception {
        List<String> nodes = new java.util.ArrayList<>();
        for (int i = 0; i <= PostMetrics.PER_NODE_SERIES; i++) {
            nodes.add("node-" + i);
        }
        StatusCache cache = new StatusCache(() -> status(true, false, "raised"), 0, System::nanoTime);
        PostMetrics m = new PostMetrics(new Observability.Wiring("desa-uji", "pos-uji", List.of("siren-1"),
                new boolean[] {true}, nodes, tmp.resolve("journal.db"), CommandGuard.reasons()), cache, new LatencyRecorder(),
                new LatencyRecorder(), new SirenClock((o, on) -> { }, new boolean[] {true}, System::nanoTime));
        String text = m.scrape();
        assertFalse(text.contains("kentongan_field_node_up{"), "no series per node for " + nodes.size() + " nodes");
        assertFalse(text.contains("kentongan_field_node_last_seen_seconds{"));
        assertEquals(1, value(text, "kentongan_field_nodes", "state=\"ok\""));
        assertEquals(1, value(text, "kentongan_field_nodes", "state=\"silent\""));
    }

    @Test
    void the_night_watch_has_its_series_only_on_a_post_that_keeps_one() throws Exception {
        Map<String, Object> plain = status(true, false, "raised");
        Map<String, Object> watched = new LinkedHashMap<>(plain);
        watched.put("ronda", new id.kentongan.dispatch.LoopStatus.RondaView(true, true, "malam@2026-11-30",
                "2026-11-30", "Asia/Jakarta", List.of("budi", "agus"),
                List.of(new id.kentongan.dispatch.LoopStatus.GuardView("budi", 1L)), false, List.of(
                new id.kentongan.dispatch.LoopStatus.CheckpointView("cp-masjid", "Masjid", "z1", 3_600_000, 1L,
                        "budi", 1, true, -1, true)), 3, 1));
        for (boolean keepsOne : new boolean[] {false, true}) {
            StatusCache cache = new StatusCache(() -> keepsOne ? watched : plain, 0, System::nanoTime);
            PostMetrics m = new PostMetrics(new Observability.Wiring("desa-uji", "pos-uji", List.of("siren-1"),
                    new boolean[] {true}, List.of(), tmp.resolve("journal.db"), CommandGuard.reasons()), cache,
                    new LatencyRecorder(), new LatencyRecorder(), new SirenClock((o, on) -> { }, new boolean[] {true},
                    System::nanoTime));
            String text = m.scrape();
            assertEquals(keepsOne, text.contains("kentongan_ronda_guards_on"), text);
            if (keepsOne) {
                assertEquals(1, value(text, "kentongan_ronda_guards_on"));
                assertEquals(1, value(text, "kentongan_ronda_checkpoints_missed"));
                assertEquals(1, value(text, "kentongan_ronda_judged"));
                assertEquals(3, value(text, "kentongan_ronda_refused_total", "reason=\"unknown-card\""));
                assertEquals(1, value(text, "kentongan_ronda_refused_total", "reason=\"unknown-checkpoint\""));
            }
        }
    }

    @Test
    void health_names_what_is_wrong() {
        assertTrue(Health.of(new StatusCache.Snapshot(json(status(true, false, "raised")), null), true).healthy());
        assertEquals(List.of("the journal cannot write (a full or read-only disk?); alerts still go out live"),
                Health.of(new StatusCache.Snapshot(json(status(true, true, "raised")), null), false).problems());
        assertEquals(List.of("the uplink is down: connection lost: broker gone"),
                Health.of(new StatusCache.Snapshot(json(status(false, false, "raised")), null), true).problems());
        assertTrue(Health.of(new StatusCache.Snapshot(json(status(false, false, "raised")), null), false).healthy(),
                "the uplink counts only when the profile asks (status.require_uplink)");
        var deaf = (com.fasterxml.jackson.databind.node.ObjectNode) json(status(true, false, "raised"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) deaf.path("uplink")).put("subscriptionRefused",
                "kentongan/v1/desa/pos-1/cmd/+");
        assertEquals(List.of("the broker refused the post's command subscription (kentongan/v1/desa/pos-1/cmd/+): "
                        + "the centre cannot command it; the broker's ACL must let it read its cmd/+ topics"),
                Health.of(new StatusCache.Snapshot(deaf, null), false).problems(), "even when the uplink may be down");
        var stuck = (com.fasterxml.jackson.databind.node.ObjectNode) json(status(true, false, "raised"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) stuck.path("journal")).put("stalledMillis", 9_999);
        assertTrue(Health.of(new StatusCache.Snapshot(stuck, null), false).healthy(), "a slow commit is no stall");
        ((com.fasterxml.jackson.databind.node.ObjectNode) stuck.path("journal")).put("stalledMillis", 12_000);
        assertEquals(List.of("the journal has not committed for 12 s with events waiting (a stuck disk?)"),
                Health.of(new StatusCache.Snapshot(stuck, null), false).problems());
        assertEquals(List.of("the post did not answer: the dispatch loop did not answer within 5 s"),
                Health.of(new StatusCache.Snapshot(json(status(true, false, "raised")),
                        "the dispatch loop did not answer within 5 s"), false).problems());
    }

    @Test
    void status_is_fetched_at_most_once_per_max_age_and_a_failure_keeps_the_last_good_one() {
        AtomicLong now = new AtomicLong(1);
        AtomicLong fetches = new AtomicLong();
        AtomicReference<RuntimeException> fail = new AtomicReference<>();
        StatusCache c = new StatusCache(() -> {
            fetches.incrementAndGet();
            if (fail.get() != null) {
                throw fail.get();
            }
            return status(true, false, "delivered");
        }, 1000, now::get);
        c.fresh();
        now.set(999);
        c.fresh();
        assertEquals(1, fetches.get());
        now.set(1001);
        fail.set(new IllegalStateException("the uplink did not answer within 5 s"));
        StatusCache.Snapshot s = c.fresh();
        assertEquals(2, fetches.get());
        assertEquals("the uplink did not answer within 5 s", s.error());
        assertEquals("delivered", s.status().path("alerts").get(0).path("state").asText());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object o) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(o);
    }

    /** Shaped as Gateway.status() makes it. */
    private static Map<String, Object> status(boolean connected, boolean journalFailing, String alertState) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alerts", List.of(Map.of("seq", 3, "kind", "panic", "priority", "life-safety", "source", "panic-1",
                "state", alertState, "sounding", "sounding")));
        m.put("outputs", List.of(Map.of("id", "siren-1", "role", "siren", "on", true, "pattern", "titir"),
                Map.of("id", "led-ack", "role", "ack-led", "on", false, "pattern", "")));
        m.put("nodes", List.of(Map.of("id", "masjid-1", "state", "ok", "lastSeenMillisAgo", 2000),
                Map.of("id", "sungai-1", "state", "silent", "lastSeenMillisAgo", 900_000)));
        m.put("field", Map.of("refusedMalformed", 5, "eventsAccepted", 9));
        m.put("queue", Map.of("owedByClass", Map.of("life-safety", 1, "telemetry", 7), "inbox", 0,
                "inboxRefused", 6));
        m.put("uplink", Map.of("connected", connected, "queued", Map.of("LIFE_SAFETY", 2), "inFlight", 1,
                "published", 10, "acked", 9, "reconnects", 3, "lastError", connected ? "" : "connection lost: broker gone",
                "commandsRefused", Map.of("replayed", 4), "sideDropped", Map.of("message", 11, "escalation", 0)));
        m.put("journal", Map.of("events", 12, "commits", 8, "failing", journalFailing));
        return m;
    }
}
