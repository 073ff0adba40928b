package id.kentongan.uplink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A command's outer object read with Jackson's streaming parser, strictly and without building a tree:
 * the five keys as strings, each once, nothing after the object; {@code args} is noted as a byte span
 * and skipped, so that its signature can be checked before anything in it is parsed. Stateless; any thread.
 *
 * @param argsStart offset of the {@code '{'} that opens {@code args} in the payload
 * @param argsEnd   offset just past its {@code '}'}
 */
record CommandEnvelope(String keyId, String ts, String nonce, String sig, int argsStart, int argsEnd) {

    static final Set<String> KEYS = Set.of("key_id", "ts", "nonce", "args", "sig");

    /** Limits far above any honest command and far below any harm; the payload is bounded before this. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(40).build())
            .build();

    /** Why an envelope is not one, before the refusal is counted; with the nonce if it was read. */
    static final class Bad extends Exception {
        final CommandGuard.Reason reason;
        final String nonce;

        Bad(CommandGuard.Reason reason, String detail, String nonce) {
            super(detail, null, false, false);
            this.reason = reason;
            this.nonce = nonce;
        }
    }

    static CommandEnvelope read(byte[] payload) throws Bad {
        Map<String, String> strings = new HashMap<>();
        int argsStart = -1;
        int argsEnd = -1;
        String unknown = null;
        try (JsonParser p = FACTORY.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(strings, "not a JSON object");
            }
            HashSet<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!seen.add(key)) {
                    throw malformed(strings, "duplicate key '" + key + "'");
                }
                JsonToken value = p.nextToken();
                if (key.equals("args")) {
                    if (value != JsonToken.START_OBJECT) {
                        throw malformed(strings, "'args' must be an object");
                    }
                    argsStart = Math.toIntExact(p.currentTokenLocation().getByteOffset());
                    p.skipChildren(); // read, not kept: its signature is checked before it is parsed
                    argsEnd = Math.toIntExact(p.currentLocation().getByteOffset());
                } else if (KEYS.contains(key)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw malformed(strings, "'" + key + "' must be a string");
                    }
                    strings.put(key, p.getText());
                } else {
                    if (unknown == null) {
                        unknown = key;
                    }
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw malformed(strings, "trailing data after the object");
            }
        } catch (StreamConstraintsException e) {
            throw malformed(strings, "nested deeper than 16 or a number longer than 40 digits");
        } catch (StreamReadException e) {
            String what = e.getOriginalMessage();
            throw malformed(strings, (what.startsWith("Unexpected end-of-input") ? "JSON cut short" : "not JSON")
                    + " at byte " + e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw malformed(strings, "not JSON");
        }
        if (!strings.containsKey("sig")) {
            throw new Bad(CommandGuard.Reason.UNSIGNED, "no signature", strings.get("nonce"));
        }
        if (unknown != null) {
            throw malformed(strings, "unknown key '" + unknown + "' (key_id, ts, nonce, args, sig)");
        }
        for (String key : new String[] {"key_id", "ts", "nonce"}) {
            if (!strings.containsKey(key)) {
                throw malformed(strings, "missing '" + key + "'");
            }
        }
        if (argsStart < 0) {
            throw malformed(strings, "missing 'args'");
        }
        return new CommandEnvelope(strings.get("key_id"), strings.get("ts"), strings.get("nonce"), strings.get("sig"),
                argsStart, argsEnd);
    }

    /**
     * The arguments, parsed only once their signature holds: strictly (each key once, in every object),
     * within {@link #FACTORY}'s limits. The span is a whole object, as {@link #read} found it.
     */
    ObjectNode args(byte[] payload) throws Bad {
        try (JsonParser p = FACTORY.createParser(payload, argsStart, argsEnd - argsStart)) {
            p.nextToken();
            return (ObjectNode) value(p, "args");
        } catch (StreamConstraintsException e) {
            throw new Bad(CommandGuard.Reason.MALFORMED, "args nested deeper than 16 or a number longer than 40 "
                    + "digits", nonce);
        } catch (IOException e) {
            throw new Bad(CommandGuard.Reason.MALFORMED, "args are not JSON", nonce); // read once already
        }
    }

    private JsonNode value(JsonParser p, String path) throws IOException, Bad {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (o.has(key)) {
                        throw new Bad(CommandGuard.Reason.MALFORMED, "duplicate key '" + key + "' in " + path, nonce);
                    }
                    p.nextToken();
                    o.set(key, value(p, path + "." + key));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, path + "[" + a.size() + "]"));
                }
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? f.numberNode(p.getBigIntegerValue()) : f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> f.booleanNode(true);
            case VALUE_FALSE -> f.booleanNode(false);
            default -> f.nullNode();
        };
    }

    private static Bad malformed(Map<String, String> read, String detail) {
        return new Bad(CommandGuard.Reason.MALFORMED, detail, read.get("nonce"));
    }
}
