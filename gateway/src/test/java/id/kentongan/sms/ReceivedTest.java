package id.kentongan.sms;

import id.kentongan.config.Modem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the daemons received: passed on or refused by reason, and either way out of the daemon's inbox. */
class ReceivedTest {

    @TempDir
    Path dir;
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void a_message_is_passed_on_a_refused_one_counted_and_a_failing_reader_stops_neither() throws Exception {
        ModemLink link = new ModemLink(new Modem("modem-1", dir.resolve("spool"), dir.resolve("smsd.log"), 60, 5),
                null, now::get);
        Path inbox = link.spool.inbox();
        Files.createDirectories(inbox);
        Files.write(inbox.resolve("IN20261201_090000_00_+628008765432_00.txt"),
                "OK".getBytes(StandardCharsets.UTF_8));
        Files.write(inbox.resolve("IN20261201_090001_00_+628008765433_00.txt"),
                "LAPOR z1 banjir".getBytes(StandardCharsets.UTF_8));
        Files.write(inbox.resolve("IN20261201_090002_00_+628008765434_00.txt"), new byte[4096]);
        List<String> passed = new ArrayList<>();
        Received received = new Received((modem, sender, text) -> {
            passed.add(modem + " " + text);
            if (text.equals("OK")) {
                throw new IllegalStateException("a reader's bug");
            }
        });

        received.read(link);
        assertEquals(List.of(), passed, "nothing is taken before its files have settled");
        now.addAndGet(InboxReader.SETTLE_NANOS);
        received.read(link);

        assertEquals(List.of("modem-1 OK", "modem-1 LAPOR z1 banjir"), passed);
        assertEquals(2, received.received());
        assertEquals(Map.of("oversized", 1L), received.refused());
        try (var left = Files.list(inbox)) {
            assertFalse(left.findAny().isPresent(), "every file read leaves the daemon's inbox");
        }
    }
}
