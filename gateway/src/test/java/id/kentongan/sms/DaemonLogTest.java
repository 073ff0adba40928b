package id.kentongan.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The daemon's reason for a failed message, read from its log as gammu-smsd 1.42 writes it. */
class DaemonLogTest {

    @TempDir
    Path tmp;

    @Test
    void the_error_after_a_message_is_its_reason_and_numbers_in_it_are_masked() throws Exception {
        Path file = tmp.resolve("smsd.log");
        Files.writeString(file, """
                Tue 2026/12/01 08:51:34 gammu-smsd[15355]: New message to send: OUTA00000000_000000_00_+628008765432_ktg0123456789abcdef.txt
                Tue 2026/12/01 08:51:34 gammu-smsd[15355]: Error sending SMS: No response in specified timeout. Probably the phone is not connected. (TIMEOUT[14])
                Tue 2026/12/01 08:51:40 gammu-smsd[15355]: New message to send: OUTA00000000_000000_00_+628008765433_ktgfedcba9876543210.txt
                Tue 2026/12/01 08:51:40 gammu-smsd[15355]: Transmitted OUTA00000000_000000_00_+628008765433_ktgfedcba9876543210.txt (total: 1) to +628008765433
                """);
        DaemonLog log = new DaemonLog(file);
        log.read();
        assertEquals("Error sending SMS: No response in specified timeout. Probably the phone is not connected. "
                + "(TIMEOUT[14])", log.reason("OUTA00000000_000000_00_+628008765432_ktg0123456789abcdef.txt"));
        assertNull(log.reason("OUTA00000000_000000_00_+628008765433_ktgfedcba9876543210.txt"));
        Files.writeString(file, "Tue 2026/12/01 08:52:00 gammu-smsd[15355]: Failed to find SMS for TPMR=3, "
                + "Number=+628008765433\n", StandardOpenOption.APPEND);
        log.read();
        assertEquals("Failed to find SMS for TPMR=3, Number=+62800***5433",
                log.reason("OUTA00000000_000000_00_+628008765433_ktgfedcba9876543210.txt"));
    }

    @Test
    void a_rotated_log_is_read_from_its_start_and_a_missing_one_is_no_error() throws Exception {
        Path file = tmp.resolve("smsd.log");
        DaemonLog log = new DaemonLog(file);
        log.read();
        Files.writeString(file, "x".repeat(5000) + "\n");
        log.read();
        Files.writeString(file, "New message to send: A.txt\nError sending SMS: gone\n");
        log.read();
        assertEquals("Error sending SMS: gone", log.reason("A.txt"));
    }
}
