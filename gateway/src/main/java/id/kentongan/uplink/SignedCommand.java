package id.kentongan.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * A command from a command centre, authenticated beyond the broker's ACL: HMAC-SHA256 with the
 * centre's key over a canonical form that binds the topic (so a command for one post cannot be
 * replayed to another), the key id, the time, a nonce and the arguments.
 *
 * <pre>
 * topic:   kentongan/v1/{village}/{post}/cmd/{verb}   or   kentongan/v1/{village}/all/cmd/{verb}
 * payload: {"key_id":"polsek-1","ts":"2026-11-23T20:00:00Z","nonce":"7Qk0...","args":{...},"sig":"base64"}
 * signed:  topic \n key_id \n ts \n nonce \n args as JSON with keys sorted, no spaces
 * </pre>
 * Stateless; any thread.
 */
public final class SignedCommand {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    static final ObjectMapper JSON = new ObjectMapper();

    private SignedCommand() {
    }

    /** The bytes a centre publishes: {@code args} signed with {@code key}. */
    public static byte[] sign(String topic, ObjectNode args, String keyId, byte[] key, Instant ts, String nonce) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key_id", keyId);
        o.put("ts", ts.toString());
        o.put("nonce", nonce);
        o.set("args", args);
        o.put("sig", Base64.getEncoder().encodeToString(mac(key, canonical(topic, keyId, ts.toString(), nonce, args))));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newNonce(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String canonical(String topic, String keyId, String ts, String nonce, JsonNode args) {
        try {
            Object sorted = CANONICAL.treeToValue(args, Object.class); // maps, sorted by key when written
            return topic + "\n" + keyId + "\n" + ts + "\n" + nonce + "\n" + CANONICAL.writeValueAsString(sorted);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] mac(byte[] key, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
