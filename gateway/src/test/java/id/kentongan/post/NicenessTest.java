package id.kentongan.post;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NicenessTest {

    /** The calling thread's niceness, as the kernel schedules it (field 19 of its stat). */
    static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void threads_the_parts_start_run_below_the_loop_and_the_caller_keeps_its_own() throws Exception {
        int caller = niceOfThisThread();
        AtomicInteger part = new AtomicInteger();
        AtomicInteger partsOwn = new AtomicInteger();
        Niceness.startBelowTheLoop(() -> {
            Thread t = Thread.ofPlatform().start(() -> { // as Paho's and Californium's threads are started
                try {
                    partsOwn.set(niceOfThisThread());
                } catch (Exception e) {
                    partsOwn.set(Integer.MIN_VALUE);
                }
            });
            t.join();
            part.set(niceOfThisThread());
            return null;
        });
        int expected = Math.min(19, caller + Niceness.BELOW_THE_LOOP);
        assertEquals(expected, part.get());
        assertEquals(expected, partsOwn.get(), "a thread a part starts inherits it");
        assertEquals(caller, niceOfThisThread(), "the caller, and a loop it starts later, keep theirs");
    }

    @Test
    void a_part_that_fails_to_start_fails_the_start() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Niceness.startBelowTheLoop(() -> {
            throw new IllegalStateException("port 5683 in use");
        }));
        assertEquals("port 5683 in use", e.getMessage());
    }
}
