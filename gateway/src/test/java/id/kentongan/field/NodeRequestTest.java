package id.kentongan.field;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a node hears when its body is not exactly one map of known keys with values of their types. */
class NodeRequestTest {

    static final int JSON = MediaTypeRegistry.APPLICATION_JSON;
    static final int CBOR = MediaTypeRegistry.APPLICATION_CBOR;

    static NodeRequest.Refusal refusal(String json) {
        return refusal(json.getBytes(StandardCharsets.UTF_8), JSON);
    }

    static NodeRequest.Refusal refusal(byte[] body, int format) {
        return assertThrows(NodeRequest.Refusal.class, () -> NodeRequest.parse(body, format, NodeRequest.EVENT));
    }

    static void refused(NodeRequest.Refusal r, NodeRequest.Flaw flaw, String diagnostic) {
        assertEquals(ResponseCode.BAD_REQUEST, r.code);
        assertEquals(flaw, r.flaw);
        assertEquals(diagnostic, r.getMessage());
    }

    @Test
    void a_valid_event_reads_as_its_values() throws Exception {
        NodeRequest.Body b = NodeRequest.parse(("{\"node\":\"sungai-1\",\"boot\":3,\"seq\":17,\"kind\":\"level\","
                + "\"value\":1.25}").getBytes(StandardCharsets.UTF_8), JSON, NodeRequest.EVENT);
        assertEquals(Map.of("node", "sungai-1", "boot", 3L, "seq", 17L, "kind", "level", "value", 1.25), b.values());
    }

    @Test
    void a_duplicated_key_is_refused_whichever_value_came_first() {
        refused(refusal("{\"node\":\"pasar-9\",\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"panic\"}"),
                NodeRequest.Flaw.DUPLICATE_KEY, "duplicate key 'node'");
        refused(refusal("{\"seq\":1,\"kind\":\"panic\",\"seq\":1}"), NodeRequest.Flaw.DUPLICATE_KEY,
                "duplicate key 'seq'");
    }

    @Test
    void anything_after_the_map_is_refused() {
        for (String tail : new String[] {"xyz", "}", "{}", " 1", "\"more\"", ",{\"seq\":2}"}) {
            refused(refusal("{\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"panic\"}" + tail),
                    NodeRequest.Flaw.TRAILING_DATA, "trailing data after the object");
        }
    }

    @Test
    void a_key_with_no_value_is_named() {
        refused(refusal("{\"node\":\"masjid-1\",\"seq\":1,\"kind\":\"level\",\"value\":}"), NodeRequest.Flaw.NO_VALUE,
                "'value' has no value");
        refused(refusal("{\"seq\": ,\"kind\":\"panic\"}"), NodeRequest.Flaw.NO_VALUE, "'seq' has no value");
        refused(refusal("{\"node\":\"masjid-1\",\"seq\":"), NodeRequest.Flaw.NO_VALUE, "'seq' has no value");
    }

    @Test
    void a_value_of_the_wrong_type_is_named_with_the_type_it_needs() {
        refused(refusal("{\"seq\":\"1\"}"), NodeRequest.Flaw.WRONG_TYPE, "'seq' needs a whole number >= 0");
        refused(refusal("{\"seq\":-1}"), NodeRequest.Flaw.WRONG_TYPE, "'seq' needs a whole number >= 0");
        refused(refusal("{\"seq\":1.5}"), NodeRequest.Flaw.WRONG_TYPE, "'seq' needs a whole number >= 0");
        refused(refusal("{\"boot\":99999999999999999999}"), NodeRequest.Flaw.WRONG_TYPE,
                "'boot' needs a whole number >= 0");
        refused(refusal("{\"value\":null}"), NodeRequest.Flaw.WRONG_TYPE, "'value' needs a number");
        refused(refusal("{\"value\":\"2.4\"}"), NodeRequest.Flaw.WRONG_TYPE, "'value' needs a number");
        refused(refusal("{\"node\":{\"id\":\"masjid-1\"}}"), NodeRequest.Flaw.WRONG_TYPE,
                "'node' needs text of 1 to 64 characters");
        refused(refusal("{\"node\":\"" + "x".repeat(65) + "\"}"), NodeRequest.Flaw.WRONG_TYPE,
                "'node' needs text of 1 to 64 characters");
        refused(refusal("{\"kind\":[\"panic\"]}"), NodeRequest.Flaw.WRONG_TYPE,
                "'kind' needs text of 1 to 64 characters");
        NodeRequest.Refusal flag = assertThrows(NodeRequest.Refusal.class, () -> NodeRequest.parse(
                "{\"tamper\":1}".getBytes(StandardCharsets.UTF_8), JSON, NodeRequest.HEARTBEAT));
        refused(flag, NodeRequest.Flaw.WRONG_TYPE, "'tamper' needs true or false");
    }

