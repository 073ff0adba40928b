package id.kentongan.observability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refusals are all counted, and logged at most once per reason per interval, saying how many came since. */
class RefusalsTest {

    enum Why { TOO_LONG, BUSY }

    long now;
    final List<String> lines = new ArrayList<>();
    final Refusals<Why> refusals = new Refusals<>("control socket", Why.class, Duration.ofMinutes(1), () -> now,
            lines::add);

    @Test
    void a_flood_of_refusals_is_counted_whole_and_logged_once_a_minute_per_reason() {
        for (int i = 0; i < 1000; i++) {
            refusals.refuse(Why.TOO_LONG, "a line over 4096 bytes");
            now += Duration.ofMillis(100).toNanos();
        }
        refusals.refuse(Why.BUSY, "64 open");
        assertEquals(Map.of("too-long", 1000L, "busy", 1L), refusals.counts());
        // 1000 refusals over 100 s: the first at 0 s, the next line at 60 s
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("control socket: refused (too-long): a line over 4096 bytes; further"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith("and 599 more since the last such line"), lines.get(1));
        assertTrue(lines.get(2).startsWith("control socket: refused (busy): 64 open"), lines.get(2));
    }

    @Test
    void the_counts_name_every_reason_in_order_even_before_any_refusal() {
        assertEquals(List.of("too-long", "busy"), List.copyOf(refusals.counts().keySet()));
        assertEquals(0L, refusals.count(Why.BUSY));
    }
}
