package id.kentongan.uplink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Map;

/**
 * A centre's check of what a post published ({@link PostSignature}): with the keys the centre holds,
 * per post ({@code village/post}), each message is verified, unverified (unsigned, or signed by a
 * post whose key the centre does not hold) or forged. A message is verified only when its MAC is
 * right and it speaks for the post that signed it: the topic's post (or, on the village-wide
 * {@code .../all/...} topics, the topic's village) and every claim of the payload (CAP {@code sender}
 * and {@code kentongan:village}/{@code kentongan:post} parameters, a result's or status's
 * {@code village}/{@code post}) name the signer. So a post whose key a centre holds cannot pass a
 * message off as another post's. Immutable; any thread.
 */
public final class PostVerifier {

    /** How far a message is to be believed. */
    public enum Mark { VERIFIED, UNVERIFIED, FORGED }

    /**
     * The verdict on one message.
     *
     * @param signer {@code village/post} named in the signature member, or "" if none
     */
    public record Verdict(Mark mark, String signer, String reason) {

        /** What a centre prints beside the message: {@code verified}, {@code UNVERIFIED (...)} or {@code FORGED (...)}. */
        public String label() {
            return mark == Mark.VERIFIED ? "verified" : mark.name() + " (" + reason + ")";
        }

        public boolean verified() {
            return mark == Mark.VERIFIED;
        }
    }

    /** A signer could repeat a member so that readers disagree on its value: a repeated one is refused. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, byte[]> keys;

    /** @param keys each post's signing key, by {@code village/post} */
    public PostVerifier(Map<String, byte[]> keys) {
        this.keys = Map.copyOf(keys);
    }

    public boolean holdsKeys() {
        return !keys.isEmpty();
    }

    public Verdict check(String topic, byte[] payload) {
        PostSignature.Parts p = PostSignature.parts(payload);
        if (p == null) {
            return new Verdict(Mark.UNVERIFIED, "", "unsigned");
        }
        byte[] key = keys.get(p.signer());
        if (key == null) {
            return new Verdict(Mark.UNVERIFIED, p.signer(), "no key for " + p.signer());
        }
        if (!MessageDigest.isEqual(p.mac(), PostSignature.macOf(key, payload, p.unsignedLength()))) {
            return new Verdict(Mark.FORGED, p.signer(), "bad signature for " + p.signer());
        }
        String[] t = topic.split("/");
        if (t.length < 3) {
            return new Verdict(Mark.FORGED, p.signer(), "signed by " + p.signer() + " on " + topic);
        }
        String village = t[t.length - 3];
        String post = t[t.length - 2];
        String[] signer = p.signer().split("/");
        boolean villageWide = post.equals("all");
        if (!village.equals(signer[0]) || !(villageWide || post.equals(signer[1]))) {
            return new Verdict(Mark.FORGED, p.signer(), "signed by " + p.signer() + ", published as "
                    + village + "/" + post);
        }
        String claim = claims(payload, signer[0], signer[1]);
        if (claim != null) {
            return new Verdict(Mark.FORGED, p.signer(), "signed by " + p.signer() + ", says it is from " + claim);
        }
        return new Verdict(Mark.VERIFIED, p.signer(), "");
    }

    /** @return the first claim of the payload that names another post, or {@code null} if all name the signer */
    private static String claims(byte[] payload, String village, String post) {
        JsonNode root;
        try {
            root = STRICT.readTree(payload);
        } catch (IOException e) {
            return "(not strict JSON)";
        }
        if (root == null || !root.isObject()) {
            return "(not a JSON object)";
        }
        JsonNode sender = root.get("sender");
        if (sender != null && !sender.asText().equals("kentongan:" + village + ":" + post)) {
            return sender.asText();
        }
        for (String[] kv : new String[][] {{"village", village}, {"post", post}}) {
            JsonNode n = root.get(kv[0]);
            if (n != null && !n.asText().equals(kv[1])) {
                return kv[0] + " " + n.asText();
            }
        }
        for (JsonNode info : root.path("info")) {
            for (JsonNode param : info.path("parameter")) {
                String name = param.path("valueName").asText();
                String value = param.path("value").asText();
                if ((name.equals("kentongan:village") && !value.equals(village))
                        || (name.equals("kentongan:post") && !value.equals(post))) {
                    return name + " " + value;
                }
            }
        }
        return null;
    }
}
