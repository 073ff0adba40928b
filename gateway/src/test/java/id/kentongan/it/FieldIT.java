package id.kentongan.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import id.kentongan.post.Gateway;
import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Field nodes against the running gateway (in process, real Mosquitto, real UDP on loopback), with
 * Californium's client and with libcoap's coap-client, which nobody here wrote.
 */
@Timeout(120)
class FieldIT {

    static final String KEY = "s3cret-Key-for-masjid1";

    @TempDir
    Path tmp;
    MosquittoBroker broker;
    Subscriber centre;
    Gateway gateway;
    Path db;

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.on(tmp.resolve("broker")).start();
        centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(), "kentongan/v1/+/+/alert",
                "kentongan/v1/+/+/telemetry");
        Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), 0, 0);
        Profiles.writeSecrets(profile, "masjid-1", KEY);
        gateway = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
        db = tmp.resolve("state/journal.db");
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        centre.close();
        broker.close();
        Threads.assertNoGatewayThreadsLeft();
    }

    NodeClient plain(String node) throws Exception {
        return NodeClient.connect("127.0.0.1", gateway.field().plainPort(), node, null);
    }

    Map<String, Object> counters() throws Exception {
        return gateway.status().field();
    }

    @Test
    void an_event_is_answered_only_once_durable_and_reaches_the_command_centre() throws Exception {
        try (NodeClient node = plain("masjid-1")) {
            NodeClient.Reply r = node.event(1, 1, "panic", null);
            assertEquals("2.01", r.code());
            // answered means durable: the row is in the journal file the moment the node hears 2.01
            Map<String, Integer> rows = JournalFile.identifiers(db);
            String id = new ObjectMapper().readTree(r.body()).path("id").asText();
            assertEquals(List.of(id), List.copyOf(rows.keySet()));
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> gateway.outputOn("siren-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().size() == 1);
        var alert = centre.distinctEvents().get(0).alert();
        assertEquals("masjid-1", alert.source());
        assertEquals("panic", alert.kind());
    }

    @Test
    void retries_get_the_same_answer_and_make_one_alert() throws Exception {
        try (NodeClient node = plain("masjid-1")) {
            NodeClient.Reply first = node.event(4, 17, "panic", null);
            NodeClient.Reply again = node.event(4, 17, "panic", null);
            NodeClient.Reply third = node.event(4, 17, "panic", null);
            assertEquals(first, again);
            assertEquals(first, third);
        }
        assertEquals(1, JournalFile.rows(db));
        assertEquals(2L, counters().get("retriesAnswered"));
    }

    @Test
    void cbor_bodies_are_accepted_and_answered_in_cbor() throws Exception {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        byte[] body = cbor.writeValueAsBytes(Map.of("node", "sungai-1", "seq", 1, "kind", "level", "value", 1.25));
        CoapResponse r = post("events", body, MediaTypeRegistry.APPLICATION_CBOR);
        assertEquals(ResponseCode.CREATED, r.getCode());
        assertEquals(MediaTypeRegistry.APPLICATION_CBOR, r.getOptions().getContentFormat());
        assertEquals(1, cbor.readTree(r.getPayload()).path("seq").asLong());
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().size() == 1);
        assertTrue(new String(centre.distinctEvents().get(0).payload()).contains("\"kentongan:value\",\"value\":\"1.25\""));
    }

    @Test
    void bad_requests_get_their_4xx_and_leave_the_journal_unchanged() throws Exception {
        byte[] json = "{\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"panic\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(ResponseCode.BAD_REQUEST, post("events", "{\"node\":".getBytes(StandardCharsets.UTF_8),
                MediaTypeRegistry.APPLICATION_JSON).getCode());
        assertEquals(ResponseCode.BAD_REQUEST, post("events", "{\"node\":\"masjid-1\",\"kind\":\"panic\"}"
                .getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON).getCode(), "no seq");
        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, post("events", json,
                MediaTypeRegistry.TEXT_PLAIN).getCode());
        CoapResponse big = post("events", ("{\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"panic\",\"pad\":\""
                + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, big.getCode());
        CoapResponse unknown = post("events", "{\"node\":\"pasar-9\",\"seq\":1,\"kind\":\"panic\"}"
                .getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.NOT_FOUND, unknown.getCode());
        assertTrue(unknown.getResponseText().contains("unknown node 'pasar-9'"), unknown.getResponseText());
        assertEquals(ResponseCode.FORBIDDEN, post("events", "{\"node\":\"sungai-1\",\"seq\":1,\"kind\":\"panic\"}"
                .getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON).getCode(),
                "sungai-1 may report floods and levels, not panics");

        assertEquals(0, JournalFile.rows(db));
        assertFalse(gateway.outputOn("siren-1"));
        Map<String, Object> c = counters();
        assertEquals(3L, c.get("refusedMalformed"));
        assertEquals(1L, c.get("refusedOversized"));
        assertEquals(1L, c.get("refusedUnknownNode"));
        assertEquals(1L, c.get("refusedForbidden"));
    }

    @Test
    void dtls_with_the_nodes_key_is_accepted_and_the_identity_is_the_node() throws Exception {
        try (NodeClient node = NodeClient.connect("127.0.0.1", gateway.field().dtlsPort(), "masjid-1",
                KEY.getBytes(StandardCharsets.US_ASCII))) {
            assertEquals("2.01", node.event(1, 1, "fire", null).code());
        }
        assertEquals(1, JournalFile.rows(db));
    }

    @Test
    void a_wrong_key_gets_no_session_and_is_counted() throws Exception {
        try (NodeClient node = NodeClient.connect("127.0.0.1", gateway.field().dtlsPort(), "masjid-1",
                "not-the-right-key-at-all".getBytes(StandardCharsets.US_ASCII)).timeout(Duration.ofSeconds(5))) {
            assertThrows(java.io.IOException.class, () -> node.event(1, 1, "panic", null));
        }
        assertEquals(0, JournalFile.rows(db));
        // a record sealed with the wrong key fails its integrity check at once; the handshake itself is
        // counted as failed only when it expires, half a minute later
        assertTrue((Long) counters().get("dtlsRecordsDropped") >= 1, counters().toString());
        assertEquals(0L, counters().get("dtlsHandshakesOk"));
    }

    @Test
    void libcoap_client_posts_an_event_over_plain_coap() throws Exception {
        Process p = new ProcessBuilder(coapClient("notls"), "-m", "post", "-t", "json", "-B", "10", "-e",
                "{\"node\":\"sungai-1\",\"boot\":2,\"seq\":5,\"kind\":\"flood\",\"value\":2.4}",
                "coap://127.0.0.1:" + gateway.field().plainPort() + "/events").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(out.contains("\"seq\":1"), out);
        assertEquals(1, JournalFile.rows(db));
        await().atMost(Duration.ofSeconds(1)).until(() -> gateway.outputOn("siren-1") == false);
    }

    @Test
    void libcoap_client_posts_an_event_over_dtls_psk_and_a_wrong_key_gets_nothing() throws Exception {
        String uri = "coaps://127.0.0.1:" + gateway.field().dtlsPort() + "/events";
        Process ok = new ProcessBuilder(coapClient("openssl"), "-m", "post", "-t", "json", "-B", "10",
                "-u", "masjid-1", "-k", KEY, "-e", "{\"seq\":9,\"kind\":\"panic\"}", uri)
                .redirectErrorStream(true).start();
        String out = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ok.waitFor(20, TimeUnit.SECONDS));
        assertTrue(out.contains("\"seq\":1"), out);
        assertEquals(1, JournalFile.rows(db));

        Process bad = new ProcessBuilder(coapClient("openssl"), "-m", "post", "-t", "json", "-B", "3",
                "-u", "masjid-1", "-k", "wrong-key-wrong-key-00", "-e", "{\"seq\":10,\"kind\":\"panic\"}", uri)
                .redirectErrorStream(true).start();
        String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(20, TimeUnit.SECONDS));
        assertFalse(badOut.contains("\"seq\""), badOut);
        assertEquals(1, JournalFile.rows(db), "nothing from the wrong key");
        assertTrue((Long) counters().get("dtlsRecordsDropped") >= 1, counters().toString());
    }

    @Test
    void a_field_display_observing_the_level_hears_the_alarm() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CoapClient c = client("level");
        CoapObserveRelation rel = c.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                seen.add(response.getResponseText());
            }

            @Override
            public void onError() {
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            assertTrue(seen.get(0).contains("\"level\":\"none\""), seen.toString());
            gateway.simulate("panic-1", true);
            gateway.simulate("panic-1", false);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(
                    s -> s.contains("\"level\":\"life-safety\"") && s.contains("\"pattern\":\"titir\"")));
        } finally {
            rel.proactiveCancel();
            c.shutdown();
        }
    }

    @Test
    void heartbeats_are_answered_and_status_lists_the_nodes() throws Exception {
        try (NodeClient node = plain("sungai-1")) {
            assertEquals("2.04", node.heartbeat(true, false).code());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> JournalFile.rows(db) == 1);
        String text = gateway.status().nodes().toString();
        assertTrue(text.contains("sungai-1") && text.contains("state=ok") && text.contains("batteryLow=true"), text);
        assertTrue(text.contains("masjid-1") && text.contains("never-seen"), text);
    }

    private static String coapClient(String flavour) {
        Path p = Path.of("/usr/bin/coap-client-" + flavour);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: apt-get install libcoap3-bin (.ci/run does this)");
        }
        return p.toString();
    }

    private CoapClient client(String path) {
        CoapConfig.register();
        UdpConfig.register();
        Configuration cfg = Configuration.createStandardWithoutFile();
        CoapClient c = new CoapClient("coap://127.0.0.1:" + gateway.field().plainPort() + "/" + path);
        c.setEndpoint(CoapEndpoint.builder().setConfiguration(cfg).build());
        c.setTimeout(10_000L);
        return c;
    }

    private CoapResponse post(String path, byte[] body, int format) throws Exception {
        CoapClient c = client(path);
        try {
            CoapResponse r = c.post(body, format);
            if (r == null) {
                throw new AssertionError("no answer from the gateway");
            }
            return r;
        } finally {
            c.shutdown();
            c.getEndpoint().destroy();
        }
    }
}
