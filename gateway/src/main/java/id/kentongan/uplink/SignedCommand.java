package id.kentongan.uplink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * A command from a command centre, authenticated beyond the broker's ACL: HMAC-SHA256 with the
 * centre's key over the topic (so a command for one post cannot be replayed to another), the key id,
 * the time, a nonce, and the bytes of the arguments exactly as they stand in the payload.
 *
 * <pre>
 * topic:   kentongan/v1/{village}/{post}/cmd/{verb}   or   kentongan/v1/{village}/all/cmd/{verb}
 * payload: {"key_id":"polsek-1","ts":"2026-11-23T20:00:00Z","nonce":"7Qk0...","args":{...},"sig":"base64"}
 * signed:  topic \n key_id \n ts \n nonce \n the bytes of args' value, from its '{' to its '}'
 * </pre>
 * Signing the bytes as received, not a re-serialised form, lets a post check the signature before it
 * parses the arguments at all: nothing unauthenticated is parsed beyond the envelope. Stateless; any thread.
 */
public final class SignedCommand {

    static final ObjectMapper JSON = new ObjectMapper();

    private SignedCommand() {
    }

    /** The bytes a centre publishes: {@code args} signed with {@code key}. */
    public static byte[] sign(String topic, ObjectNode args, String keyId, byte[] key, Instant ts, String nonce) {
        try {
            return signRaw(topic, JSON.writeValueAsBytes(args), keyId, key, ts.toString(), nonce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #sign}, with the arguments' JSON given byte for byte (tests write odd but signed forms). */
    static byte[] signRaw(String topic, byte[] args, String keyId, byte[] key, String ts, String nonce) {
        Mac mac = mac(key);
        mac.update(prefix(topic, keyId, ts, nonce));
        mac.update(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream(args.length + 200);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("key_id", keyId);
            g.writeStringField("ts", ts);
            g.writeStringField("nonce", nonce);
            g.writeFieldName("args");
            g.writeRawValue(new String(args, StandardCharsets.UTF_8)); // the very bytes signed
            g.writeStringField("sig", Base64.getEncoder().encodeToString(mac.doFinal()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String newNonce(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What the signature covers before the arguments' bytes. */
    static byte[] prefix(String topic, String keyId, String ts, String nonce) {
        return (topic + "\n" + keyId + "\n" + ts + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
