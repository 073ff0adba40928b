package id.kentongan.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the clock's word comes from: the kernel through JNA, and the test hook's file. */
class ClockSourcesTest {

    @Test
    void the_kernels_flag_is_read_on_linux() {
        ClockSync kernel = KernelClock.open();
        assertNotEquals(ClockSync.State.UNKNOWN, kernel.state(), "adjtimex answers without privileges");
    }

    @Test
    void the_hook_moves_the_clock_by_its_files_offset_and_forces_the_word_given(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clock");
        assertNull(ClockHook.fromProperty(ClockSync.ASSUMED), "no property, no hook");
        System.setProperty(ClockHook.PROPERTY, file.toString());
        try {
            ClockHook hook = ClockHook.fromProperty(() -> ClockSync.State.UNKNOWN);
            assertEquals(ClockSync.State.UNKNOWN, hook.state(), "no file yet: the kernel's word, offset 0");
            assertTrue(Math.abs(hook.millis() - System.currentTimeMillis()) < 1_000);

            Files.writeString(file, "-86400000 unsynchronised\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> hook.state() == ClockSync.State.UNSYNCHRONISED);
            long behind = System.currentTimeMillis() - hook.millis();
            assertTrue(Math.abs(behind - 86_400_000L) < 1_000, "a day behind: " + behind);

            Files.writeString(file, "0\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> hook.state() == ClockSync.State.UNKNOWN);
            assertTrue(Math.abs(hook.millis() - System.currentTimeMillis()) < 1_000);
        } finally {
            System.clearProperty(ClockHook.PROPERTY);
        }
    }
}
