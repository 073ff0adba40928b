package id.kentongan.micro;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.uplink.PostSignature;
import id.kentongan.uplink.PostVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signing what a post publishes, the choice made and the one not taken, on the same CAP payload: the
 * post's HMAC-SHA256 (on the uplink thread, so it bounds press to PUBACK, not press to siren) and the
 * centre's check, beside Ed25519 signing and verifying from the JDK, which would let a centre hold
 * public keys only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PostSignatureBench {

    private final Post post = new Post("sukamaju", "rt03-rw05", "Pos Ronda RT 03", "rt03", ZoneId.of("Asia/Jakarta"));
    private final byte[] payload = CapJson.encode(new Event(4711, 3, Event.identifier(post, 3, 4711), AlertKind.PANIC,
            Priority.LIFE_SAFETY, "panic-1", "rt03", 1_764_547_200_000L, Event.CapStatus.Actual, Event.MsgType.Alert,
            null), post);
    private final byte[] key = "post-key-0123456789-abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
    private final PostSignature.Signer hmac = PostSignature.signer("sukamaju", "rt03-rw05", key);
    private final PostVerifier verifier = new PostVerifier(Map.of("sukamaju/rt03-rw05", key));
    private final byte[] signed = hmac.sign(payload);
    private KeyPair ed25519;
    private byte[] edSignature;

    @Setup
    public void keys() throws GeneralSecurityException {
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        edSignature = ed25519Sign();
    }

    @Benchmark
    public byte[] hmacSign() {
        return hmac.sign(payload);
    }

    /** The centre's whole check: MAC, topic, and the payload's claims (a JSON parse). */
    @Benchmark
    public PostVerifier.Verdict hmacVerify() {
        return verifier.check("kentongan/v1/sukamaju/rt03-rw05/alert", signed);
    }

    @Benchmark
    public byte[] ed25519Sign() throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(ed25519.getPrivate());
        s.update(payload);
        return s.sign();
    }

    @Benchmark
    public boolean ed25519Verify() throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(ed25519.getPublic());
        s.update(payload);
        return s.verify(edSignature);
    }
}
