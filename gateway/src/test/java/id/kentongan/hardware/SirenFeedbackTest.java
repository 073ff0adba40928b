package id.kentongan.hardware;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.LoopStatus;
import id.kentongan.dispatch.Input;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A siren's circuit read back through its feedback line (#16), on Pi4J's mock lines with the dispatch
 * loop stepped by hand: a siren whose feedback follows it raises nothing; a feedback stuck low, stuck
 * high or slow gives one siren-fault naming the siren, and one siren-restored once it behaves; the
 * siren is driven all the same.
 */
class SirenFeedbackTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17, debounce: 20ms }
              - { id: fire-1, pin: 27, debounce: 20ms }
              - { id: silence, pin: 25, role: silence, debounce: 20ms }
              - { id: siren-fb, pin: 20, role: feedback, active: low }
            outputs:
              - { id: siren-1, pin: 5, role: siren, feedback: siren-fb, settle: 300ms }
            rules:
              - { input: panic-1, kind: panic, pattern: steady, outputs: [siren-1], max_sounding: 10m }
              - { input: fire-1, kind: fire, pattern: titir, outputs: [siren-1], max_sounding: 10m }
            """;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** How the relay's auxiliary contact behaves. */
    enum Contact { FOLLOWS, STUCK_OPEN, STUCK_CLOSED, MANUAL }

    final List<Event> journaled = new ArrayList<>();
    long now = 1_000_000_000L;
    Contact contact = Contact.FOLLOWS;
    Inbox inbox;
    Gpio gpio;
    DispatchLoop loop;

    @BeforeEach
    void open() throws Exception {
        SiteProfile profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(64);
        gpio = Gpio.open(Gpio.Mode.MOCK, profile, inbox, () -> now);
        gpio.onOutputChange(0, on -> {
            if (contact == Contact.FOLLOWS) {
                gpio.simulate("siren-fb", on); // the relay's auxiliary contact closes with its coil
            }
        });
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, gpio, journaled::add, e -> { },
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.readLinesWith(gpio);
    }

    @AfterEach
    void close() {
        gpio.close();
    }

    void advance(long ms) {
        for (long t = 0; t < ms; t += 50) { // the loop turns as it would, at least every 50 ms here
            now += Math.min(50, ms - t) * MS;
            loop.runPending(now);
        }
    }

    void press(String input) {
        gpio.simulate(input, true);
        advance(50);
        gpio.simulate(input, false);
        advance(50);
    }

    List<AlertKind> supervision() {
        return journaled.stream().map(Event::kind)
                .filter(k -> k == AlertKind.SIREN_FAULT || k == AlertKind.SIREN_RESTORED).toList();
    }

    LoopStatus.SupervisionView state() throws Exception {
        CompletableFuture<LoopStatus> reply = new CompletableFuture<>();
        inbox.offer(new Input.StatusQuery(reply));
        loop.runPending(now);
        return reply.get().supervision().outputs().get(0);
    }

    @Test
    void a_siren_whose_contact_follows_it_raises_nothing() throws Exception {
        advance(1000);
        press("panic-1");
        advance(2000);
        press("silence");
        advance(2000);
        assertEquals(List.of(), supervision());
        assertEquals("ok", state().state());
        assertTrue(journaled.stream().anyMatch(e -> e.kind() == AlertKind.PANIC), "the panic itself went out");
    }

    @Test
    void a_contact_stuck_open_is_one_fault_while_the_siren_is_still_driven_and_restored_by_a_drive_it_follows()
            throws Exception {
        contact = Contact.STUCK_OPEN;
        advance(1000);
        assertEquals(List.of(), supervision(), "at rest an open contact is right");
        press("panic-1");
        assertTrue(gpio.isOn(0), "a siren is driven whatever its circuit says");
        advance(400);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision());
        Event fault = journaled.stream().filter(e -> e.kind() == AlertKind.SIREN_FAULT).findFirst().orElseThrow();
        assertEquals("siren-1", fault.source(), "the fault names the output");
        assertEquals("faulty", state().state());
        assertEquals("does-not-follow", state().why());
        press("silence");
        press("panic-1"); // a second alarm on the broken siren: driven again, no second fault
        assertTrue(gpio.isOn(0));
        advance(1000);
        press("silence");
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision(), "one fault per episode, whatever it costs");
        contact = Contact.FOLLOWS; // the technician mends the wire
        press("panic-1");
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT, AlertKind.SIREN_RESTORED), supervision());
        assertEquals("ok", state().state());
    }

    @Test
    void a_contact_stuck_closed_is_a_fault_at_rest_and_restored_when_it_opens() throws Exception {
        contact = Contact.STUCK_CLOSED;
        gpio.simulate("siren-fb", true); // welded: closed with the siren off
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision(), "found at start, a settle time after arming");
        assertEquals("does-not-rest", state().why());
        press("panic-1");
        advance(1000);
        press("silence");
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision());
        gpio.simulate("siren-fb", false);
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT, AlertKind.SIREN_RESTORED), supervision());
    }

    @Test
    void through_a_titir_whose_beats_are_shorter_than_the_settle_a_contact_that_follows_is_ok() throws Exception {
        advance(1000);
        press("fire-1"); // titir: 150 ms on, 150 ms off; the settle is 300 ms
        advance(5000);
        press("silence");
        advance(1000);
        assertEquals(List.of(), supervision());
    }

    @Test
    void through_a_titir_a_contact_stuck_open_is_a_fault_within_two_settles_and_mended_at_a_beat() throws Exception {
        contact = Contact.STUCK_OPEN;
        advance(1000);
        press("fire-1");
        advance(600);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision(), "no beat ever showed: found mid-alarm");
        advance(3000);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision());
        contact = Contact.FOLLOWS; // mended while it beats
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT, AlertKind.SIREN_RESTORED), supervision(),
                "a beat it followed in time");
        press("silence");
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT, AlertKind.SIREN_RESTORED), supervision());
    }

    @Test
    void a_slow_contact_is_one_fault_and_a_prompt_one_restores_it() throws Exception {
        contact = Contact.MANUAL;
        advance(1000);
        press("panic-1");
        advance(400); // past the 300 ms settle with the contact still open
        gpio.simulate("siren-fb", true); // it closes, too late
        advance(1000);
        press("silence");
        gpio.simulate("siren-fb", false);
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT), supervision(), "late is a fault, once");
        gpio.simulate("panic-1", true);
        advance(100);
        gpio.simulate("siren-fb", true); // prompt this time: within the settle
        gpio.simulate("panic-1", false);
        advance(1000);
        assertEquals(List.of(AlertKind.SIREN_FAULT, AlertKind.SIREN_RESTORED), supervision());
    }
}
