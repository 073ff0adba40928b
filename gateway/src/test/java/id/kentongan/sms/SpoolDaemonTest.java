package id.kentongan.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The modem adapter against the real gammu-smsd (Debian's, 1.42) with Gammu's dummy phone: what the
 * gateway writes is sent and found again by its handle, what the phone receives is read, and a daemon
 * that was down sends what waited for it.
 */
@Timeout(60)
class SpoolDaemonTest {

    @TempDir
    Path tmp;

    @Test
    void a_handed_message_is_sent_by_the_daemon_and_found_again_by_its_handle() throws Exception {
        Path dir = tmp.resolve("modem-1");
        try (SmsdProcess daemon = SmsdProcess.start(dir, System::nanoTime)) {
            Spool spool = new Spool(dir);
            spool.hand('B', "+628008765432", "0123456789abcdef", "Banjir – air naik di rw05-sungai (#17)");
            Spool.Fate fate = awaitFate(spool, "0123456789abcdef");
            assertTrue(fate.sent());
            byte[] body = Files.readAllBytes(fate.file());
            assertEquals("Banjir – air naik di rw05-sungai (#17)",
                    new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE), "UTF-16 as written");
            assertTrue(Files.readString(daemon.logFile()).contains("Transmitted " + fate.file().getFileName()));
            assertFalse(spool.archive(fate, LocalDate.of(2026, 12, 1)));
            assertTrue(spool.finished().isEmpty(), "archived: not reported again");
            assertTrue(Files.exists(dir.resolve("archive/2026-12-01").resolve(fate.file().getFileName())));
        }
    }

    @Test
    void what_waits_while_the_daemon_is_down_is_sent_when_it_is_back_and_a_left_daemon_is_adopted() throws Exception {
        Path dir = tmp.resolve("modem-1");
        SmsdProcess.start(dir, System::nanoTime).close();
        Spool spool = new Spool(dir);
        spool.hand('A', "+628008765432", "00000000000000aa", "PANIK di Pos uji (#3). Balas OK 3");
        assertEquals(java.util.Set.of("00000000000000aa"), spool.waiting(), "handed over, the daemon is down");
        try (SmsdProcess first = SmsdProcess.start(dir, System::nanoTime)) {
            SmsdProcess second = SmsdProcess.start(dir, System::nanoTime); // a restarted gateway, say
            assertEquals(first.pid(), second.pid(), "one daemon per outbox, never two");
            assertTrue(awaitFate(spool, "00000000000000aa").sent());
            assertTrue(spool.waiting().isEmpty());
        }
    }

    @Test
    void a_message_the_dummy_phone_receives_reaches_the_inbox_reader() throws Exception {
        Path dir = tmp.resolve("modem-1");
        try (SmsdProcess daemon = SmsdProcess.start(dir, System::nanoTime)) {
            DummyPhone.receive(dir, "+628008765432", "lapor  rw05-utara ada asap di gang 3", LocalDateTime.now());
            InboxReader reader = new InboxReader(dir.resolve("inbox"), System::nanoTime);
            AtomicReference<List<InboxReader.Message>> got = new AtomicReference<>(List.of());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                got.set(reader.read());
                return !got.get().isEmpty();
            });
            InboxReader.Taken t = (InboxReader.Taken) got.get().get(0);
            assertEquals("+628008765432", t.sender());
            assertEquals("lapor  rw05-utara ada asap di gang 3", t.text());
        }
    }

    private static Spool.Fate awaitFate(Spool spool, String handle) {
        AtomicReference<Spool.Fate> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            spool.finished().stream().filter(f -> f.handle().equals(handle)).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
