package id.kentongan.uplink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may command a post: signature, freshness and nonce, each refusal with its reason. */
class CommandGuardTest {

    static final String TOPIC = "kentongan/v1/desa/pos-1/cmd/ack";
    static final byte[] KEY = "centre-key-0123456789-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    final CommandGuard guard = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120),
            InstantSource.fixed(NOW));

    static ObjectNode args() {
        ObjectNode a = new ObjectMapper().createObjectNode();
        a.putArray("refs").add("KTG-desa-pos-1-1-7");
        return a;
    }

    static byte[] signed(String topic, byte[] key, Instant at, String nonce) {
        return SignedCommand.sign(topic, args(), "polsek-1", key, at, nonce);
    }

    CommandGuard.Reason refusal(String topic, byte[] payload) {
        return assertThrows(CommandGuard.Refused.class, () -> guard.check(topic, payload)).reason;
    }

    @Test
    void a_signed_fresh_command_passes_with_its_verb_and_arguments() throws Exception {
        CommandGuard.Verified v = guard.check(TOPIC, signed(TOPIC, KEY, NOW.minusSeconds(5), "nonce-0001"));
        assertEquals("ack", v.verb());
        assertEquals("polsek-1", v.keyId());
        assertEquals("KTG-desa-pos-1-1-7", v.args().path("refs").get(0).asText());
    }

    @Test
    void a_replayed_command_is_refused() throws Exception {
        byte[] p = signed(TOPIC, KEY, NOW, "nonce-0002");
        guard.check(TOPIC, p);
        assertEquals(CommandGuard.Reason.REPLAYED, refusal(TOPIC, p));
    }

    @Test
    void a_command_captured_before_a_restart_is_refused_after_it(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path state = dir.resolve("commands.state");
        byte[] p = signed(TOPIC, KEY, NOW.minusSeconds(10), "nonce-0100");
        new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120), InstantSource.fixed(NOW), state)
                .check(TOPIC, p);
        CommandGuard afterRestart = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120),
                InstantSource.fixed(NOW), state);
        CommandGuard.Refused r = assertThrows(CommandGuard.Refused.class, () -> afterRestart.check(TOPIC, p));
        assertEquals(CommandGuard.Reason.REPLAYED, r.reason);
        afterRestart.check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-0101")); // a newer one is fine
    }

    @Test
    void a_command_outside_the_window_is_stale_either_way() {
        assertEquals(CommandGuard.Reason.STALE, refusal(TOPIC, signed(TOPIC, KEY, NOW.minusSeconds(121), "nonce-0003")));
        assertEquals(CommandGuard.Reason.STALE, refusal(TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(121), "nonce-0004")));
    }

    @Test
    void a_forged_signature_is_refused_and_cannot_burn_the_real_commands_nonce() throws Exception {
        byte[] forged = signed(TOPIC, "not-the-centres-key-000000000000000".getBytes(StandardCharsets.US_ASCII), NOW,
                "nonce-0005");
        assertEquals(CommandGuard.Reason.BAD_SIGNATURE, refusal(TOPIC, forged));
        guard.check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-0005")); // the real one still goes through
    }

    @Test
    void a_command_signed_for_one_post_is_refused_by_another() {
        String other = "kentongan/v1/desa/pos-2/cmd/ack";
        assertEquals(CommandGuard.Reason.BAD_SIGNATURE, refusal(other, signed(TOPIC, KEY, NOW, "nonce-0006")));
    }

    @Test
    void tampered_arguments_break_the_signature() throws Exception {
        ObjectNode o = (ObjectNode) new ObjectMapper().readTree(signed(TOPIC, KEY, NOW, "nonce-0007"));
        ((ObjectNode) o.get("args")).putArray("refs").add("KTG-desa-pos-1-1-8");
        assertEquals(CommandGuard.Reason.BAD_SIGNATURE, refusal(TOPIC, o.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unsigned_unknown_key_and_malformed_commands_are_refused_with_their_reasons() throws Exception {
        ObjectNode o = (ObjectNode) new ObjectMapper().readTree(signed(TOPIC, KEY, NOW, "nonce-0008"));
        o.remove("sig");
        assertEquals(CommandGuard.Reason.UNSIGNED, refusal(TOPIC, o.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] stranger = SignedCommand.sign(TOPIC, args(), "bpbd-9", KEY, NOW, "nonce-0009");
        assertEquals(CommandGuard.Reason.UNKNOWN_KEY, refusal(TOPIC, stranger));
        assertEquals(CommandGuard.Reason.MALFORMED, refusal(TOPIC, "{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(CommandGuard.Reason.MALFORMED, refusal(TOPIC, "[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("malformed", 2L, "unsigned", 1L, "unknown-key", 1L, "stale", 0L, "bad-signature", 0L,
                "replayed", 0L, "oversized", 0L, "retained", 0L), guard.refusedCounts());
    }

    /**
     * The decision for a post whose clock is not synchronised: the window is judged by its clock all the
     * same, the refusal says why, and a replay lined up with the wrong clock is still refused.
     */
    @Test
    void a_post_with_an_unsynchronised_clock_judges_by_it_says_so_and_still_refuses_replays(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path state = dir.resolve("commands.state");
        new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120), InstantSource.fixed(NOW), state)
                .check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-0200"));
        Instant dayBehind = NOW.minus(Duration.ofDays(1)); // restarted on fake-hwclock's time, before NTP
        CommandGuard unsynced = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120),
                InstantSource.fixed(dayBehind), state, () -> id.kentongan.clock.ClockSync.State.UNSYNCHRONISED);

        CommandGuard.Refused fresh = assertThrows(CommandGuard.Refused.class,
                () -> unsynced.check(TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(60), "nonce-0201")));
        assertEquals(CommandGuard.Reason.STALE, fresh.reason);
        org.junit.jupiter.api.Assertions.assertTrue(fresh.getMessage().contains("clock is not synchronised"),
                fresh.getMessage());
        CommandGuard.Refused replay = assertThrows(CommandGuard.Refused.class,
                () -> unsynced.check(TOPIC, signed(TOPIC, KEY, dayBehind, "nonce-0150")));
        assertEquals(CommandGuard.Reason.REPLAYED, replay.reason,
                "a capture from a day ago fits the wrong clock, but is older than what was last accepted");

        CommandGuard.Refused synced = assertThrows(CommandGuard.Refused.class,
                () -> guard.check(TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(300), "nonce-0202")));
        org.junit.jupiter.api.Assertions.assertFalse(synced.getMessage().contains("synchronised"), synced.getMessage());
    }

    // ---- the window and the nonce memory (#11): skew tolerated, nothing obeyed twice ----

    String refusalText(CommandGuard g, String topic, byte[] payload) {
        return assertThrows(CommandGuard.Refused.class, () -> g.check(topic, payload)).getMessage();
    }

    @Test
    void a_command_from_119_s_in_the_future_does_not_lock_its_key_out() throws Exception {
        guard.check(TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(119), "nonce-future"));
        guard.check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-normal"));
        guard.check(TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(1), "nonce-next"));
    }

    @Test
    void two_consoles_sharing_a_key_with_clocks_a_minute_apart_are_both_obeyed_in_any_order() throws Exception {
        for (int i = 0; i < 5; i++) {
            guard.check(TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(60 - i), "ahead-000" + i));
            guard.check(TOPIC, signed(TOPIC, KEY, NOW.minusSeconds(60 + i), "behind-00" + i));
        }
        assertEquals(0L, guard.refusedCounts().get("replayed"));
    }

    @Test
    void a_stale_command_says_which_clock_is_ahead_and_by_how_much() {
        assertTrue(refusalText(guard, TOPIC, signed(TOPIC, KEY, NOW.plusSeconds(300), "nonce-ahead"))
                .startsWith("stale: centre clock ahead by 300 s"));
        assertTrue(refusalText(guard, TOPIC, signed(TOPIC, KEY, NOW.minusSeconds(600), "nonce-behind"))
                .startsWith("stale: centre clock behind by 600 s"));
        assertEquals(2L, guard.refusedCounts().get("stale"));
    }

    @Test
    void a_replay_after_the_window_is_stale_and_after_a_step_back_of_the_post_clock_still_refused() throws Exception {
        Instant[] now = {NOW};
        CommandGuard g = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120), () -> now[0]);
        byte[] p = signed(TOPIC, KEY, NOW, "nonce-once");
        g.check(TOPIC, p);
        now[0] = NOW.plusSeconds(200);
        g.check(TOPIC, signed(TOPIC, KEY, now[0], "nonce-later")); // the first is forgotten now
        assertEquals(CommandGuard.Reason.STALE, refusal(g, p));
        now[0] = NOW.plusSeconds(30); // NTP steps the post's clock back: the first fits the window again
        String why = refusalText(g, TOPIC, p);
        assertTrue(why.startsWith("replayed: older than the commands from 'polsek-1'"), why);
    }

    @Test
    void nonces_are_remembered_across_a_restart_in_the_state_directory(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("commands.state");
        byte[] future = signed(TOPIC, KEY, NOW.plusSeconds(100), "nonce-persisted");
        new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120), InstantSource.fixed(NOW), state)
                .check(TOPIC, future);
        CommandGuard restarted = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120),
                InstantSource.fixed(NOW.plusSeconds(5)), state);
        assertEquals("replayed: nonce already used", refusalText(restarted, TOPIC, future));
        restarted.check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-earlier")); // older than the future one: fine
        assertFalse(Files.exists(dir.resolve("commands.state.new")), "written through a temporary file");
    }

    @Test
    void an_unreadable_memory_refuses_everything_timed_before_the_start(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("commands.state");
        Files.writeString(state, "{\"floors\": [tor");
        CommandGuard g = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120), InstantSource.fixed(NOW),
                state);
        assertEquals(CommandGuard.Reason.REPLAYED, refusal(g, signed(TOPIC, KEY, NOW.minusSeconds(1), "nonce-before")));
        g.check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-at-start"));
    }

    @Test
    void the_record_of_the_form_before_nonces_is_read_as_each_keys_floor(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("commands.state");
        Files.writeString(state, "polsek-1 " + NOW.minusSeconds(10) + "\n");
        CommandGuard g = new CommandGuard(Map.of("polsek-1", KEY), Duration.ofSeconds(120), InstantSource.fixed(NOW),
                state);
        assertEquals(CommandGuard.Reason.REPLAYED, refusal(g, signed(TOPIC, KEY, NOW.minusSeconds(10), "nonce-old-1")));
        g.check(TOPIC, signed(TOPIC, KEY, NOW.minusSeconds(9), "nonce-old-2"));
    }

    @Test
    void a_full_memory_forgets_the_earliest_command_and_refuses_its_replay_by_the_floor() throws Exception {
        Instant first = NOW.minusSeconds(110);
        byte[] earliest = signed(TOPIC, KEY, first, "nonce-earliest");
        guard.check(TOPIC, earliest);
        for (int i = 0; i < ReplayMemory.CAPACITY; i++) {
            guard.check(TOPIC, signed(TOPIC, KEY, first.plusMillis(1 + i), String.format("nonce-%06d", i)));
        }
        String why = refusalText(guard, TOPIC, earliest);
        assertTrue(why.startsWith("replayed: older than"), why);
        guard.check(TOPIC, signed(TOPIC, KEY, NOW, "nonce-after-the-flood"));
    }

    CommandGuard.Reason refusal(CommandGuard g, byte[] payload) {
        return assertThrows(CommandGuard.Refused.class, () -> g.check(TOPIC, payload)).reason;
    }

    // ---- bounded, authenticated before parsed, strict (#11) ----

    static byte[] raw(String args, String nonce) {
        return SignedCommand.signRaw(TOPIC, args.getBytes(StandardCharsets.UTF_8), "polsek-1", KEY, NOW.toString(),
                nonce);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void the_signature_covers_the_arguments_bytes_as_sent_so_a_respaced_copy_is_forged() throws Exception {
        byte[] spaced = raw("{ \"refs\" : [\"KTG-desa-pos-1-1-7\"] }", "nonce-spaced");
        assertEquals("KTG-desa-pos-1-1-7", guard.check(TOPIC, spaced).args().path("refs").get(0).asText());
        String tight = new String(raw("{\"refs\":[\"KTG-desa-pos-1-1-7\"]}", "nonce-tight"), StandardCharsets.UTF_8);
        byte[] respaced = utf8(tight.replace("{\"refs\":[", "{ \"refs\":["));
        assertEquals("bad-signature: signature does not match", refusalText(guard, TOPIC, respaced));
    }

    @Test
    void forged_arguments_are_never_parsed_only_signed_ones_are_and_strictly() {
        String dup = "{\"refs\":[\"a\"],\"refs\":[\"b\"]}";
        String zeros = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        byte[] forged = utf8(new String(raw(dup, "nonce-dup-1"), StandardCharsets.UTF_8)
                .replaceAll("\"sig\":\"[^\"]+\"", "\"sig\":\"" + zeros + "\""));
        assertEquals("bad-signature: signature does not match", refusalText(guard, TOPIC, forged));
        assertEquals("malformed: duplicate key 'refs' in args", refusalText(guard, TOPIC, raw(dup, "nonce-dup-2")));
        assertEquals("malformed: duplicate key 'zones' in args.where", refusalText(guard, TOPIC,
                raw("{\"where\":{\"zones\":1,\"zones\":2}}", "nonce-dup-3")));
        String deep = "[".repeat(20) + "]".repeat(20);
        assertTrue(refusalText(guard, TOPIC, raw("{\"a\":" + deep + "}", "nonce-deep"))
                .startsWith("malformed: nested deeper than 16"));
    }

    @Test
    void the_envelope_is_read_strictly_with_precise_reasons() {
        String good = new String(signed(TOPIC, KEY, NOW, "nonce-strict"), StandardCharsets.UTF_8);
        assertEquals("malformed: duplicate key 'ts'", refusalText(guard, TOPIC,
                utf8(good.replace("{\"key_id\"", "{\"ts\":\"x\",\"key_id\""))));
        assertEquals("malformed: trailing data after the object", refusalText(guard, TOPIC, utf8(good + "{}")));
        assertTrue(refusalText(guard, TOPIC, utf8(good + " garbage")).startsWith("malformed: not JSON at byte"));
        assertTrue(refusalText(guard, TOPIC, utf8(good.replaceAll("\"ts\":\"[^\"]+\"", "\"ts\":")))
                .startsWith("malformed: not JSON at byte"), "a key with no value");
        assertEquals("malformed: missing 'ts'", refusalText(guard, TOPIC,
                utf8(good.replaceAll("\"ts\":\"[^\"]+\",", ""))));
        assertEquals("malformed: 'ts' must be a string", refusalText(guard, TOPIC,
                utf8(good.replaceAll("\"ts\":\"[^\"]+\"", "\"ts\":1"))));
        assertEquals("malformed: unknown key 'verb' (key_id, ts, nonce, args, sig)", refusalText(guard, TOPIC,
                utf8(good.replace("{\"key_id\"", "{\"verb\":\"alert\",\"key_id\""))));
        assertEquals("malformed: 'args' must be an object", refusalText(guard, TOPIC,
                utf8(good.replaceAll("\"args\":\\{[^}]*\\}", "\"args\":[]"))));
        assertTrue(refusalText(guard, TOPIC, utf8(good.substring(0, good.length() - 3)))
                .startsWith("malformed: JSON cut short"));
        assertEquals(9L, guard.refusedCounts().get("malformed"));
    }

    @Test
    void payloads_over_their_limit_are_refused_before_they_are_read() {
        byte[] big = new byte[CommandGuard.COMMAND_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '{');
        assertEquals("oversized: 16,385 bytes, over the limit of 16,384 bytes for a command",
                refusalText(guard, TOPIC, big));
        String cap = "kentongan/v1/desa/all/cmd/cap";
        byte[] hugeCap = new byte[CommandGuard.CAP_COMMAND_BYTES + 1];
        assertTrue(refusalText(guard, cap, hugeCap).contains("not embedded resources"));
        assertEquals(2L, guard.refusedCounts().get("oversized"));
    }

    @Test
    void a_cap_command_of_a_hundred_kilobytes_is_within_its_limit() throws Exception {
        String cap = "kentongan/v1/desa/all/cmd/cap";
        ObjectNode a = new ObjectMapper().createObjectNode();
        a.put("xml", "<alert>" + "x".repeat(100_000) + "</alert>");
        assertEquals(100_015, guard.check(cap, SignedCommand.sign(cap, a, "polsek-1", KEY, NOW, "nonce-cap-1"))
                .args().path("xml").asText().length());
    }

    @Test
    void arguments_no_command_has_or_of_the_wrong_type_or_missing_are_refused() {
        String alert = "kentongan/v1/desa/pos-1/cmd/alert";
        ObjectNode typo = new ObjectMapper().createObjectNode().put("kind", "flood").put("zone", "rw05-sungai");
        assertEquals("malformed: unknown argument 'zone' (refs, kind, pattern, zones, from, to, xml)",
                refusalText(guard, alert, SignedCommand.sign(alert, typo, "polsek-1", KEY, NOW, "nonce-typo")));
        ObjectNode number = new ObjectMapper().createObjectNode().put("kind", 7);
        assertEquals("malformed: 'kind' must be a string",
                refusalText(guard, alert, SignedCommand.sign(alert, number, "polsek-1", KEY, NOW, "nonce-kind")));
        String replay = "kentongan/v1/desa/pos-1/cmd/replay";
        ObjectNode half = new ObjectMapper().createObjectNode().put("from", 5).put("to", "9");
        assertEquals("malformed: 'to' must be a whole number",
                refusalText(guard, replay, SignedCommand.sign(replay, half, "polsek-1", KEY, NOW, "nonce-rep")));
        String cap = "kentongan/v1/desa/all/cmd/cap";
        assertEquals("malformed: 'xml' is required: the CAP 1.2 alert as XML", refusalText(guard, cap,
                SignedCommand.sign(cap, new ObjectMapper().createObjectNode(), "polsek-1", KEY, NOW, "nonce-nocap")));
        assertEquals(4L, guard.refusedCounts().get("malformed"));
    }
}
