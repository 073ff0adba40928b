package id.kentongan.field;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

import java.io.IOException;

/**
 * A field node's request body, JSON or CBOR (the same map either way), read into a tree. Refusals
 * are values ({@link Refusal}) carrying the CoAP code and a short diagnostic for the node.
 * Stateless; any thread.
 *
 * <pre>
 *   events: {"node":"masjid-1","boot":3,"seq":17,"kind":"panic","value":1.25}   node optional under DTLS
 *   hb:     {"node":"masjid-1","battery_low":false,"tamper":false}
 * </pre>
 */
final class NodeRequest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private NodeRequest() {
    }

    /** Why a request was refused: a 4.xx code and a short text for the node's log. */
    static final class Refusal extends Exception {
        final org.eclipse.californium.core.coap.CoAP.ResponseCode code;

        Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode code, String diagnostic) {
            super(diagnostic, null, false, false);
            this.code = code;
        }
    }

    /**
     * The checks every node request gets first: the body's size, then its format and shape.
     *
     * @return the body as a tree
     */
    static JsonNode read(org.eclipse.californium.core.server.resources.CoapExchange exchange, int maxBody,
                         FieldCounters counters) throws Refusal {
        byte[] body = exchange.getRequestPayload();
        if (body != null && body.length > maxBody) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.REQUEST_ENTITY_TOO_LARGE,
                    "body over " + maxBody + " bytes");
        }
        return parse(body, exchange.getRequestOptions().getContentFormat());
    }

    /** Answers a refusal with its code and diagnostic, and counts it by kind. */
    static void refuse(org.eclipse.californium.core.server.resources.CoapExchange exchange, Refusal r,
                       FieldCounters counters) {
        switch (r.code) {
            case REQUEST_ENTITY_TOO_LARGE -> counters.oversized.incrementAndGet();
            case FORBIDDEN -> counters.forbidden.incrementAndGet();
            case NOT_FOUND -> counters.unknownNode.incrementAndGet();
            default -> counters.malformed.incrementAndGet();
        }
        exchange.respond(r.code, r.getMessage());
    }

    /** 5.03 with Max-Age: the dispatch loop's inbox is full; the node tries again, nothing is lost. */
    static void busy(org.eclipse.californium.core.server.resources.CoapExchange exchange, FieldCounters counters,
                     int retryAfterSeconds) {
        counters.overloaded.incrementAndGet();
        org.eclipse.californium.core.coap.Response r = new org.eclipse.californium.core.coap.Response(
                org.eclipse.californium.core.coap.CoAP.ResponseCode.SERVICE_UNAVAILABLE);
        r.getOptions().setMaxAge(retryAfterSeconds);
        r.setPayload("busy: retry after " + retryAfterSeconds + " s");
        exchange.respond(r);
    }

    static ObjectMapper mapperFor(int contentFormat) {
        return contentFormat == MediaTypeRegistry.APPLICATION_CBOR ? CBOR : JSON;
    }

    static JsonNode parse(byte[] body, int contentFormat) throws Refusal {
        if (contentFormat != MediaTypeRegistry.UNDEFINED && contentFormat != MediaTypeRegistry.APPLICATION_JSON
                && contentFormat != MediaTypeRegistry.APPLICATION_CBOR) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                    "use application/json (50) or application/cbor (60)");
        }
        if (body == null || body.length == 0) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST, "empty body");
        }
        JsonNode tree;
        try {
            tree = mapperFor(contentFormat).readTree(body);
        } catch (JsonParseException e) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "not " + (contentFormat == MediaTypeRegistry.APPLICATION_CBOR ? "CBOR" : "JSON") + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "unreadable body: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "the body must be a map");
        }
        return tree;
    }

    /** A non-negative integer field; absent gives {@code fallback}, or a refusal if fallback is negative. */
    static long natural(JsonNode tree, String field, long fallback) throws Refusal {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            if (fallback < 0) {
                throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                        "'" + field + "' is missing");
            }
            return fallback;
        }
        if (!n.isIntegralNumber() || n.asLong() < 0 || !n.canConvertToLong()) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "'" + field + "' must be a whole number >= 0");
        }
        return n.asLong();
    }

    static boolean flag(JsonNode tree, String field) throws Refusal {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    static String text(JsonNode tree, String field) throws Refusal {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().length() > 64) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "'" + field + "' must be a short text");
        }
        return n.asText();
    }

    static Double number(JsonNode tree, String field) throws Refusal {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new Refusal(org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                    "'" + field + "' must be a number");
        }
        return n.asDouble();
    }
}
