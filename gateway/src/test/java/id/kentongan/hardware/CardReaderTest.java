package id.kentongan.hardware;

import id.kentongan.fixtures.VirtualReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The card reader against a real pcscd with a virtual reader (vsmartcard's vpcd driver) and virtual cards
 * that answer GET DATA (UID) as a contactless reader does. One story, in the order a post lives it: started
 * before pcscd, found when pcscd comes; a card tapped gives its UID once, held or not; tapped again, again;
 * bad cards refused and counted. (A reader pulled out and pushed back cannot be played with vpcd: see
 * {@link VirtualReader}; that path is the same as "no reader yet", which the start before pcscd covers.)
 */
class CardReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void each_presentation_gives_the_uid_once_and_a_reader_coming_late_is_found(@TempDir Path dir) throws Exception {
        VirtualReader.assumeCanRun();
        List<String> uids = new CopyOnWriteArrayList<>();
        CardReader.Listener listener = uid -> {
            uids.add(uid);
            if (uid.equals("A1B2C3D4")) {
                throw new IllegalStateException("a listener's bug");
            }
        };
        try (CardReader reader = new CardReader("", listener, Duration.ofMillis(200))) {
            reader.start();
            await().atMost(WAIT).until(() -> reader.state() == CardReader.State.NO_PCSC);
            assertTrue(reader.problem().contains("pcscd is not running"), reader.problem());

            try (VirtualReader pcsc = VirtualReader.start(dir)) {
                await().atMost(WAIT).until(() -> reader.state() == CardReader.State.READY);
                assertEquals("Virtual PCD 00 00", reader.readerName());

                try (VirtualReader.Card card = pcsc.present("04a1b2c3d4e5f6", 0x9000)) {
                    await().atMost(WAIT).until(() -> uids.size() == 1);
                    int polled = card.polls();
                    // held on the reader while pcscd looks at it again and again: still one
                    await().atMost(WAIT).until(() -> card.polls() >= polled + 5);
                    assertEquals(List.of("04A1B2C3D4E5F6"), uids);
                    assertEquals(1, card.reads());
                }
                try (VirtualReader.Card again = pcsc.present("04a1b2c3d4e5f6", 0x9000)) {
                    await().atMost(WAIT).until(() -> uids.size() == 2);
                }
                try (VirtualReader.Card other = pcsc.present("a1b2c3d4", 0x9000)) {
                    await().atMost(WAIT).until(() -> uids.size() == 3);
                    int polled = other.polls();
                    await().atMost(WAIT).until(() -> other.polls() >= polled + 3);
                    assertEquals(1, other.reads(), "a listener that throws loses that tap, not the reader");
                }
                assertEquals(List.of("04A1B2C3D4E5F6", "04A1B2C3D4E5F6", "A1B2C3D4"), uids);

                try (VirtualReader.Card unsupported = pcsc.present("", 0x6A81)) {
                    await().atMost(WAIT).until(() -> reader.refused(CardReader.Refusal.APDU_STATUS) == 1);
                }
                try (VirtualReader.Card odd = pcsc.present("0102030405", 0x9000)) {
                    await().atMost(WAIT).until(() -> reader.refused(CardReader.Refusal.UID_LENGTH) == 1);
                    int polled = odd.polls();
                    await().atMost(WAIT).until(() -> odd.polls() >= polled + 3);
                    assertEquals(1, reader.refused(CardReader.Refusal.UID_LENGTH), "one refusal per presentation");
                }
                assertEquals(3, uids.size(), "refused cards reach nobody");
                try (VirtualReader.Card last = pcsc.present("04c0ffee000001", 0x9000)) {
                    await().atMost(WAIT).until(() -> uids.size() == 4);
                }
                assertEquals("04C0FFEE000001", uids.get(3));
                assertEquals(CardReader.State.READY, reader.state());

            }
        }
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("kentongan-card")));
    }

    @Test
    void the_library_is_looked_for_in_the_machine_s_multiarch_directory_first() {
        assertEquals(Path.of("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1"), PcscLibrary.candidates("aarch64").get(0));
        assertEquals(Path.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"), PcscLibrary.candidates("amd64").get(0));
        assertEquals(Path.of("/usr/lib64/libpcsclite.so.1"), PcscLibrary.candidates("s390x").get(0));
    }
}
