package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
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
 * An inbox of one, so that edges are refused, and the loop stepped by hand: a refused edge marks its line,
 * and the loop reads the line again, so no button is left dead by an edge it never saw.
 */
class RefusedEdgeLoopTest {

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
    static final int PANIC = 0;
    static final int SILENCE = 1;
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<Event> journaled = new ArrayList<>();
    final boolean[] fingers = new boolean[2]; // the lines' levels, as a Lines port reads them
    final boolean[] siren = new boolean[1];
    Inbox inbox;
    DispatchLoop loop;
    long now = 1_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        inbox = new Inbox(1);
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (o, on) -> siren[o] = on, journaled::add, e -> { },
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.readLinesWith(i -> fingers[i]);
        inbox.offer(new Input.UplinkChanged(true));
        loop.runPending(now);
    }

    /** What the GPIO adapter does with each edge: offer it, and mark the line if the inbox refuses. */
    boolean line(int input, boolean active) {
        fingers[input] = active;
        boolean taken = inbox.offer(new Input.Edge(input, active, now));
        if (!taken) {
            inbox.reread(input);
        }
        return taken;
    }

    void advance(long ms) {
        now += ms * MS;
        loop.runPending(now);
    }

    long panics() {
        return journaled.stream().filter(e -> e.kind() == AlertKind.PANIC).count();
    }

    @Test
    void a_button_whose_release_the_full_inbox_refused_still_sounds_the_siren_when_pressed_again() {
        assertTrue(line(PANIC, true));
        assertFalse(line(PANIC, false), "the inbox of one is full: the release is refused");
        assertEquals(1, inbox.refused());
        advance(1);
        assertTrue(siren[0], "the press sounds the siren");
        advance(50); // past the debounce: the release, read from the line, is taken
        assertTrue(line(SILENCE, true));
        advance(50);
        assertTrue(line(SILENCE, false));
        advance(50);
        assertFalse(siren[0], "the guard silenced it");

        assertTrue(line(PANIC, true));
        advance(1);
        assertTrue(siren[0], "the next press sounds the siren again: the button is not dead");
        assertEquals(2, panics());
    }

    @Test
    void a_press_the_full_inbox_refused_sounds_the_siren_on_the_loops_next_turn() {
        assertTrue(line(SILENCE, false)); // another line's edge fills the edge lane of one
        assertFalse(line(PANIC, true));
        advance(1);
        assertTrue(siren[0], "the loop read the line, pressed, and sounded the siren");
        assertEquals(1, panics());
        assertEquals("panic-1", journaled.get(0).source());
    }

    /** Edges have a lane of their own: other inputs filling the inbox do not refuse a press. */
    @Test
    void other_inputs_filling_the_inbox_do_not_refuse_a_press() {
        inbox.offer(new Input.UplinkChanged(true));
        assertFalse(inbox.offer(new Input.UplinkChanged(true)), "the inbox of one is full");
        assertTrue(line(PANIC, true), "the press is taken all the same");
        advance(1);
        assertTrue(siren[0]);
        assertEquals(1, panics());
    }
}
