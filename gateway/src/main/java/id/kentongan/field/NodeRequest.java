package id.kentongan.field;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A field node's request body, JSON or CBOR (the same flat map either way), read strictly: one map
 * and nothing after it, each key once, only the keys the resource knows, each with a value of its
 * type. Refusals are values ({@link Refusal}) carrying the CoAP code, a diagnostic precise enough for
 * a technician reading the node's log, and, for a malformed body, its {@link Flaw} for the counters.
 * Stateless; any thread.
 *
 * <pre>
 *   events: {"node":"masjid-1","boot":3,"seq":17,"kind":"panic","value":1.25}   node optional under DTLS
 *           {"node":"cp-sungai","boot":3,"seq":18,"kind":"checkpoint","card":"04A1B2C3"}  the night watch (#14)
 *   hb:     {"node":"masjid-1","battery_low":false,"tamper":false}
 * </pre>
 */
final class NodeRequest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    /** Longest key or text quoted back in a diagnostic: a node's log line, not an echo of its body. */
    private static final int QUOTE = 32;

    private NodeRequest() {
    }

    /** The value a key must have. */
    enum Type {
        TEXT("needs text of 1 to 64 characters"), NATURAL("needs a whole number >= 0"), NUMBER("needs a number"),
        FLAG("needs true or false");

        final String needs;

        Type(String needs) {
            this.needs = needs;
        }
    }

    static final Map<String, Type> EVENT = Map.of("node", Type.TEXT, "boot", Type.NATURAL, "seq", Type.NATURAL,
            "kind", Type.TEXT, "value", Type.NUMBER, "card", Type.TEXT);
    static final Map<String, Type> HEARTBEAT = Map.of("node", Type.TEXT, "battery_low", Type.FLAG,
            "tamper", Type.FLAG);

    /** What is wrong with a malformed body, for the counters; each is a 4.00 but {@code FORMAT} (4.15). */
    enum Flaw {
        FORMAT("format"), SYNTAX("syntax"), NOT_A_MAP("not-a-map"), DUPLICATE_KEY("duplicate-key"),
        TRAILING_DATA("trailing-data"), UNKNOWN_KEY("unknown-key"), NO_VALUE("no-value"), WRONG_TYPE("wrong-type"),
        MISSING_KEY("missing-key"), UNKNOWN_KIND("unknown-kind"),
        /** A checkpoint's {@code card} that is not a card's UID in uppercase hex (#14). */
        BAD_CARD("bad-card");

        final String wireName;

        Flaw(String wireName) {
            this.wireName = wireName;
        }
    }

    /** Why a request was refused: a 4.xx code, a short text for the node's log, and for 4.00/4.15 the flaw. */
    static final class Refusal extends Exception {
        final ResponseCode code;
        final Flaw flaw;

        Refusal(ResponseCode code, String diagnostic) {
            this(code, null, diagnostic);
        }

        Refusal(ResponseCode code, Flaw flaw, String diagnostic) {
            super(diagnostic, null, false, false);
            this.code = code;
            this.flaw = flaw;
        }

        static Refusal malformed(Flaw flaw, String diagnostic) {
            return new Refusal(ResponseCode.BAD_REQUEST, flaw, diagnostic);
        }
    }

    /** A body that passed: each key's value of its type (String, Long, Double, Boolean). Immutable. */
    record Body(Map<String, Object> values) {

        String text(String key) {
            return (String) values.get(key);
        }

        /** @throws Refusal if absent */
        long natural(String key) throws Refusal {
            Object v = values.get(key);
            if (v == null) {
                throw Refusal.malformed(Flaw.MISSING_KEY, "'" + key + "' is missing");
            }
            return (Long) v;
        }

        long natural(String key, long fallback) {
            Object v = values.get(key);
            return v == null ? fallback : (Long) v;
        }

        Double number(String key) {
            return (Double) values.get(key);
        }

        boolean flag(String key) {
            return Boolean.TRUE.equals(values.get(key));
        }
    }

    /**
     * The checks every node request gets first: the body's size, then its format and shape.
     */
    static Body read(CoapExchange exchange, int maxBody, Map<String, Type> schema) throws Refusal {
        byte[] body = exchange.getRequestPayload();
        if (body != null && body.length > maxBody) {
            throw new Refusal(ResponseCode.REQUEST_ENTITY_TOO_LARGE, "body over " + maxBody + " bytes");
        }
        return parse(body, exchange.getRequestOptions().getContentFormat(), schema);
    }

    /** Answers a refusal with its code and diagnostic, and counts it by kind. */
    static void refuse(CoapExchange exchange, Refusal r, FieldCounters counters) {
        counters.refused(r);
        exchange.respond(r.code, r.getMessage());
    }

    /** 5.03 with Max-Age: the dispatch loop's inbox is full; the node tries again, nothing is lost. */
    static void busy(CoapExchange exchange, FieldCounters counters, int retryAfterSeconds) {
        counters.overloaded.incrementAndGet();
        Response r = new Response(ResponseCode.SERVICE_UNAVAILABLE);
        r.getOptions().setMaxAge(retryAfterSeconds);
        r.setPayload("busy: retry after " + retryAfterSeconds + " s");
        exchange.respond(r);
    }

    static ObjectMapper mapperFor(int contentFormat) {
        return contentFormat == MediaTypeRegistry.APPLICATION_CBOR ? CBOR : JSON;
    }

    static Body parse(byte[] body, int contentFormat, Map<String, Type> schema) throws Refusal {
        if (contentFormat != MediaTypeRegistry.UNDEFINED && contentFormat != MediaTypeRegistry.APPLICATION_JSON
                && contentFormat != MediaTypeRegistry.APPLICATION_CBOR) {
            throw new Refusal(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, Flaw.FORMAT,
                    "use application/json (50) or application/cbor (60)");
        }
        if (body == null || body.length == 0) {
            throw Refusal.malformed(Flaw.SYNTAX, "empty body");
        }
        boolean cbor = contentFormat == MediaTypeRegistry.APPLICATION_CBOR;
        JsonFactory factory = mapperFor(contentFormat).getFactory();
        Map<String, Object> values = new HashMap<>();
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Refusal.malformed(Flaw.NOT_A_MAP, "the body must be a map");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw Refusal.malformed(Flaw.SYNTAX, "not " + (cbor ? "CBOR" : "JSON") + ": a key expected");
                }
                String key = p.currentName();
                Type type = schema.get(key);
                if (values.containsKey(key)) {
                    throw Refusal.malformed(Flaw.DUPLICATE_KEY, "duplicate key '" + quote(key) + "'");
                }
                if (type == null) {
                    throw Refusal.malformed(Flaw.UNKNOWN_KEY, "unknown key '" + quote(key) + "'");
                }
                values.put(key, value(p, p.nextToken(), key, type));
            }
            if (trailing(p)) {
                throw Refusal.malformed(Flaw.TRAILING_DATA, "trailing data after the object");
            }
        } catch (StreamReadException e) {
            throw unreadable(e, body, cbor);
        } catch (IOException e) {
            throw Refusal.malformed(Flaw.SYNTAX, "unreadable body: " + e.getMessage());
        }
        return new Body(Map.copyOf(values));
    }

    private static Object value(JsonParser p, JsonToken t, String key, Type type) throws IOException, Refusal {
        Object v = switch (type) {
            case TEXT -> t == JsonToken.VALUE_STRING && !p.getText().isEmpty() && p.getText().length() <= 64
                    ? p.getText() : null;
            case NATURAL -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && p.getLongValue() >= 0 ? p.getLongValue() : null;
            case NUMBER -> (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT)
                    && Double.isFinite(p.getDoubleValue()) ? p.getDoubleValue() : null;
            case FLAG -> t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE ? t == JsonToken.VALUE_TRUE : null;
        };
        if (v == null) {
            throw Refusal.malformed(Flaw.WRONG_TYPE, "'" + key + "' " + type.needs);
        }
        return v;
    }

    /** Anything after the map's end, readable or not, is trailing data. */
    private static boolean trailing(JsonParser p) {
        try {
            return p.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * A body the parser could not read. A key followed by no value ({@code {"level":}}, or a CBOR map
     * cut short after a key) is said as such; anything else is a syntax error, quoted from the parser.
     */
    private static Refusal unreadable(StreamReadException e, byte[] body, boolean cbor) {
        String key = e.getProcessor() instanceof JsonParser p ? p.getParsingContext().getCurrentName() : null;
        if (key != null && noValueAt(body, e, cbor)) {
            return Refusal.malformed(Flaw.NO_VALUE, "'" + quote(key) + "' has no value");
        }
        String what = e instanceof JsonParseException ? e.getOriginalMessage() : e.getMessage();
        return Refusal.malformed(Flaw.SYNTAX, "not " + (cbor ? "CBOR" : "JSON") + ": " + firstLine(what));
    }

    /** JSON: the parser stopped on the map's end or a comma right after a colon, or at the end; CBOR: at the end. */
    private static boolean noValueAt(byte[] body, StreamReadException e, boolean cbor) {
        long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        if (at < 0 || at >= body.length) {
            return true;
        }
        if (cbor) {
            return false;
        }
        int next = (int) at;
        while (next < body.length && Character.isWhitespace(body[next])) {
            next++;
        }
        int before = (int) at - 1;
        while (before >= 0 && Character.isWhitespace(body[before])) {
            before--;
        }
        return before >= 0 && body[before] == ':' && (next == body.length || body[next] == '}' || body[next] == ',');
    }

    private static String quote(String s) {
        String t = s.length() > QUOTE ? s.substring(0, QUOTE) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
