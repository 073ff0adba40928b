package id.kentongan.uplink;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a post publishes, signed so that a centre can tell it from a forgery: HMAC-SHA256 with the
 * post's own key, carried as a last JSON member that CAP consumers ignore. The MAC covers the exact
 * bytes of the message without that member, so nothing is re-serialised to check it:
 * <pre>
 *   U       = the unsigned JSON object, exactly as made (its last byte is '}')
 *   signed  = U without its last byte + ,"sig":"hmac-sha256:{village}/{post}:{base64(HMAC-SHA256(key, U))}"}
 * </pre>
 * The base64 is the standard alphabet with padding (44 characters); nothing follows the member. A
 * verifier finds the last {@code ,"sig":"} (in JSON text these bytes can only start a member: a quote
 * inside a string is escaped), puts back the {@code }} and recomputes the MAC.
 *
 * <p>Why HMAC and not Ed25519: it costs about a microsecond per message where Ed25519 costs tens
 * (measured side by side in {@code micro/PostSignatureBench}); the price is that a centre holding a
 * post's key could forge that post's messages, so the keys are per post and kept as secrets.
 */
public final class PostSignature {

    public static final String ALGORITHM = "hmac-sha256";
    static final byte[] MEMBER = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern VALUE = Pattern.compile(
            "hmac-sha256:([a-z0-9][a-z0-9-]{0,31}/[a-z0-9][a-z0-9-]{0,31}):([A-Za-z0-9+/]{43}=)\"}");
    /** The longest a well-formed member can be after its opening bytes. */
    private static final int MAX_VALUE = ALGORITHM.length() + 1 + 65 + 1 + 44 + 2;

    private PostSignature() {
    }

    /**
     * Signs on one thread only (it holds its own {@link Mac}): the uplink thread, or the owner before
     * the uplink starts.
     */
    public static final class Signer {
        private final String signer;
        private final Mac mac;

        private Signer(String signer, byte[] key) {
            this.signer = signer;
            this.mac = mac(key);
        }

        /** {@code unsigned}, a JSON object, with the signature member added last. */
        public byte[] sign(byte[] unsigned) {
            int n = unsigned.length;
            if (n < 3 || unsigned[0] != '{' || unsigned[n - 1] != '}') {
                throw new IllegalArgumentException("only a JSON object with members can be signed");
            }
            String b64 = Base64.getEncoder().encodeToString(mac.doFinal(unsigned));
            byte[] tail = (ALGORITHM + ":" + signer + ":" + b64 + "\"}").getBytes(StandardCharsets.US_ASCII);
            byte[] out = Arrays.copyOf(unsigned, n - 1 + MEMBER.length + tail.length);
            System.arraycopy(MEMBER, 0, out, n - 1, MEMBER.length);
            System.arraycopy(tail, 0, out, n - 1 + MEMBER.length, tail.length);
            return out;
        }

        public String signer() {
            return signer;
        }
    }

    /** A signer for the post {@code village/post}, with its key (at least 32 bytes). */
    public static Signer signer(String village, String post, byte[] key) {
        return new Signer(village + "/" + post, key);
    }

    /**
     * The signature member of a payload, taken apart.
     *
     * @param unsignedLength how many leading bytes of the payload, followed by '}', make U
     */
    record Parts(int unsignedLength, String signer, byte[] mac) {
    }

    /** The trailing signature member, or {@code null} if the payload does not end in a well-formed one. */
    static Parts parts(byte[] payload) {
        int at = lastIndexOf(payload, MEMBER, MAX_VALUE); // only the tail: a forged payload may be large
        if (at < 1) {
            return null;
        }
        String value = new String(payload, at + MEMBER.length, payload.length - at - MEMBER.length,
                StandardCharsets.US_ASCII);
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        return new Parts(at, m.group(1), Base64.getDecoder().decode(m.group(2)));
    }

    /** HMAC-SHA256 over U: {@code payload[0, unsignedLength)} then '}'. */
    static byte[] macOf(byte[] key, byte[] payload, int unsignedLength) {
        Mac mac = mac(key);
        mac.update(payload, 0, unsignedLength);
        mac.update((byte) '}');
        return mac.doFinal();
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static int lastIndexOf(byte[] b, byte[] what, int within) {
        outer:
        for (int i = b.length - what.length; i >= Math.max(0, b.length - what.length - within); i--) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
