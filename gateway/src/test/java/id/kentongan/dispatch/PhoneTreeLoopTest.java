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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The phone tree in the dispatch loop, stepped by hand on a moved clock: levels paged in turn while
 * nobody acknowledges, an OK from a listed person stops it and lights the LED, anyone else's changes
 * nothing; and while the uplink is lost, life-safety alarms also go to the duty phone.
 */
class PhoneTreeLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1, z2]
            inputs:
              - { id: panic-1, pin: 17, debounce: 0ms }
              - { id: tamper-1, pin: 23, debounce: 0ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
              - { id: led-ack, pin: 13, role: ack-led }
            rules:
              - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1] }
              - { input: tamper-1, kind: tamper }
            uplink: { lost_after: 60s }
            sms:
              phone_tree:
                panic:
                  - { after: 1m, people: [ketua-rt] }
                  - { after: 5m, people: [ketua-rw, bhabin] }
              duty: [polsek]
            """;
    static final int PANIC = 0;
    static final int TAMPER = 1;
    static final int SIREN = 0;
    static final int LED = 1;
    static final long S = TimeUnit.SECONDS.toNanos(1);

    final List<Event> journaled = new ArrayList<>();
    final boolean[] lines = new boolean[2];
    Inbox inbox;
    DispatchLoop loop;
    long now = 1_000 * S;
    /** The wall clock moves with the loop's clock, so a restart can tell an alarm's age. */
    final InstantSource wall = () -> Instant.parse("2026-12-01T12:00:00Z").plusNanos(now);

    @BeforeEach
    void setUp() throws Exception {
        loop = loop(List.of());
    }

    DispatchLoop loop(List<Event> recent) throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1024);
        DispatchLoop l = new DispatchLoop(profile.toSite(), 1, journaled.size(), inbox, (i, on) -> lines[i] = on,
                journaled::add, e -> { }, wall, () -> now);
        l.restoreOpenAlerts(recent);
        return l;
    }

    void press(int input) {
        inbox.offer(new Input.Edge(input, true, now));
        inbox.offer(new Input.Edge(input, false, now));
        loop.runPending(now);
    }

    void uplink(boolean up) {
        inbox.offer(new Input.UplinkChanged(up));
        loop.runPending(now);
    }

    void at(long secondsAfterStart) {
        now = 1_000 * S + secondsAfterStart * S;
        loop.runPending(now);
    }

    void reply(String person, long alarm) {
        inbox.offer(new Input.Reply(person, "role of " + person, alarm));
        loop.runPending(now);
    }

    List<String> pages() {
        return journaled.stream().filter(e -> e.kind() == AlertKind.PAGED)
                .map(e -> CapJson.referencedIdentifiers(e.references()).get(0).replaceAll(".*-", "#") + " level "
                        + e.value().intValue()).toList();
    }

    @Test
    void an_alarm_nobody_acknowledges_pages_level_1_then_level_2_after_its_wait_and_no_more() {
        uplink(true);
        press(PANIC);
        at(59);
        assertEquals(List.of(), pages());
        at(60);
        assertEquals(List.of("#1 level 1"), pages());
        at(299);
        assertEquals(List.of("#1 level 1"), pages());
        at(300);
        assertEquals(List.of("#1 level 1", "#1 level 2"), pages());
        at(3600);
        assertEquals(2, pages().size(), "the tree has two levels");
        press(TAMPER);
        at(7200);
        assertEquals(2, pages().size(), "tamper has no tree");
    }

    @Test
    void an_ok_from_a_listed_person_acknowledges_lights_the_led_and_stops_the_paging_but_sounds_nothing() {
        uplink(true);
        press(PANIC);
        at(60);
        boolean sirenBefore = lines[SIREN];
        int eventsBefore = journaled.size();
        reply("bhabin", 1); // listed on level 2, not yet paged: may take it all the same
        Event ack = journaled.get(journaled.size() - 1);
        assertEquals(AlertKind.ACKNOWLEDGED, ack.kind());
        assertEquals("sms:role of bhabin", ack.source(), "names the role, never a number");
        assertEquals(eventsBefore + 1, journaled.size(), "one acknowledgement, nothing else");
        assertTrue(lines[LED], "the ack LED");
        assertEquals(sirenBefore, lines[SIREN], "a reply never sounds or silences anything");
        at(3600);
        assertEquals(List.of("#1 level 1"), pages(), "paging stopped");
    }

    @Test
    void an_ok_from_someone_not_listed_or_naming_no_open_alarm_changes_nothing() {
        uplink(true);
        press(PANIC);
        reply("polsek", -1); // the duty phone is in the register but not in panic's tree
        reply("ketua-rt", 99); // listed, but names an alarm that is not open
        assertFalse(lines[LED]);
        assertTrue(journaled.stream().noneMatch(e -> e.kind() == AlertKind.ACKNOWLEDGED));
        at(300);
        assertEquals(List.of("#1 level 1", "#1 level 2"), pages());
    }

    @Test
    void the_centres_acknowledgement_or_all_clear_stops_the_paging() {
        uplink(true);
        press(PANIC);
        command(Input.Command.Verb.ACK, List.of(journaled.get(0).identifier()));
        at(3600);
        assertEquals(List.of(), pages(), "acknowledged by the centre at once: nobody paged");
        command(Input.Command.Verb.ALL_CLEAR, List.of());
        press(PANIC);
        at(3630);
        command(Input.Command.Verb.ALL_CLEAR, List.of()); // within a minute of the second alarm
        at(7200);
        assertEquals(2, journaled.stream().filter(e -> e.kind() == AlertKind.PANIC).count());
        assertEquals(List.of(), pages(), "cleared within a minute: nobody paged");
    }

    void command(Input.Command.Verb verb, List<String> refs) {
        inbox.offer(new Input.Command(verb, refs, null, null, List.of(), "polsek-1", CommandReplies.NONE));
        loop.runPending(now);
    }

    @Test
    void while_the_uplink_is_lost_life_safety_alarms_also_go_to_the_duty_phone() {
        press(PANIC); // the uplink never came up: lost after 60 s
        at(60);
        assertEquals(1, journaled.stream().filter(e -> e.kind() == AlertKind.SENT_BY_SMS).count(),
                "the open alarm, when the loss is declared");
        press(TAMPER);
        assertEquals(1, journaled.stream().filter(e -> e.kind() == AlertKind.SENT_BY_SMS).count(), "security: not");
        uplink(true);
        command(Input.Command.Verb.ALL_CLEAR, List.of());
        press(PANIC);
        assertEquals(1, journaled.stream().filter(e -> e.kind() == AlertKind.SENT_BY_SMS).count(), "link back: not");
        uplink(false);
        at(200);
        press(PANIC);
        assertEquals(2, journaled.stream().filter(e -> e.kind() == AlertKind.SENT_BY_SMS).count());
    }

    @Test
    void after_a_restart_a_level_already_paged_is_not_paged_again() throws Exception {
        uplink(true);
        press(PANIC);
        at(60);
        assertEquals(List.of("#1 level 1"), pages());
        loop = loop(List.copyOf(journaled)); // a restart: the journal's recent events
        uplink(true);
        at(61);
        assertEquals(List.of("#1 level 1"), pages());
        at(300);
        assertEquals(List.of("#1 level 1", "#1 level 2"), pages());
    }

    /** Replies nobody reads. */
    enum CommandReplies implements CommandReply {
        NONE;

        @Override
        public void accepted(String detail) {
        }

        @Override
        public void rejected(String reason) {
        }
    }
}
