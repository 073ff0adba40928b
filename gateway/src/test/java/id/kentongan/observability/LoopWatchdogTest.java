package id.kentongan.observability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The watchdog stepped by hand: pings at half the timeout, and none while the journal's commit is blocked. */
class LoopWatchdogTest {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final List<Long> pings = new ArrayList<>();
    long now = 5_000 * MS;
    long journalStuck = 0;

    final ServiceManager systemd = new ServiceManager() {
        @Override
        public void ready(String status) {
        }

        @Override
        public void status(String status) {
        }

        @Override
        public void stopping(String status) {
        }

        @Override
        public void alive() {
            pings.add(now);
        }

        @Override
        public long watchdogNanos() {
            return 1000 * MS;
        }
    };

    @Test
    void pings_at_half_the_timeout_only_while_the_journal_is_not_stuck() {
        LoopWatchdog watchdog = new LoopWatchdog(systemd, () -> journalStuck);
        long start = now;
        assertEquals(start + 500 * MS, watchdog.kick(now), "the first turn pings and asks to be kicked in 500 ms");
        for (int i = 0; i < 100; i++) { // a busy loop turns often; the pings keep their pace
            now += 10 * MS;
            watchdog.kick(now);
        }
        assertEquals(List.of(start, start + 500 * MS, start + 1000 * MS), pings);

        journalStuck = 100 * MS; // a commit running for a while is no fault
        now += 500 * MS;
        watchdog.kick(now);
        assertEquals(4, pings.size(), "pinged with a commit 100 ms under way");

        for (int i = 0; i < 300; i++) { // the commit does not return
            now += 10 * MS;
            journalStuck += 10 * MS;
            watchdog.kick(now);
        }
        assertEquals(4, pings.size(), "no ping for 3 s while the journal's commit is blocked");

        journalStuck = 0;
        now += 500 * MS;
        watchdog.kick(now);
        assertEquals(now, pings.get(pings.size() - 1), "pings again at the next due turn once it returned");
    }

    @Test
    void without_notify_socket_nobody_is_told() {
        assertSame(ServiceManager.NONE, Systemd.connect(Map.of("WATCHDOG_USEC", "1000000")));
    }
}
