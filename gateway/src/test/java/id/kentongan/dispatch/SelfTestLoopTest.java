package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled self-tests (#16) on hand-moved clocks, in the post's time zone (Asia/Jakarta, no daylight
 * saving): a test runs at its time, silently (the siren's supply cut while its relay is driven), every
 * day across midnight; it is postponed, not skipped, while an alert sounds, and gives the sirens up at
 * once to an alert that comes while it runs; a restart never runs a slot twice and runs a missed one
 * once; a broken feedback fails the test.
 */
class SelfTestLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1, timezone: Asia/Jakarta }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17 }
              - { id: silence, pin: 25, role: silence }
              - { id: siren-fb, pin: 20, role: feedback }
            outputs:
              - { id: siren-1, pin: 5, role: siren, feedback: siren-fb, settle: 300ms, supply: siren-power }
              - { id: siren-power, pin: 26, role: supply-cut }
            rules:
              - { input: panic-1, kind: panic, pattern: steady, outputs: [siren-1], max_sounding: 10m }
            selftest:
              circuit: { every: "daily at 03:00", method: silent }
            """;
    static final int PANIC = 0;
    static final int SILENCE = 1;
    static final int SIREN = 0;
    static final int SUPPLY = 1;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<Event> journaled = new ArrayList<>();
    final boolean[] out = new boolean[2];
    /** Whether the siren's supply was cut each time the siren was driven on. */
    final List<Boolean> drivenWithSupplyCut = new ArrayList<>();
    boolean contactBroken;
    String profileText = PROFILE;
    Inbox inbox;
    DispatchLoop loop;
    long now = 5_000_000_000L;
    /** 02:59:00 in Jakarta (UTC+7). */
    long wall = Instant.parse("2026-12-01T19:59:00Z").toEpochMilli();

    @BeforeEach
    void setUp() throws Exception {
        start(Map.of());
    }

    void start(Map<String, String[]> restored) throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(profileText));
        inbox = new Inbox(64);
        loop = new DispatchLoop(profile.toSite(), 1, journaled.size(), inbox, (o, on) -> {
            if (o == SIREN && out[o] != on && !contactBroken) {
                inbox.offer(new Input.Edge(2, on, now)); // the contact's edge, as the GPIO gives it
            }
            out[o] = on;
            if (o == SIREN && on) {
                drivenWithSupplyCut.add(out[SUPPLY]);
            }
        }, journaled::add, e -> { }, () -> Instant.ofEpochMilli(wall), () -> now);
        loop.readLinesWith(i -> i == 2 && !contactBroken && out[SIREN]); // the relay's contact follows its coil
        loop.restoreSelfTests(restored);
        loop.allOff();
        loop.runPending(now);
    }

    /** Moves both clocks by {@code ms}, the loop turning every {@code step} ms. */
    void advance(long ms, long step) {
        for (long t = 0; t < ms; t += step) {
            long d = Math.min(step, ms - t);
            now += d * MS;
            wall += d;
            loop.runPending(now);
        }
    }

    void advance(long ms) {
        advance(ms, 50);
    }

    void press(int input) {
        inbox.offer(new Input.Edge(input, true, now));
        advance(50);
        inbox.offer(new Input.Edge(input, false, now));
        advance(50);
    }

    List<Event> record() {
        return journaled.stream().filter(e -> e.kind() == AlertKind.SELF_TEST_PASSED
                || e.kind() == AlertKind.SELF_TEST_FAILED || e.kind() == AlertKind.SELF_TEST_POSTPONED).toList();
    }

    String slot(int i) {
        return SupervisionRules.slotOf(record().get(i).sourceRef());
    }

    List<AlertKind> recordKinds() {
        return record().stream().map(Event::kind).toList();
    }

    @Test
    void the_test_runs_at_its_time_silently_and_again_the_next_day_across_midnight() {
        advance(59_000, 1000);
        assertEquals(List.of(), recordKinds(), "not before 03:00 in Jakarta");
        advance(1100);
        assertTrue(out[SIREN] && out[SUPPLY], "the siren's relay driven with its supply cut");
        advance(2000);
        assertFalse(out[SUPPLY], "the supply is back after the test");
        assertFalse(out[SIREN]);
        assertEquals(List.of(AlertKind.SELF_TEST_PASSED), recordKinds());
        assertEquals("2026-12-02T03:00", slot(0), "the slot, in the post's time");
        assertEquals(List.of(true), drivenWithSupplyCut, "nobody heard it");
        advance(TimeUnit.HOURS.toMillis(24) - 3000, 60_000);
        assertEquals(1, record().size(), "once a day, not each turn");
        advance(10_000, 100);
        assertEquals(List.of(AlertKind.SELF_TEST_PASSED, AlertKind.SELF_TEST_PASSED), recordKinds());
        assertEquals("2026-12-03T03:00", slot(1));
        assertTrue(journaled.stream().noneMatch(e -> e.kind() == AlertKind.SIREN_FAULT));
    }

    @Test
    void a_test_due_while_an_alert_sounds_is_postponed_once_and_runs_when_the_post_is_quiet() {
        advance(50_000, 1000);
        press(PANIC);
        advance(10 * 60_000 - 60_000, 1000); // the siren sounds past 03:00
        assertEquals(List.of(AlertKind.SELF_TEST_POSTPONED), recordKinds(), "journaled once, not skipped");
        assertTrue(out[SIREN]);
        assertFalse(out[SUPPLY], "the alert's siren keeps its supply");
        press(SILENCE);
        advance(3000);
        assertEquals(List.of(AlertKind.SELF_TEST_POSTPONED, AlertKind.SELF_TEST_PASSED), recordKinds());
        assertEquals("2026-12-02T03:00", slot(1), "the postponed slot, run late");
        assertEquals(2, record().stream().map(e -> e.source() + " " + e.sourceRef()).distinct().count(),
                "each record its own (source, ref): the journal holds that pair unique");
    }

    @Test
    void an_alert_during_the_test_takes_the_siren_with_its_supply_at_once() {
        advance(60_050, 50);
        assertTrue(out[SUPPLY], "the test is running");
        press(PANIC);
        assertTrue(out[SIREN], "the alarm sounds");
        assertFalse(out[SUPPLY], "with its supply: the test gave it up");
        assertEquals(List.of(AlertKind.SELF_TEST_POSTPONED), recordKinds());
        advance(5000);
        assertTrue(out[SIREN], "the test's end does not stop the alarm's siren");
        press(SILENCE);
        advance(3000);
        assertEquals(List.of(AlertKind.SELF_TEST_POSTPONED, AlertKind.SELF_TEST_PASSED), recordKinds());
    }

    @Test
    void a_restart_never_runs_a_slot_twice_and_runs_a_missed_one_once() throws Exception {
        advance(63_000);
        assertEquals(List.of(AlertKind.SELF_TEST_PASSED), recordKinds());
        start(Map.of("circuit", new String[] {"2026-12-02T03:00", "passed"})); // the gateway restarts at 03:01
        advance(60_000, 1000);
        assertEquals(1, record().size(), "the slot it read back from the journal is not run again");

        journaled.clear();
        wall = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli(); // off for two days: 17:00 on the 3rd
        start(Map.of("circuit", new String[] {"2026-12-02T03:00", "passed"}));
        advance(3000);
        assertEquals(List.of(AlertKind.SELF_TEST_PASSED), recordKinds(), "the missed test runs once, at start");
        assertEquals("2026-12-03T03:00", slot(0), "for the latest slot it missed");
        advance(TimeUnit.HOURS.toMillis(9), 60_000);
        assertEquals(1, record().size(), "not again before its time");
        advance(TimeUnit.HOURS.toMillis(1), 1000); // 04:00 on the 4th
        assertEquals(2, record().size());
    }

    @Test
    void a_clock_put_back_days_does_not_make_the_test_wait_days() throws Exception {
        wall = Instant.parse("2026-12-09T19:59:00Z").toEpochMilli(); // a stale clock, a week ahead, at start
        start(Map.of());
        advance(5000, 1000);
        wall = Instant.parse("2026-12-01T19:59:00Z").toEpochMilli(); // the time is put right: 02:59 on the 2nd
        advance(61_000 + 3000, 100);
        assertEquals(List.of(AlertKind.SELF_TEST_PASSED), recordKinds(), "at 03:00 by the right clock");
        assertEquals("2026-12-02T03:00", slot(0));
    }

    @Test
    void a_broken_contact_fails_the_test_with_a_siren_fault_naming_the_siren() {
        contactBroken = true;
        advance(63_000);
        assertEquals(List.of(AlertKind.SELF_TEST_FAILED), recordKinds());
        assertEquals(1.0, record().get(0).value(), "one siren failed");
        Event fault = journaled.stream().filter(e -> e.kind() == AlertKind.SIREN_FAULT).findFirst().orElseThrow();
        assertEquals("siren-1", fault.source());
        assertFalse(out[SUPPLY]);
    }

    @Test
    void the_audible_test_plays_the_test_pattern_announced_as_a_test_and_judges_every_beat() throws Exception {
        profileText = PROFILE + "  audible: { every: \"first wednesday of the month at 03:30\", duration: 5s }\n";
        start(Map.of()); // 02:59 on Wednesday 2 December, the month's first
        advance(31 * 60_000 + 1000, 100);
        List<Event> sounded = journaled.stream().filter(e -> e.kind() == AlertKind.SELF_TEST).toList();
        assertEquals(1, sounded.size());
        assertEquals(Event.CapStatus.Test, sounded.get(0).status(), "announced to the centre as a test");
        assertTrue(drivenWithSupplyCut.stream().filter(c -> !c).count() >= 1, "heard: the supply is on");
        advance(10_000, 50);
        assertEquals(List.of(AlertKind.SELF_TEST_PASSED, AlertKind.SELF_TEST_PASSED), recordKinds());
        assertEquals("selftest:audible", record().get(1).source());
        assertEquals("2026-12-02T03:30", slot(1));
        CompletableFuture<LoopStatus> status = new CompletableFuture<>();
        inbox.offer(new Input.StatusQuery(status));
        loop.runPending(now);
        assertEquals(List.of(), status.get().alerts(), "the test, once played, is not an alert for the centre to clear");

        journaled.clear();
        contactBroken = true; // the test pattern's 100 ms beats are too short for the 300 ms settle ...
        wall = Instant.parse("2027-01-05T20:29:00Z").toEpochMilli(); // 03:29 on Wednesday 6 January
        start(Map.of("circuit", new String[] {"2027-01-06T03:00", "passed"},
                "audible", new String[] {"2026-12-02T03:30", "passed"}));
        advance(70_000, 50);
        advance(10_000, 50);
        assertEquals(List.of(AlertKind.SELF_TEST_FAILED), recordKinds(), "... but a contact that never closed fails");
        assertEquals("selftest:audible", record().get(0).source());
    }

    @Test
    void a_test_asked_for_now_answers_when_it_ends() throws Exception {
        advance(1000);
        CompletableFuture<String> answer = new CompletableFuture<>();
        inbox.offer(new Input.SelfTestNow(new CommandReply() {
            @Override
            public void accepted(String detail) {
                answer.complete(detail);
            }

            @Override
            public void rejected(String reason) {
                answer.complete("rejected: " + reason);
            }
        }));
        advance(100);
        assertTrue(out[SUPPLY] && out[SIREN]);
        assertFalse(answer.isDone());
        advance(2000);
        assertEquals("passed", answer.getNow(null));
        assertEquals("now", slot(0));
        inbox.offer(new Input.SelfTestNow(new CommandReply() {
            @Override
            public void accepted(String detail) {
            }

            @Override
            public void rejected(String reason) {
            }
        }));
        advance(3000);
        assertEquals(2, record().stream().map(Event::sourceRef).distinct().count(), "a second test now is its own record");
    }
}
