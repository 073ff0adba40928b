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

    @Test
    void an_escalated_alert_never_gives_way_to_other_messages() {
        SideQueue q = new SideQueue(3, 10);
        q.add(escalation(7));
        for (int i = 1; i <= 5; i++) {
            q.add(result(i));
        }
        assertEquals(List.of("a7", "r4", "r5"), drain(q));
        assertEquals(Map.of("message", 3L, "escalation", 0L), q.dropped());
    }

    @Test
    void an_alert_escalated_again_while_it_waits_is_held_once() {
        SideQueue q = new SideQueue(3, 10);
        q.add(escalation(7));
        q.add(escalation(7));
        q.add(result(1));
        assertEquals(List.of("a7", "r1"), drain(q));
    }

    @Test
    void only_when_every_message_waiting_is_an_escalation_does_the_oldest_give_way_counted_apart() {
        SideQueue q = new SideQueue(2, 10);
        q.add(escalation(1));
        q.add(escalation(2));
        q.add(result(1));
        q.add(escalation(3));
        assertEquals(List.of("a2", "a3"), drain(q));
        assertEquals(Map.of("message", 1L, "escalation", 1L), q.dropped());
    }
}
