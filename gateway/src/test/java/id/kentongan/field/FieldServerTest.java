package id.kentongan.field;

import id.kentongan.config.FieldSettings;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CoAP server on its own, over real UDP on loopback, with an inbox nobody drains: what a node
 * hears when the post is overloaded, and what an unknown DTLS identity gets.
 */
class FieldServerTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1]
            inputs: []
            outputs: []
            field:
              bind: 127.0.0.1
              plain_port: 0
              dtls_port: 0
              nodes:
                - { id: masjid-1, zone: z1, heartbeat: 1h, events: [panic] }
                - { id: cp-1, zone: z1, heartbeat: 1h, events: [checkpoint] }
            """;

    Inbox inbox;
    FieldServer server;

    @BeforeEach
    void start() throws Exception {
        SiteProfile profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1);
        server = FieldServer.create(profile, new Secrets(Path.of("secrets.yaml"),
                Map.of("masjid-1", "the-right-key-0123456789")), true, inbox, 0, System::nanoTime);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void a_port_already_taken_fails_the_start_and_leaves_nothing_to_close() throws Exception {
        SiteProfile same = ProfileLoader.load(Path.of("test.yaml"), new StringReader(
                PROFILE.replace("plain_port: 0", "plain_port: " + server.plainPort())));
        FieldServer second = FieldServer.create(same, new Secrets(Path.of("secrets.yaml"), Map.of()), true, inbox, 0,
                System::nanoTime);
        assertThrows(RuntimeException.class, second::start, "the first server holds the port");
        assertEquals(0, second.plainPort(), "no port is reported for a server that does not listen");
        assertDoesNotThrow(second::close);
        FieldServer never = FieldServer.create(same, new Secrets(Path.of("secrets.yaml"), Map.of()), true, inbox, 0,
                System::nanoTime);
        assertDoesNotThrow(never::close, "a wiring that fails before the field starts closes it all the same");
    }

    @Test
    void a_full_inbox_answers_503_with_max_age_and_takes_nothing() throws Exception {
        assertTrue(inbox.offer(new Input.UplinkChanged(true)), "the only slot is taken: the loop is behind");
        CoapClient c = new CoapClient("coap://127.0.0.1:" + server.plainPort() + "/events");
        CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(FieldServer.configuration(FieldSettings.DEFAULTS))
                .build();
        c.setEndpoint(ep);
        c.setTimeout(10_000L);
        try {
            CoapResponse r = c.post("{\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"panic\"}"
                    .getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
            assertEquals(ResponseCode.SERVICE_UNAVAILABLE, r.getCode());
            assertEquals(EventsResource.RETRY_AFTER_SECONDS, r.getOptions().getMaxAge());
            assertEquals(1, inbox.depth(), "nothing more was queued");
            assertEquals(1L, server.status().get("refusedOverload"));
        } finally {
            c.shutdown();
            ep.destroy();
        }
    }

    @Test
    void lenient_bodies_get_400_with_the_reason_are_counted_by_flaw_and_queue_nothing() throws Exception {
        CoapClient c = new CoapClient("coap://127.0.0.1:" + server.plainPort() + "/events");
        CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(FieldServer.configuration(FieldSettings.DEFAULTS))
                .build();
        c.setEndpoint(ep);
        c.setTimeout(10_000L);
        Map<String, String> said = new LinkedHashMap<>();
        try {
            for (String body : new String[] {
                    "{\"node\":\"pasar-9\",\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"panic\"}",
                    "{\"node\":\"masjid-1\",\"seq\":2,\"kind\":\"panic\"}garbage",
                    "{\"node\":\"masjid-1\",\"seq\":3,\"kind\":\"level\"}",
                    "{\"node\":\"masjid-1\",\"seq\":4,\"kind\":\"level\",\"value\":}"}) {
                CoapResponse r = c.post(body.getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
                assertEquals(ResponseCode.BAD_REQUEST, r.getCode(), body);
                said.put(body, r.getResponseText());
            }
        } finally {
            c.shutdown();
            ep.destroy();
        }
        assertEquals(List.of("duplicate key 'node'", "trailing data after the object",
                "'level' needs a number in 'value'", "'value' has no value"), List.copyOf(said.values()));
        assertEquals(0, inbox.depth(), "nothing reached the loop");
        assertEquals(4L, server.status().get("refusedMalformed"));
        @SuppressWarnings("unchecked")
        Map<String, Long> malformed = new java.util.HashMap<>((Map<String, Long>) server.status().get("malformed"));
        assertEquals(0L, malformed.remove("bad-card"));
        assertEquals(Map.of("format", 0L, "syntax", 0L, "not-a-map", 0L, "duplicate-key", 1L, "trailing-data", 1L,
                "unknown-key", 0L, "no-value", 1L, "wrong-type", 0L, "missing-key", 1L, "unknown-kind", 0L),
                malformed);
    }

    /** A checkpoint's card is hostile input too (#14): bounded, strictly hex, only on kind checkpoint. */
    @Test
    void a_checkpoint_carries_a_strict_card_and_anything_else_is_refused_with_the_reason() throws Exception {
        CoapClient c = new CoapClient("coap://127.0.0.1:" + server.plainPort() + "/events");
        CoapEndpoint ep = CoapEndpoint.builder().setConfiguration(FieldServer.configuration(FieldSettings.DEFAULTS))
                .build();
        c.setEndpoint(ep);
        c.setTimeout(10_000L);
        List<String> said = new java.util.ArrayList<>();
        try {
            for (String body : new String[] {
                    "{\"node\":\"cp-1\",\"seq\":1,\"kind\":\"checkpoint\"}",
                    "{\"node\":\"cp-1\",\"seq\":2,\"kind\":\"checkpoint\",\"card\":\"04a1b2c3\"}",
                    "{\"node\":\"cp-1\",\"seq\":3,\"kind\":\"checkpoint\",\"card\":\"04A1B2C3\\\"; DROP\"}",
                    "{\"node\":\"cp-1\",\"seq\":4,\"kind\":\"checkpoint\",\"card\":\"" + "AB".repeat(11) + "\"}",
                    "{\"node\":\"cp-1\",\"seq\":5,\"kind\":\"checkpoint\",\"card\":" + "7".repeat(12) + "}",
                    "{\"node\":\"masjid-1\",\"seq\":6,\"kind\":\"panic\",\"card\":\"04A1B2C3\"}"}) {
                CoapResponse r = c.post(body.getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
                assertEquals(ResponseCode.BAD_REQUEST, r.getCode(), body);
                said.add(r.getResponseText());
            }
            assertEquals(0, inbox.depth(), "nothing reached the loop");
            c.post(new org.eclipse.californium.core.CoapHandler() { // answered only once durable: nobody drains here
                @Override
                public void onLoad(CoapResponse response) {
                }

                @Override
                public void onError() {
                }
            }, "{\"node\":\"cp-1\",\"seq\":7,\"kind\":\"checkpoint\",\"card\":\"04A1B2C3\"}"
                    .getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (inbox.depth() == 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        } finally {
            c.shutdown();
            ep.destroy();
        }
        String hex = "'card' must be the card's UID in uppercase hex, 8 to 20 digits";
        assertEquals(List.of("'checkpoint' needs the card's UID in 'card'", hex, hex, hex,
                "'card' needs text of 1 to 64 characters", "'card' belongs to kind 'checkpoint'"), said);
        Input.FieldEvent visit = (Input.FieldEvent) inbox.poll();
        assertEquals("04A1B2C3", visit.card());
        assertEquals(id.kentongan.alert.AlertKind.CHECKPOINT, visit.kind());
        @SuppressWarnings("unchecked")
        Map<String, Long> flaws = (Map<String, Long>) server.status().get("malformed");
        assertEquals(3L, flaws.get("bad-card"));
    }

    @Test
    void an_identity_that_is_not_a_node_gets_no_session_and_is_counted() throws Exception {
        try (NodeClient stranger = NodeClient.connect("127.0.0.1", server.dtlsPort(), "pasar-9",
                "the-right-key-0123456789".getBytes(StandardCharsets.US_ASCII)).timeout(Duration.ofSeconds(3))) {
            assertThrows(java.io.IOException.class, () -> stranger.event(1, 1, "panic", null));
        }
        assertTrue((Long) server.status().get("dtlsUnknownIdentity") >= 1, server.status().toString());
        assertEquals(0, inbox.depth());
    }
}
