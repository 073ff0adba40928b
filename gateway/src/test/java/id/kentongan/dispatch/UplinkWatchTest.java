package id.kentongan.dispatch;

import org.junit.jupiter.api.Test;

import static id.kentongan.dispatch.TestAlerts.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uplink's supervision on its own, with time moved by hand: one uplink-lost per outage, after its grace. */
class UplinkWatchTest {

    static final long GRACE = 60 * SECOND;
    static final long START = 1_000 * SECOND;

    final UplinkWatch uplink = new UplinkWatch(START, GRACE);

    @Test
    void an_uplink_never_connected_is_lost_once_its_grace_from_the_start_is_over() {
        assertEquals(START + GRACE, uplink.nextDeadline());
        assertFalse(uplink.lost(START + GRACE - 1));
        assertTrue(uplink.lost(START + GRACE));
        assertFalse(uplink.lost(START + 10 * GRACE), "told once per outage, however long it lasts");
        assertEquals(Long.MAX_VALUE, uplink.nextDeadline());
    }

    @Test
    void a_link_back_within_its_grace_is_no_outage() {
        assertTrue(uplink.changed(true, START + SECOND));
        assertTrue(uplink.changed(false, START + 100 * SECOND));
        assertTrue(uplink.changed(true, START + 159 * SECOND));
        assertFalse(uplink.lost(START + 1_000 * SECOND));
        assertEquals(Long.MAX_VALUE, uplink.nextDeadline(), "nothing to wait for while up");
    }

    @Test
    void each_outage_is_told_once_and_its_grace_starts_when_the_link_goes() {
        uplink.changed(true, START);
        uplink.changed(false, START + 100 * SECOND);
        assertEquals(START + 100 * SECOND + GRACE, uplink.nextDeadline());
        assertTrue(uplink.lost(START + 200 * SECOND), "a look late after the grace still tells it");
        uplink.changed(true, START + 300 * SECOND);
        uplink.changed(false, START + 400 * SECOND);
        assertFalse(uplink.lost(START + 459 * SECOND));
        assertTrue(uplink.lost(START + 460 * SECOND), "the next outage is told again");
    }

    @Test
    void only_a_change_is_a_change() {
        assertFalse(uplink.changed(false, START + SECOND), "down, and it was down");
        assertEquals(START + GRACE, uplink.nextDeadline(), "so its grace still runs from the start");
        assertTrue(uplink.changed(true, START + 2 * SECOND));
        assertFalse(uplink.changed(true, START + 3 * SECOND));
        assertTrue(uplink.up());
    }
}
