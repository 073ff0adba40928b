package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.VirtualReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kentongan card} as a technician registering a guard's card runs it: without pcscd it says why and
 * gives up after its time; with the reader there, a card tapped prints its UID alone on stdout.
 */
@Timeout(120)
class CardIT {

    @TempDir
    Path tmp;

    private Process card(Path out, Path err, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(GatewayProcess.java(), "--enable-native-access=ALL-UNNAMED",
                "-jar", GatewayProcess.jar().toString(), "card"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    @Test
    void a_tapped_card_s_uid_is_printed_and_without_pcscd_the_reason() throws Exception {
        VirtualReader.assumeCanRun();
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process none = card(out, err, "--timeout", "2", "--lang", "en");
        assertTrue(none.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, none.exitValue());
        assertEquals("", Files.readString(out));
        assertTrue(Files.readString(err).contains("kentongan: no card in 2 s: pcscd is not running"), Files.readString(err));
        Process tanpa = card(out, err, "--timeout", "1");
        assertTrue(tanpa.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.readString(err).contains("kentongan: tidak ada kartu dalam 1 detik: pcscd is not running"),
                "Bahasa Indonesia by default: " + Files.readString(err));

        try (VirtualReader reader = VirtualReader.start(tmp.resolve("pcsc"))) {
            Process p = card(out, err, "--timeout", "60");
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.readString(err).contains("ready"));
            try (VirtualReader.Card c = reader.present("04a1b2c3d4e5f6", 0x9000)) {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), Files.readString(err));
            }
            assertEquals(0, p.exitValue(), Files.readString(err));
            assertEquals("04A1B2C3D4E5F6\n", Files.readString(out));
        }
    }
}
