package id.kentongan.uplink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
                "replayed", 0L), guard.refusedCounts());
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
}
