package id.kentongan.uplink;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connected or when to try again: the backoff's growth and reset, one loss counted once, the epoch. */
class ConnectionTest {

    final Connection c = new Connection(List.of("tcp://127.0.0.1:1883", "tcp://127.0.0.1:1884"),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(7)));

    static final long S = 1_000_000_000L;

    @Test
    void failed_attempts_wait_longer_each_time_up_to_the_most_and_a_connection_starts_again_from_the_least() {
        long[] bases = {1, 2, 4, 8, 16, 30, 30};
        for (long base : bases) {
            assertTrue(c.beginConnect());
            long wait = c.connectFailed(new IOException("refused"));
            assertTrue(wait >= base * S / 2 && wait <= base * S, base + " s base, waited " + wait);
        }
        assertEquals("connect: refused", c.lastError());
        assertTrue(c.beginConnect());
        c.connected("tcp://127.0.0.1:1884");
        assertEquals("tcp://127.0.0.1:1884", c.broker());
        assertTrue(c.lost(new IOException("broker gone")));
        assertTrue(c.retryWait() <= S, "the backoff starts again from its least after a connection");
    }

    @Test
    void one_attempt_at_a_time_and_none_while_connected_or_stopping() {
        assertTrue(c.beginConnect());
        assertFalse(c.beginConnect());
        c.connected("tcp://127.0.0.1:1883");
        assertFalse(c.beginConnect());
        c.stopping();
        assertEquals(-1, c.retryWait());
    }

    @Test
    void a_loss_is_counted_once_and_each_connection_has_its_own_epoch() {
        c.beginConnect();
        c.connected("tcp://127.0.0.1:1883");
        int first = c.epoch();
        assertTrue(c.lost(new IOException("eof", new IOException("reset"))));
        assertFalse(c.lost(new IOException("again")), "the watch and the client may both report it");
        assertEquals(1, c.reconnects());
        assertEquals("connection lost: eof (java.io.IOException: reset)", c.lastError());
        assertEquals("", c.broker());
        c.beginConnect();
        c.connected("tcp://127.0.0.1:1883");
        assertEquals(first + 1, c.epoch());
    }
}
