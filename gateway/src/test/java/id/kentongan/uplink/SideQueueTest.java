package id.kentongan.uplink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The messages beside the events under pressure: bounded, what gives way is counted, alerts kept. */
class SideQueueTest {

    static SideQueue.Side result(int n) {
        return SideQueue.Side.message("kentongan/v1/desa/pos-1/result", ("r" + n).getBytes(StandardCharsets.UTF_8),
                false);
    }

    static SideQueue.Side escalation(long seq) {
        return SideQueue.Side.escalation("kentongan/v1/desa/all/alert", ("a" + seq).getBytes(StandardCharsets.UTF_8),
                seq);
    }

    /** Everything the queue would publish with an endless window, in order. */
    static List<String> drain(SideQueue q) {
        List<String> out = new ArrayList<>();
        for (SideQueue.Side m = q.next(); m != null; m = q.next()) {
            out.add(new String(m.payload(), StandardCharsets.UTF_8));
            q.sent();
            q.done();
        }
        return out;
    }

    @Test
    void past_its_capacity_the_oldest_message_gives_way_and_is_counted() {
        SideQueue q = new SideQueue(3, 10);
        for (int i = 1; i <= 5; i++) {
            q.add(result(i));
        }
        assertEquals(3, q.waiting());
        assertEquals(2L, q.dropped().get("message"));
        assertEquals(List.of("r3", "r4", "r5"), drain(q));
    }

    @Test
    void at_most_a_window_is_in_flight_and_a_lost_connection_frees_it() {
        SideQueue q = new SideQueue(100, 2);
        for (int i = 1; i <= 5; i++) {
            q.add(result(i));
        }
        q.next();
        q.sent();
        q.next();
        q.sent();
        assertNull(q.next(), "the side's window is full: the events keep their slots");
        q.done();
        assertEquals("r3", new String(q.next().payload(), StandardCharsets.UTF_8));
        q.sent();
        q.lost();
        assertEquals("r4", new String(q.next().payload(), StandardCharsets.UTF_8));
    }

    @Test
    void the_drop_counts_are_named_for_the_status() {
        assertEquals(Map.of("message", 0L, "escalation", 0L), new SideQueue(2).dropped());
    }
}
