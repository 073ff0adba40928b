package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residents' reports in the dispatch loop, stepped by hand: journaled as reports that sound nothing, open
 * for the guard, confirmed into an alarm with the siren, or dismissed; still open after a restart.
 */
class ReportsLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1, z2]
            inputs:
              - { id: silence, pin: 25, role: silence }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            """;

    final List<Event> journaled = new ArrayList<>();
    final boolean[] lines = new boolean[1];
    final List<String> answers = new ArrayList<>();
    Inbox inbox;
    DispatchLoop loop;
    long now = 1_000_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        loop = loop(List.of());
    }

    DispatchLoop loop(List<Event> recent) throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(64);
        DispatchLoop l = new DispatchLoop(profile.toSite(), 1, journaled.size(), inbox, (o, on) -> lines[o] = on,
                journaled::add, e -> { }, InstantSource.fixed(Instant.parse("2026-12-01T12:00:00Z")), () -> now);
        l.restoreOpenAlerts(recent);
        return l;
    }

    void step(Input in) {
        inbox.offer(in);
        loop.runPending(now);
    }

    void decide(Input.Command.Verb verb, String n) {
        step(new Input.Command(verb, List.of(n), null, null, List.of(), "post:guard", new CommandReply() {
            @Override
            public void accepted(String detail) {
                answers.add("ok: " + detail);
            }

            @Override
            public void rejected(String reason) {
                answers.add("no: " + reason);
            }
        }));
    }

    List<LoopStatus.ReportView> open() throws Exception {
        CompletableFuture<LoopStatus> s = new CompletableFuture<>();
        step(new Input.StatusQuery(s));
        return s.get().reports();
    }

    @Test
    void a_report_is_journaled_with_its_words_and_sounds_nothing() throws Exception {
        step(new Input.Report("u001", "z2", AlertKind.REPORT_FIRE, "ada asap di gang 3"));
        Event r = journaled.get(0);
        assertEquals(AlertKind.REPORT_FIRE, r.kind());
        assertEquals("sms:u001", r.source());
        assertEquals("z2", r.zone());
        assertEquals("ada asap di gang 3", r.text());
        assertFalse(lines[0], "a report never sounds a siren by itself");
        assertEquals(List.of(r.seq()), open().stream().map(LoopStatus.ReportView::seq).toList());
    }

    @Test
    void confirming_raises_its_alarm_with_the_siren_and_closes_it() throws Exception {
        step(new Input.Report("u001", "z2", AlertKind.REPORT, "maling di rumah nomor 12"));
        long seq = journaled.get(0).seq();
        decide(Input.Command.Verb.REPORT_CONFIRM, "#" + seq);
        assertEquals(List.of(AlertKind.REPORT, AlertKind.REPORT_CONFIRMED, AlertKind.INTRUSION),
                journaled.stream().map(Event::kind).toList());
        assertEquals(List.of(journaled.get(0).identifier()),
                CapJson.referencedIdentifiers(journaled.get(1).references()));
        assertEquals("post:guard", journaled.get(1).source());
        Event alarm = journaled.get(2);
        assertEquals("z2", alarm.zone());
        assertEquals("lapor:" + seq, alarm.source());
        assertTrue(lines[0], "the confirmed alarm sounds");
        assertTrue(answers.get(0).startsWith("ok: confirmed report " + seq + ": intrusion raised as "), answers.get(0));
        assertEquals(List.of(), open());
        decide(Input.Command.Verb.REPORT_CONFIRM, Long.toString(seq));
        assertEquals("no: no open report " + seq, answers.get(1), "a report is decided once");
    }

    @Test
    void dismissing_closes_it_and_a_report_not_open_is_refused_with_its_reason() throws Exception {
        step(new Input.Report("u001", "z1", AlertKind.REPORT, "orang mencurigakan"));
        decide(Input.Command.Verb.REPORT_DISMISS, "1");
        assertEquals(AlertKind.REPORT_DISMISSED, journaled.get(1).kind());
        assertEquals(List.of(), open());
        decide(Input.Command.Verb.REPORT_DISMISS, "forty");
        assertEquals("no: name one report by its number", answers.get(1));
        assertFalse(lines[0]);
    }

    @Test
    void an_undecided_report_is_still_open_after_a_restart_a_decided_one_is_not() throws Exception {
        step(new Input.Report("u001", "z1", AlertKind.REPORT, "satu"));
        step(new Input.Report("u002", "z1", AlertKind.REPORT, "dua"));
        decide(Input.Command.Verb.REPORT_DISMISS, "1");
        loop = loop(List.copyOf(journaled));
        assertEquals(List.of("dua"), open().stream().map(LoopStatus.ReportView::words).toList());
    }
}
