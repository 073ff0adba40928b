package id.kentongan.it;

import id.kentongan.fixtures.ConfigTxts;
import id.kentongan.fixtures.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kentongan boot-config} as a technician runs it on a fresh Pi: it prints the lines, names each
 * disagreement of the Pi's config.txt with the profile and exits 1; with the printed lines appended the
 * two agree and it exits 0. Off a Pi it says there is nothing to check.
 */
@Timeout(120)
class BootConfigIT {

    private static final Path EXAMPLE = Path.of("..", "firmware-config", "sites", "sukamaju-rt03.yaml").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run kentongan(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(GatewayProcess.java(), "--enable-native-access=ALL-UNNAMED",
                "-jar", GatewayProcess.jar().toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aFreshPiDisagreesUntilThePrintedLinesAreAppended() throws Exception {
        Path config = tmp.resolve("config.txt");
        Files.writeString(config, ConfigTxts.BOOKWORM);

        Run first = kentongan("boot-config", "--profile", EXAMPLE.toString(), "--config-txt", config.toString());
        assertEquals(1, first.exit(), first.err());
        assertEquals(Files.readString(Path.of("..", "firmware-config", "raspberrypi", "sukamaju-rt03.txt")), first.out());
        List<String> lines = first.err().lines().toList();
        assertTrue(lines.contains(config + ": no dtparam=watchdog=on: the hardware watchdog is off, so a hung Pi stays hung"),
                first.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(config + ": pin 25 (input silence, active-low) has no gpio= pull")),
                first.err());
        assertEquals(config + " disagrees with " + EXAMPLE + " in 11 places: the lines above set the watchdog, pulls and outputs; move or remove what claims a post's pin; "
                + "reboot after",
                lines.get(lines.size() - 1).substring("kentongan: ".length()));

        Files.writeString(config, first.out(), java.nio.file.StandardOpenOption.APPEND);
        Run second = kentongan("boot-config", "--profile", EXAMPLE.toString(), "--config-txt", config.toString());
        assertEquals(0, second.exit(), second.err());
        assertEquals("kentongan: " + config + " agrees with " + EXAMPLE + "\n", second.err());

        Files.writeString(config, "gpio=17=ip,pd\n", java.nio.file.StandardOpenOption.APPEND);
        Run third = kentongan("boot-config", "--profile", EXAMPLE.toString(), "--config-txt", config.toString());
        assertEquals(1, third.exit(), third.err());
        int line = (int) Files.readAllLines(config).size();
        assertTrue(third.err().startsWith(config + ":" + line + ": gpio=17=ip,pd gives pin 17 (input panic-1, active-low) "
                + "pull-down, so the button reads as pressed until the gateway starts"), third.err());
    }

    @Test
    void offAPiItPrintsTheLinesAndSaysThereIsNothingToCheck() throws Exception {
        Run r = kentongan("boot-config", "--profile", EXAMPLE.toString(), "--config-txt",
                tmp.resolve("boot/firmware/config.txt").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("dtparam=watchdog=on\n"), r.out());
        assertTrue(r.err().startsWith("kentongan: no " + tmp.resolve("boot/firmware/config.txt")
                + ": not a Raspberry Pi"), r.err());
    }

    @Test
    void aShutdownPinThePostUsesIsRefused() throws Exception {
        Run r = kentongan("boot-config", "--profile", EXAMPLE.toString(), "--shutdown-pin", "17");
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("kentongan: pin 17 is input panic-1 in the profile"), r.err());
    }
}
