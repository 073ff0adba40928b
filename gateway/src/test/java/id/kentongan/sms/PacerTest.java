package id.kentongan.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A modem is handed messages no faster than it is set to send them. */
class PacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void the_first_messages_go_at_once_then_one_every_sixtieth_of_a_minute_per_message_a_minute() {
        Pacer p = new Pacer(12, 2, 0);
        assertTrue(p.ready(0));
        p.take(0);
        assertTrue(p.ready(0));
        p.take(0);
        assertFalse(p.ready(0), "the burst is spent");
        assertFalse(p.ready(4 * SECOND));
        assertTrue(p.ready(5 * SECOND), "12 a minute: one every 5 s");
        p.take(5 * SECOND);
        assertFalse(p.ready(9 * SECOND));
        assertTrue(p.ready(10 * SECOND));
    }

    @Test
    void an_idle_modem_saves_no_more_than_its_burst() {
        Pacer p = new Pacer(12, 2, 0);
        p.take(0);
        p.take(0);
        long later = 3600 * SECOND;
        p.take(later);
        p.take(later);
        assertFalse(p.ready(later), "an hour idle is worth two messages, not 720");
    }
}
