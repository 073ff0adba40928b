package id.kentongan.field;

import id.kentongan.config.FieldSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limiter on a clock moved by hand: what a flood gets, and what a node keeps. */
class SourceLimiterTest {

    static final FieldSettings.Rates RATES = new FieldSettings.Rates(20, 20, 50);

    long now = 1_000_000_000L;

    static InetSocketAddress peer(int address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, (byte) (address >> 8),
                (byte) address}), port);
    }

    void after(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Sends one datagram from each peer in turn, {@code rounds} times; counts the outcomes. */
    Map<SourceLimiter.Drop, Integer> flood(SourceLimiter l, int addresses, int portsEach, int rounds) throws Exception {
        Map<SourceLimiter.Drop, Integer> out = new HashMap<>(); // null: heard
        int heard = 0;
        for (int r = 0; r < rounds; r++) {
            for (int a = 0; a < addresses; a++) {
                for (int p = 0; p < portsEach; p++) {
                    SourceLimiter.Drop d = l.admit(peer(10 + a, 20_000 + p), now);
                    if (d == null) {
                        heard++;
                    } else {
                        out.merge(d, 1, Integer::sum);
                    }
                }
            }
        }
        out.put(null, heard);
        return out;
    }

    @Test
    void a_peer_is_heard_for_its_burst_and_then_at_its_rate() throws Exception {
        SourceLimiter l = new SourceLimiter(new FieldSettings.Rates(20, 1000, 1000), 0, now);
        InetSocketAddress p = peer(1, 5000);
        for (int i = 0; i < 40; i++) {
            assertNull(l.admit(p, now), "two seconds' worth at once: datagram " + i);
        }
        assertEquals(SourceLimiter.Drop.PEER_RATE, l.admit(p, now));
        after(100);
        assertNull(l.admit(p, now));
        assertNull(l.admit(p, now));
        assertEquals(SourceLimiter.Drop.PEER_RATE, l.admit(p, now), "20/s is 2 per 100 ms");
    }

    @Test
    void a_thousand_ports_of_one_address_share_that_address_s_bucket() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 0, now);
        Map<SourceLimiter.Drop, Integer> first = flood(l, 1, 1000, 5);
        assertEquals(40, first.get(null));
        assertEquals(4960, first.get(SourceLimiter.Drop.SOURCE_RATE));
        after(1000);
        assertEquals(20, flood(l, 1, 1000, 5).get(null), "then 20 a second, however many ports");
    }

    @Test
    void many_addresses_together_get_the_total_and_no_more() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 0, now);
        Map<SourceLimiter.Drop, Integer> out = flood(l, 300, 2, 1);
        assertEquals(100, out.get(null), "the shared bucket: two seconds of 50/s");
        assertEquals(500, out.get(SourceLimiter.Drop.TOTAL_RATE));
        after(1000);
        assertEquals(50, flood(l, 300, 2, 1).get(null));
    }

    @Test
    void a_known_node_is_heard_through_a_flood_from_its_own_address() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 2, now);
        InetSocketAddress node = peer(10, 40_000);
        l.known(node, 0, now);
        for (int second = 0; second < 10; second++) {
            flood(l, 1, 1000, 5); // the node's own address, and a thousand other ports
            for (int i = 0; i < 5; i++) {
                assertNull(l.admit(node, now), "second " + second + ", datagram " + i);
            }
            after(1000);
        }
    }

    @Test
    void a_known_node_beyond_its_own_rate_is_dropped_too() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 1, now);
        InetSocketAddress node = peer(1, 5683);
        l.known(node, 0, now);
        int heard = 0;
        for (int i = 0; i < 100; i++) {
            heard += l.admit(node, now) == null ? 1 : 0;
        }
        assertEquals(40, heard);
        assertEquals(SourceLimiter.Drop.PEER_RATE, l.admit(node, now));
    }

    @Test
    void a_new_port_at_a_known_node_s_address_skips_the_shared_bucket() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 1, now);
        l.known(peer(7, 40_000), 0, now);
        flood(l, 300, 2, 1); // the shared bucket is empty
        assertEquals(SourceLimiter.Drop.TOTAL_RATE, l.admit(peer(8, 41_000), now), "a stranger waits");
        assertNull(l.admit(peer(7, 41_000), now), "the rebooted node handshakes from a new port");
    }

    @Test
    void a_node_heard_from_a_new_endpoint_is_no_longer_known_at_the_old_one() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 2, now);
        InetSocketAddress shared = peer(1, 5000);
        l.known(shared, 0, now);
        l.known(shared, 1, now); // two nodes behind one endpoint (a bench, a relay)
        l.known(peer(2, 6000), 0, now);
        assertEquals(2, l.knownEndpoints(), "node 1 is still at the shared endpoint");
        l.known(peer(3, 7000), 1, now);
        assertEquals(2, l.knownEndpoints());
        flood(l, 300, 2, 1); // the shared bucket is empty
        assertEquals(SourceLimiter.Drop.TOTAL_RATE, l.admit(shared, now), "the old endpoint is a stranger again");
        assertEquals(SourceLimiter.Drop.TOTAL_RATE, l.admit(peer(1, 5001), now),
                "and its address is no longer a node's");
        assertNull(l.admit(peer(3, 7000), now));
    }

    @Test
    void what_it_remembers_is_bounded_whatever_the_number_of_senders() throws Exception {
        SourceLimiter l = new SourceLimiter(RATES, 0, now);
        flood(l, 2000, 100, 1);
        assertTrue(l.tracked() <= SourceLimiter.PEERS + SourceLimiter.SOURCES, "tracked " + l.tracked());
    }
}