    @Test
    void a_key_the_resource_does_not_know_is_refused_and_quoted_short() {
        refused(refusal("{\"seq\":1,\"rssi\":-70}"), NodeRequest.Flaw.UNKNOWN_KEY, "unknown key 'rssi'");
        refused(refusal("{\"" + "k".repeat(200) + "\":1}"), NodeRequest.Flaw.UNKNOWN_KEY,
                "unknown key '" + "k".repeat(32) + "...'");
        NodeRequest.Refusal hb = assertThrows(NodeRequest.Refusal.class, () -> NodeRequest.parse(
                "{\"seq\":1}".getBytes(StandardCharsets.UTF_8), JSON, NodeRequest.HEARTBEAT));
        refused(hb, NodeRequest.Flaw.UNKNOWN_KEY, "unknown key 'seq'");
    }

    @Test
    void a_body_that_is_not_one_map_is_refused() {
        refused(refusal("[1,2]"), NodeRequest.Flaw.NOT_A_MAP, "the body must be a map");
        refused(refusal("\"panic\""), NodeRequest.Flaw.NOT_A_MAP, "the body must be a map");
        refused(refusal(new byte[0], JSON), NodeRequest.Flaw.SYNTAX, "empty body");
        NodeRequest.Refusal r = refusal("{\"seq\" 1}");
        assertEquals(NodeRequest.Flaw.SYNTAX, r.flaw);
        assertEquals(true, r.getMessage().startsWith("not JSON: "), r.getMessage());
        NodeRequest.Refusal format = refusal("{}".getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.TEXT_PLAIN);
        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, format.code);
        assertEquals(NodeRequest.Flaw.FORMAT, format.flaw);
    }

    @Test
    void cbor_bodies_are_held_to_the_same_rules() throws Exception {
        byte[] dup = cbor(g -> {
            g.writeStringField("node", "pasar-9");
            g.writeStringField("node", "masjid-1");
        });
        refused(refusal(dup, CBOR), NodeRequest.Flaw.DUPLICATE_KEY, "duplicate key 'node'");

        byte[] valid = cbor(g -> {
            g.writeStringField("node", "masjid-1");
            g.writeNumberField("seq", 1);
            g.writeStringField("kind", "panic");
        });
        assertEquals(Map.of("node", "masjid-1", "seq", 1L, "kind", "panic"),
                NodeRequest.parse(valid, CBOR, NodeRequest.EVENT).values());
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        trailing[valid.length] = 0x01;
        refused(refusal(trailing, CBOR), NodeRequest.Flaw.TRAILING_DATA, "trailing data after the object");

        byte[] cut = cbor(g -> {
            g.writeStringField("node", "masjid-1");
            g.writeFieldName("seq");
        });
        // a definite-length map cut after a key: the key has no value
        refused(refusal(Arrays.copyOf(cut, cut.length - 1), CBOR), NodeRequest.Flaw.NO_VALUE, "'seq' has no value");

        byte[] nan = cbor(g -> g.writeNumberField("value", Double.NaN));
        refused(refusal(nan, CBOR), NodeRequest.Flaw.WRONG_TYPE, "'value' needs a number");
    }

    interface Fields {
        void write(JsonGenerator g) throws Exception;
    }

    static byte[] cbor(Fields fields) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
