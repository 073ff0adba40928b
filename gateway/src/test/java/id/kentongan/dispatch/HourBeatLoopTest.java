package id.kentongan.dispatch;

import id.kentongan.alert.Event;
import id.kentongan.clock.ClockSync;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch's routine beats (#14) on a hand-moved clock: a sign-on is answered with one round of the
 * profile's pattern on the beat output, each hour of a kept watch with one more; never at an empty post,
 * never while an alert sounds, and an alarm or the guard's silence stops them at once. The outputs are
 * read as the hardware sees them, a write at a time.
 */
class HourBeatLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1, timezone: Asia/Jakarta }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17, debounce: 20ms }
              - { id: silence, pin: 25, role: silence, debounce: 20ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
              - { id: kentongan, pin: 12, role: beat }
            patterns:
              jam: { type: beats, count: 3, on: 200ms, off: 400ms, pause: 2s }
            rules:
              - { input: panic-1, kind: panic, outputs: [siren-1], max_sounding: 10m }
            ronda:
              shifts:
                - { id: malam, start: "22:00", end: "04:00" }
              roster: { mon: [budi] }
              hour_beat: { pattern: jam, output: kentongan }
            """;
    static final int SIREN = 0;
    static final int BEAT = 1;
    static final int PANIC = 0;
    static final int SILENCE = 1;
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long START = 1_000_000_000L;
    /** Monday 30 November 2026, 21:59 at the post. */
    static final long T0 = LocalDateTime.of(2026, 11, 30, 21, 59).atZone(WIB).toInstant().toEpochMilli();

    /** Each output's rising edges (beats struck), and its level now. */
    final int[] strokes = new int[2];
    final boolean[] level = new boolean[2];
    final List<Event> journaled = new ArrayList<>();
    Inbox inbox;
    DispatchLoop loop;
    long now = START;

    @BeforeEach
    void start() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (o, on) -> {
            if (on && !level[o]) {
                strokes[o]++;
            }
            level[o] = on;
        }, journaled::add, e -> { }, () -> Instant.ofEpochMilli(T0 + (now - START) / 1_000_000), () -> now);
        loop.judgeClockWith(() -> ClockSync.State.SYNCHRONISED);
        loop.knowGuards(Map.of("04A1B2C3", "budi"));
        loop.restoreOpenAlerts(List.of());
        loop.runPending(now);
    }

    /** Runs the loop 50 ms a turn for {@code millis}. */
    void run(long millis) {
        long until = now + millis * MS;
        while (now < until) {
            now += 50 * MS;
            loop.runPending(now);
        }
    }

    void tap() {
        inbox.offer(new Input.CardTap("04A1B2C3"));
        loop.runPending(now);
    }

    void press(int input) {
        inbox.offer(new Input.Edge(input, true, now));
        loop.runPending(now);
        run(100);
        inbox.offer(new Input.Edge(input, false, now));
        loop.runPending(now);
    }

    @Test
    void a_sign_on_and_each_hour_of_a_kept_watch_are_one_round_of_beats_on_the_beat_output_only() {
        run(TimeUnit.MINUTES.toMillis(2)); // 22:01: the shift is under way, nobody on
        assertEquals(0, strokes[BEAT], "no beats for an empty post");
        tap();
        assertTrue(level[BEAT], "the sign-on is answered at once");
        run(5_000);
        assertEquals(3, strokes[BEAT], "one round: three beats");
        assertFalse(level[BEAT], "and quiet after it");
        run(TimeUnit.MINUTES.toMillis(59)); // past 23:00
        assertEquals(6, strokes[BEAT], "the hour: one more round, once");
        assertEquals(0, strokes[SIREN], "never on the siren");
    }

    @Test
    void no_beat_while_an_alert_sounds_and_an_alarm_or_the_silence_stops_them_at_once() {
        run(TimeUnit.MINUTES.toMillis(2));
        tap();
        run(300); // within the first beats
        press(PANIC);
        assertTrue(level[SIREN]);
        assertFalse(level[BEAT], "the alarm stops the beats at once");
        press(SILENCE);
        int struck = strokes[BEAT];
        run(TimeUnit.MINUTES.toMillis(54)); // 22:55
        press(PANIC);
        run(TimeUnit.MINUTES.toMillis(6)); // 23:01, the siren still sounding (its limit is 10 minutes)
        assertTrue(level[SIREN] || strokes[SIREN] > 2, "the alarm still sounds");
        assertEquals(struck, strokes[BEAT], "no hour beaten into an alarm");
        press(SILENCE);
        assertFalse(level[SIREN]);
        run(TimeUnit.MINUTES.toMillis(60)); // midnight, all quiet: the hour is beaten again
        assertEquals(struck + 3, strokes[BEAT]);
        inbox.offer(new Input.CardTap("04A1B2C3")); // budi off (the post is no checkpoint)
        loop.runPending(now);
        inbox.offer(new Input.CardTap("04A1B2C3")); // and on again: beats, which the silence stops
        loop.runPending(now);
        assertTrue(level[BEAT]);
        press(SILENCE);
        assertFalse(level[BEAT], "the guard's silence stops the beats too");
    }
}
