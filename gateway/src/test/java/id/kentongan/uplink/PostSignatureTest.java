package id.kentongan.uplink;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a post signs and a centre checks: genuine, tampered with, stripped, or signed by another. */
class PostSignatureTest {

    static final Post A = new Post("desa", "pos-a", "Pos A", "z1", ZoneId.of("Asia/Jakarta"));
    static final Post B = new Post("desa", "pos-b", "Pos B", "z1", ZoneId.of("Asia/Jakarta"));
    static final byte[] KEY_A = "key-of-pos-a-0123456789-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY_B = "key-of-pos-b-0123456789-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    static final String TOPIC_A = "kentongan/v1/desa/pos-a/alert";

    final PostVerifier centre = new PostVerifier(Map.of("desa/pos-a", KEY_A, "desa/pos-b", KEY_B));

    static byte[] fire(Post post) {
        return CapJson.encode(new Event(7, 2, Event.identifier(post, 2, 7), AlertKind.FIRE,
                AlertKind.FIRE.defaultPriority(), "smoke-1", "z1", 1_795_461_486_556L, Event.CapStatus.Actual,
                Event.MsgType.Alert, null), post);
    }

    static byte[] signed(Post post, byte[] key, byte[] unsigned) {
        return PostSignature.signer(post.village(), post.id(), key).sign(unsigned);
    }

    @Test
    void a_posts_alert_signed_with_its_key_is_verified_and_reads_as_the_same_cap_alert() throws Exception {
        byte[] unsigned = fire(A);
        byte[] signed = signed(A, KEY_A, unsigned);
        PostVerifier.Verdict v = centre.check(TOPIC_A, signed);
        assertEquals(PostVerifier.Mark.VERIFIED, v.mark(), v.reason());
        assertEquals("verified", v.label());
        assertEquals(CapJson.decode(unsigned), CapJson.decode(signed), "a CAP reader sees the same alert");
        var json = new ObjectMapper().readTree(signed);
        assertEquals(new ObjectMapper().readTree(unsigned).size() + 1, json.size(), "one member more: sig");
        assertArrayEquals(signed, signed(A, KEY_A, unsigned), "the same bytes at every re-publish");
    }

    @Test
    void the_member_is_exactly_as_the_contract_says_and_covers_the_bytes_without_it() throws Exception {
        byte[] unsigned = fire(A);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY_A, "HmacSHA256"));
        String expected = new String(unsigned, 0, unsigned.length - 1, StandardCharsets.UTF_8)
                + ",\"sig\":\"hmac-sha256:desa/pos-a:" + Base64.getEncoder().encodeToString(mac.doFinal(unsigned))
                + "\"}";
        assertEquals(expected, new String(signed(A, KEY_A, unsigned), StandardCharsets.UTF_8));
    }

    @Test
    void one_byte_changed_anywhere_is_forged() {
        byte[] signed = signed(A, KEY_A, fire(A));
        String text = new String(signed, StandardCharsets.UTF_8);
        for (int at : new int[] {text.indexOf("Actual"), text.indexOf("\"sig\"") - 2, text.length() - 6}) {
            byte[] tampered = Arrays.copyOf(signed, signed.length);
            tampered[at] = (byte) (tampered[at] == 'A' ? 'B' : 'A');
            PostVerifier.Verdict v = centre.check(TOPIC_A, tampered);
            assertEquals(PostVerifier.Mark.FORGED, v.mark(), "byte " + at + ": " + v);
            assertTrue(v.label().startsWith("FORGED (bad signature"), v.label());
        }
    }

    @Test
    void the_member_removed_or_never_there_is_unverified_never_genuine() {
        byte[] signed = signed(A, KEY_A, fire(A));
        String text = new String(signed, StandardCharsets.UTF_8);
        byte[] stripped = (text.substring(0, text.lastIndexOf(",\"sig\":")) + "}").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(fire(A), stripped);
        PostVerifier.Verdict v = centre.check(TOPIC_A, stripped);
        assertEquals(PostVerifier.Mark.UNVERIFIED, v.mark());
        assertEquals("UNVERIFIED (unsigned)", v.label());
        byte[] garbled = text.replace("hmac-sha256:", "hmac-sha1:").getBytes(StandardCharsets.UTF_8);
        assertEquals(PostVerifier.Mark.UNVERIFIED, centre.check(TOPIC_A, garbled).mark());
    }

    @Test
    void another_posts_key_does_not_make_an_alert_of_this_post() {
        // B's key, claiming to be A in the member: the MAC is checked with A's key and fails
        byte[] asA = PostSignature.signer("desa", "pos-a", KEY_B).sign(fire(A));
        assertEquals(PostVerifier.Mark.FORGED, centre.check(TOPIC_A, asA).mark());
        // B signing honestly as B, on A's topic
        PostVerifier.Verdict onA = centre.check(TOPIC_A, signed(B, KEY_B, fire(B)));
        assertEquals(PostVerifier.Mark.FORGED, onA.mark());
        assertTrue(onA.reason().contains("published as desa/pos-a"), onA.reason());
        // B signing as B on the village-wide topic, but its CAP says it is A
        PostVerifier.Verdict wide = centre.check("kentongan/v1/desa/all/alert", signed(B, KEY_B, fire(A)));
        assertEquals(PostVerifier.Mark.FORGED, wide.mark());
        assertTrue(wide.reason().contains("kentongan:desa:pos-a"), wide.reason());
        // and B's own escalation there is B's
        assertEquals(PostVerifier.Mark.VERIFIED,
                centre.check("kentongan/v1/desa/all/alert", signed(B, KEY_B, fire(B))).mark());
    }

    @Test
    void a_post_whose_key_the_centre_lacks_is_unverified() {
        PostVerifier.Verdict v = new PostVerifier(Map.of("desa/pos-b", KEY_B)).check(TOPIC_A, signed(A, KEY_A, fire(A)));
        assertEquals(PostVerifier.Mark.UNVERIFIED, v.mark());
        assertEquals("UNVERIFIED (no key for desa/pos-a)", v.label());
    }

    @Test
    void a_repeated_member_that_readers_could_disagree_on_is_forged_even_when_signed() {
        byte[] twice = "{\"village\":\"desa\",\"post\":\"pos-b\",\"post\":\"pos-a\",\"result\":\"accepted\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(PostVerifier.Mark.FORGED, centre.check("kentongan/v1/desa/pos-a/result",
                signed(A, KEY_A, twice)).mark());
    }

    @Test
    void results_and_status_carry_who_they_are_from_and_are_checked_against_it() {
        byte[] status = "{\"state\":\"online\",\"village\":\"desa\",\"post\":\"pos-a\",\"boot\":3}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(PostVerifier.Mark.VERIFIED,
                centre.check("kentongan/v1/desa/pos-a/status", signed(A, KEY_A, status)).mark());
        byte[] lying = "{\"state\":\"offline\",\"village\":\"desa\",\"post\":\"pos-b\",\"boot\":3}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(PostVerifier.Mark.FORGED,
                centre.check("kentongan/v1/desa/pos-a/status", signed(A, KEY_A, lying)).mark());
    }
}
