package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar on a Raspberry Pi 4 and a Pi 5 as far as off-hardware allows: {@code .ci/arm64-check}
 * starts it under Debian's arm64 JDK 21 through qemu-user and checks in /proc/self/maps that the aarch64
 * natives of sqlite-jdbc and Pi4J's gpiod plugin were loaded. Run from here so that the README's one
 * test command (what CI runs) includes it. Skipped, with the script's reason, where qemu-user or
 * Debian's archive is missing.
 */
@Timeout(900)
class Arm64IT {

    @TempDir
    Path tmp;

    @Test
    void theGatewayStartsOnArm64AndLoadsItsAarch64Natives() throws Exception {
        Path script = Path.of("..", ".ci", "arm64-check").toAbsolutePath().normalize();
        Path out = tmp.resolve("arm64-check.txt");
        Process p = new ProcessBuilder(script.toString(), GatewayProcess.jar().toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(850, TimeUnit.SECONDS), "arm64-check still running after 850 s");
        String printed = Files.readString(out);
        System.out.println(printed); // the figures (run time per board) land in the failsafe report
        Assumptions.assumeFalse(printed.contains("arm64-check: SKIPPED:"), printed.strip());
        assertEquals(0, p.exitValue(), printed);
        for (String board : new String[] {"Raspberry Pi 4 Model B", "Raspberry Pi 5 Model B"}) {
            for (String lib : new String[] {"libsqlitejdbc.so", "libpi4j-gpiod", "libgpiod"}) {
                assertTrue(printed.lines().anyMatch(l -> l.startsWith("arm64-check: " + board + ": mapped ")
                        && l.contains(lib) && l.endsWith("(AArch64 ELF)")), board + " " + lib + "\n" + printed);
            }
        }
        assertTrue(printed.contains("arm64-check: passed in "), printed);
    }
}
