package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Scrape;
import id.kentongan.fixtures.StatusHttp;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static id.kentongan.fixtures.Scrape.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics and health of the packaged gateway as its own process, against a real Mosquitto: what a
 * press, a hostile CoAP request and a broker outage do to /metrics and /health, and the Grafana
 * dashboard checked against a real scrape in both directions.
 */
@Timeout(180)
class ObservabilityIT {

    static final Path DASHBOARD = Path.of("..", "firmware-config", "grafana", "kentongan.json");
    /** A PromQL selector's metric name: an identifier followed by its label braces. */
    static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");
    static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    @TempDir
    Path tmp;

    @Test
    void a_press_and_a_hostile_request_show_in_the_metrics_and_the_dashboard_uses_exactly_them() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            int coap = Ports.freeUdp();
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), coap, Ports.freeUdp());
            StatusHttp.serveOn(profile, http, true);
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                // the status server starts just after the control socket the fixture waits for
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() == 200);
                assertTrue(gw.log().contains("status page on http://127.0.0.1:" + http + "/"), gw.log());

                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms",
                        "50", "--state-dir", state.toString()).waitFor());
                assertEquals(ResponseCode.BAD_REQUEST, postGarbage(coap));

                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    String m = StatusHttp.get(http, "/metrics").body();
                    return value(m, "kentongan_uplink_acked_total") >= 1
                            && value(m, "kentongan_field_refused_total", "reason=\"malformed\"") == 1;
                });
                String m = StatusHttp.get(http, "/metrics").body();
                assertTrue(value(m, "kentongan_dispatch_latency_seconds_count") >= 2, "press and release timed");
                assertTrue(value(m, "kentongan_dispatch_latency_seconds_sum") > 0);
                assertEquals(value(m, "kentongan_dispatch_latency_seconds_count"),
                        value(m, "kentongan_dispatch_latency_seconds_bucket", "le=\"+Inf\""));
                assertEquals(1, value(m, "kentongan_alerts_open", "priority=\"life-safety\""));
                assertEquals(1, value(m, "kentongan_siren_sounding", "output=\"siren-1\""));
                assertTrue(value(m, "kentongan_siren_on_seconds_total", "output=\"siren-1\"") > 0, "titir beats");
                assertTrue(value(m, "kentongan_journal_commit_seconds_count") >= 1);
                assertTrue(value(m, "kentongan_journal_size_bytes") > 4096);
                assertTrue(value(m, "kentongan_journal_events") >= 1);
                assertEquals(1, value(m, "kentongan_uplink_connected"));
                assertEquals(0, value(m, "kentongan_field_refused_total", "reason=\"unknown-node\""));
                assertEquals(0, value(m, "kentongan_field_node_up", "node=\"masjid-1\""), "never heard from");

                Set<String> used = dashboardMetrics();
                Set<String> scraped = Scrape.sampleNames(m);
                Set<String> missing = new TreeSet<>(used);
                missing.removeAll(scraped);
                // a post without a modem has no SMS meters: LaporIT checks those panels against a post with one
                missing.removeIf(n -> n.startsWith("kentongan_sms_"));
                // nor a night watch or a card reader: RondaIT checks those panels against a post with both
                missing.removeIf(n -> n.startsWith("kentongan_ronda_") || n.startsWith("kentongan_card_"));
                assertEquals(Set.of(), missing, "the dashboard asks for metrics the gateway does not have");
                Set<String> unused = new TreeSet<>();
                scraped.stream().filter(n -> n.startsWith("kentongan_")).filter(n -> !used.contains(n))
                        .forEach(unused::add);
                assertEquals(Set.of(), unused, "the gateway has metrics the dashboard does not show");
                assertTrue(used.size() >= 25, "the dashboard covers the parts: " + used);

                // the broker goes away: health says so (the profile requires the uplink), and comes back
                broker.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> StatusHttp.get(http, "/health").code() == 503);
                StatusHttp.Answer sick = StatusHttp.get(http, "/health");
                assertTrue(sick.body().contains("the uplink is down"), sick.body());
                assertEquals(0, value(StatusHttp.get(http, "/metrics").body(), "kentongan_uplink_connected"));
                broker.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> StatusHttp.get(http, "/health").code() == 200);
                assertTrue(value(StatusHttp.get(http, "/metrics").body(), "kentongan_uplink_reconnects_total") >= 1);
                assertEquals(405, StatusHttp.post(http, "/health"), "this port only shows");
            }
        }
    }

    /** Every metric name the dashboard's queries (and its variables' queries) use. */
    static Set<String> dashboardMetrics() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : d.findValues("expr")) {
            Matcher x = SELECTOR.matcher(expr.asText());
            while (x.find()) {
                names.add(x.group(1));
            }
        }
        for (JsonNode q : d.path("templating").path("list")) {
            Matcher x = LABEL_VALUES.matcher(q.path("query").asText());
            while (x.find()) {
                names.add(x.group(1));
            }
        }
        return names;
    }

    static ResponseCode postGarbage(int port) throws Exception {
        CoapConfig.register();
        UdpConfig.register();
        CoapClient c = new CoapClient("coap://127.0.0.1:" + port + "/events");
        c.setEndpoint(CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build());
        c.setTimeout(10_000L);
        try {
            CoapResponse r = c.post("{\"boot\":1,\"seq\":".getBytes(StandardCharsets.UTF_8),
                    MediaTypeRegistry.APPLICATION_JSON);
            if (r == null) {
                throw new AssertionError("no CoAP answer from the gateway");
            }
            return r.getCode();
        } finally {
            c.shutdown();
            c.getEndpoint().destroy();
        }
    }
}
