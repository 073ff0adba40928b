package id.kentongan.hardware;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import org.junit.jupiter.api.AfterEach;
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
 * Pi4J's mock lines, a dispatch loop stepped by hand, and an inbox of one: edges the inbox refuses reach
 * the loop all the same, because Gpio marks the line and the loop reads it again.
 */
class GpioTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17, debounce: 20ms }
              - { id: silence, pin: 25, role: silence, debounce: 20ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            rules:
              - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1], max_sounding: 10s }
            """;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<Event> journaled = new ArrayList<>();
    long now = 1_000_000_000L;
    Inbox inbox;
    Gpio gpio;
    DispatchLoop loop;

    @BeforeEach
    void open() throws Exception {
        SiteProfile profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1);
        gpio = Gpio.open(Gpio.Mode.MOCK, profile, inbox, () -> now);
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, gpio, journaled::add, e -> { },
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.readLinesWith(gpio);
        loop.allOff();
    }

    @AfterEach
    void close() {
        gpio.close();
    }

    void advance(long ms) {
        now += ms * MS;
        loop.runPending(now);
    }

    @Test
    void a_panic_button_whose_release_was_refused_sounds_the_siren_again_on_its_next_press() {
        gpio.simulate("panic-1", true);
        gpio.simulate("panic-1", false); // the inbox of one holds the press: this edge is refused
        assertEquals(1, inbox.refused());
        advance(1);
        assertTrue(gpio.isOn(0), "the press sounds the siren");
        advance(50);
        gpio.simulate("silence", true);
        advance(50);
        gpio.simulate("silence", false);
        advance(50);
        assertFalse(gpio.isOn(0), "the guard silenced it");

        gpio.simulate("panic-1", true);
        advance(1);
        assertTrue(gpio.isOn(0), "the next press sounds the siren again: the button is not dead");
        assertEquals(2, journaled.stream().filter(e -> e.kind() == AlertKind.PANIC).count());
    }

    @Test
    void a_press_the_full_inbox_refused_still_sounds_the_siren() {
        gpio.simulate("silence", true); // another line's edge fills the edge lane of one
        gpio.simulate("panic-1", true);
        assertEquals(1, inbox.refused());
        advance(1);
        assertTrue(gpio.isOn(0), "the loop read the line, pressed, and sounded the siren");
    }
}
