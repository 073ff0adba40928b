package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.clock.ClockSync;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole night of ronda on a hand-moved clock (#14): a shift nobody comes to, a night walked with one
 * round missed and resumed, a restart in the middle of the shift, a clock jump, and the cards and
 * checkpoints the watch does not know. The loop is stepped by hand, a second a turn.
 */
class WatchLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1, timezone: Asia/Jakarta }
            zones: [z1, sungai]
            inputs:
              - { id: panic-1, pin: 17 }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            rules:
              - { input: panic-1, kind: panic, outputs: [siren-1] }
            field:
              nodes:
                - { id: cp-sungai, zone: sungai, events: [checkpoint], heartbeat: 8h, silent_after: 24h }
                - { id: cp-masjid, zone: z1, events: [checkpoint], heartbeat: 8h, silent_after: 24h }
                - { id: cp-lain, zone: z1, events: [checkpoint], heartbeat: 8h, silent_after: 24h }
            ronda:
              shifts:
                - { id: malam, start: "22:00", end: "04:00" }
              grace: 15m
              roster: { mon: [budi, agus] }
              checkpoints:
                - { node: cp-sungai, place: "Tepi sungai", every: 45m }
                - { node: cp-masjid, place: "Masjid", every: 60m }
            """;
    static final int SUNGAI = 0;
    static final int MASJID = 1;
    static final int LAIN = 2;
    static final Map<String, String> CARDS = Map.of("04A1B2C3", "budi", "04D4E5F6", "agus");
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    static final long S = TimeUnit.SECONDS.toNanos(1);
    static final long START = 1_000_000_000L;
    /** Monday 30 November 2026, 21:00 at the post. */
    static final long T0 = LocalDateTime.of(2026, 11, 30, 21, 0).atZone(WIB).toInstant().toEpochMilli();

    final List<Event> journaled = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    long now = START;
    long jumpMillis;
    ClockSync.State sync = ClockSync.State.SYNCHRONISED;
    Inbox inbox;
    DispatchLoop loop;

    void start() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        UplinkSink uplink = e -> { };
        loop = new DispatchLoop(profile.toSite(), 1, journaled.isEmpty() ? 0 : journaled.getLast().seq(), inbox,
                (o, on) -> { }, journaled::add, uplink,
                () -> Instant.ofEpochMilli(T0 + (now - START) / 1_000_000 + jumpMillis), () -> now);
        loop.judgeClockWith(() -> sync);
        loop.knowGuards(CARDS);
        loop.restoreOpenAlerts(List.copyOf(journaled));
        loop.runPending(now);
    }

    /** Runs the loop a second a turn until the post's clock (unjumped) shows {@code hhmm} (past midnight: the next day). */
    void until(String hhmm) {
        long target = at(hhmm);
        while (now < target) {
            now += S;
            loop.runPending(now);
        }
    }

    /** Nano time at which the unjumped clock shows {@code hhmm} this night. */
    static long at(String hhmm) {
        String[] p = hhmm.split(":");
        LocalDateTime t = LocalDateTime.of(2026, 11, 30, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        if (t.getHour() < 12) {
            t = t.plusDays(1);
        }
        long ms = t.atZone(WIB).toInstant().toEpochMilli() - T0;
        return START + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    void tap(String card) {
        inbox.offer(new Input.CardTap(card));
        loop.runPending(now);
    }

    void text(String guard) {
        inbox.offer(new Input.RondaText(guard));
        loop.runPending(now);
    }

    void checkpoint(int node, String card) {
        inbox.offer(new Input.FieldEvent(node, "1/" + now, AlertKind.CHECKPOINT, null, new FieldReply() {
            @Override
            public void accepted(long seq, String identifier, boolean fresh) {
            }

            @Override
            public void refused(String reason) {
                WatchLoopTest.this.refused.add(reason);
            }
        }, card));
        loop.runPending(now);
    }

    /** The journal keeps one event per source and source reference (a node's retries): so must the watch. */
    void assertJournalable() {
        List<String> keys = journaled.stream().filter(e -> e.sourceRef() != null)
                .map(e -> e.source() + " " + e.sourceRef()).toList();
        assertEquals(keys.size(), new java.util.HashSet<>(keys).size(), "(source, source_ref) unique: " + keys);
    }

    List<Event> ofKind(AlertKind kind) {
        return journaled.stream().filter(e -> e.kind() == kind).toList();
    }

    LoopStatus.RondaView status() throws Exception {
        CompletableFuture<LoopStatus> f = new CompletableFuture<>();
        inbox.offer(new Input.StatusQuery(f));
        loop.runPending(now);
        return f.get().ronda();
    }

    String wallTime(Event e) {
        return Instant.ofEpochMilli(e.sentMillis()).atZone(WIB).toLocalTime().toString();
    }

    @Test
    void a_shift_nobody_comes_to_raises_one_shift_unmanned_at_its_start_plus_grace() throws Exception {
        start();
        until("22:14");
        assertEquals(List.of(), ofKind(AlertKind.SHIFT_UNMANNED), "within the grace period");
        until("04:30");
        List<Event> unmanned = ofKind(AlertKind.SHIFT_UNMANNED);
        assertEquals(1, unmanned.size(), "one for the shift, however long it stays empty");
        assertEquals("22:15", wallTime(unmanned.get(0)));
        assertEquals("malam@2026-11-30", Watch.ref(unmanned.get(0)));
        assertEquals(List.of(), ofKind(AlertKind.ROUND_MISSED), "an empty post is not also a missed round per checkpoint");
    }

    @Test
    void a_night_walked_with_one_round_missed_gives_one_missed_and_one_resumed() throws Exception {
        start();
        until("21:55");
        tap("04A1B2C3");                            // budi signs on at the post by card
        until("22:05");
        text("agus");                               // agus by SMS
        assertEquals(List.of("budi", "agus"), ofKind(AlertKind.SIGN_ON).stream().map(Event::source).toList());
        assertEquals(List.of("card", "sms"), ofKind(AlertKind.SIGN_ON).stream().map(Event::text).toList());
        // the river every 40 minutes all night; the mosque at 22:40, then not until 00:10 (due 23:40)
        List<String> river = List.of("22:30", "23:10", "23:50", "00:30", "01:10", "01:50", "02:30", "03:10", "03:50");
        List<String> mosque = List.of("22:40", "00:10", "01:05", "02:00", "02:55", "03:45"); // 22:40 to 00:10: late
        List<String> walk = new ArrayList<>(river);
        walk.addAll(mosque);
        walk.sort((a, b) -> Long.compare(at(a), at(b)));
        for (String t : walk) {
            until(t);
            checkpoint(river.contains(t) ? SUNGAI : MASJID, river.contains(t) ? "04A1B2C3" : "04D4E5F6");
        }
        until("04:10");
        List<Event> missed = ofKind(AlertKind.ROUND_MISSED);
        assertEquals(1, missed.size(), missed.toString());
        assertEquals("cp-masjid", missed.get(0).source());
        assertEquals("Masjid", missed.get(0).text(), "the alert names the place");
        assertEquals("23:40", wallTime(missed.get(0)));
        List<Event> resumed = ofKind(AlertKind.ROUND_RESUMED);
        assertEquals(1, resumed.size());
        assertEquals("00:10", wallTime(resumed.get(0)));
        assertEquals(List.of(missed.get(0).identifier()), CapJson.referencedIdentifiers(resumed.get(0).references()));
        assertEquals(List.of(), ofKind(AlertKind.SHIFT_UNMANNED));
        assertEquals(15, ofKind(AlertKind.CHECKPOINT).size(), "every visit journaled");
        assertEquals("agus", ofKind(AlertKind.CHECKPOINT).get(1).source(), "with the guard's short name");
        List<Event> off = ofKind(AlertKind.SIGN_OFF);
        assertEquals(List.of("budi", "agus"), off.stream().map(Event::source).toList(), "signed off at the shift's end");
        assertEquals("04:00", wallTime(off.get(0)));
        assertEquals("shift-end", off.get(0).text());
        assertJournalable();
    }

    @Test
    void a_restart_in_the_middle_of_the_shift_keeps_who_is_on_and_the_rounds() throws Exception {
        start();
        until("22:02");
        tap("04A1B2C3");
        until("22:20");
        checkpoint(SUNGAI, "04A1B2C3");
        until("22:50");
        checkpoint(SUNGAI, "04A1B2C3");
        until("23:10");                             // the mosque was due at 23:02
        assertEquals(1, ofKind(AlertKind.ROUND_MISSED).size());
        loop.stop();

        now += 30 * S;                             // down half a minute, the journal kept
        start();
        LoopStatus.RondaView r = status();
        assertEquals(List.of("budi"), r.on().stream().map(LoopStatus.GuardView::guard).toList());
        assertEquals("budi", r.checkpoints().get(SUNGAI).lastGuard());
        assertTrue(r.checkpoints().get(SUNGAI).lastVisitMillis() > 0);
        assertTrue(r.checkpoints().get(MASJID).missed(), "the missed round is still open after the restart");
        until("23:30");
        assertEquals(1, ofKind(AlertKind.ROUND_MISSED).size(), "not raised again after the restart");
        assertEquals(List.of(), ofKind(AlertKind.SHIFT_UNMANNED), "someone is on: restored from the journal");
        checkpoint(MASJID, "04A1B2C3");
        assertEquals(1, ofKind(AlertKind.ROUND_RESUMED).size(), "the round missed before the restart resumes");
        text("budi");                               // off and on again in the same shift
        text("budi");
        assertEquals(List.of("budi", "budi"), ofKind(AlertKind.SIGN_ON).stream().map(Event::source).toList());
        assertJournalable();
    }

    @Test
    void a_guard_of_a_shift_that_ended_while_the_post_was_down_is_signed_off_at_restart() throws Exception {
        start();
        until("22:05");
        tap("04A1B2C3");
        until("03:00");
        loop.stop();

        now = at("05:00");                         // down across the shift's end at 04:00
        start();
        assertEquals(List.of("budi"), ofKind(AlertKind.SIGN_OFF).stream().map(Event::source).toList());
        assertEquals("shift-end", ofKind(AlertKind.SIGN_OFF).get(0).text());
        assertEquals(List.of(), status().on());
        assertJournalable();
    }

    @Test
    void a_clock_jump_raises_no_false_alerts_and_the_watch_says_it_is_not_judged() throws Exception {
        start();
        until("22:01");
        tap("04A1B2C3");
        until("22:30");
        checkpoint(SUNGAI, "04A1B2C3");
        checkpoint(MASJID, "04A1B2C3");
        jumpMillis = TimeUnit.HOURS.toMillis(7); // the wall clock says 05:30: past the shift's end
        until("22:50");
        assertFalse(status().judged(), "a shift is a time of day: not judged on a clock not known to be right");
        assertEquals(List.of(), ofKind(AlertKind.SIGN_OFF), "nobody signed off by a jump");
        assertEquals(List.of(), ofKind(AlertKind.ROUND_MISSED));
        assertEquals(List.of(), ofKind(AlertKind.SHIFT_UNMANNED));
        assertEquals(1, ofKind(AlertKind.CLOCK_JUMPED).size());
    }

    @Test
    void unknown_cards_and_checkpoints_are_refused_and_counted() throws Exception {
        start();
        until("22:01");
        tap("DEADBEEF");
        checkpoint(SUNGAI, "DEADBEEF");
        checkpoint(LAIN, "04A1B2C3");
        LoopStatus.RondaView r = status();
        assertEquals(2, r.refusedCards());
        assertEquals(1, r.refusedCheckpoints());
        assertEquals(List.of("unknown card", "this node is no checkpoint of the watch"), refused);
        assertEquals(List.of(), ofKind(AlertKind.SIGN_ON));
        assertEquals(List.of(), ofKind(AlertKind.CHECKPOINT));
        assertEquals(List.of("budi", "agus"), r.roster(), "tonight's roster");
        assertEquals("malam@2026-11-30", r.shift());
        assertNotNull(r.checkpoints().get(MASJID).place());
    }
}
