package id.kentongan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The natives report the arm64 check reads, here on the build machine's own JVM and SQLite. */
class NativeLibrariesTest {

    @TempDir
    Path tmp;

    @Test
    void aMapsLineGivesItsFileAndAnAnonymousOneNone() {
        assertEquals("/tmp/sqlite-3.53.4.0-x-libsqlitejdbc.so", NativeLibraries.fileOf(
                "7f1c2a000000-7f1c2a0a1000 r-xp 00010000 fe:01 131 /tmp/sqlite-3.53.4.0-x-libsqlitejdbc.so"));
        assertEquals("/tmp/libpi4j-gpiod1.so", NativeLibraries.fileOf(
                "7f1c2a000000-7f1c2a0a1000 r--p 00000000 fe:01 131   /tmp/libpi4j-gpiod1.so (deleted)"));
        assertNull(NativeLibraries.fileOf("7ffd3b5e1000-7ffd3b602000 rw-p 00000000 00:00 0"));
        assertNull(NativeLibraries.fileOf("7ffd3b5e1000-7ffd3b602000 rw-p 00000000 00:00 0   [stack]"));
    }

    @Test
    void sqlitesExtractedLibraryIsReportedAndCopiedAsTheElfFileItIs() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("j.db"))) {
            c.createStatement().execute("select 1");
        }
        Set<Path> files = NativeLibraries.report(tmp.resolve("natives"));
        Path sqlite = files.stream().filter(f -> f.getFileName().toString().endsWith("libsqlitejdbc.so"))
                .findFirst().orElseThrow(() -> new AssertionError("not mapped: " + files));
        List<String> maps = Files.readAllLines(tmp.resolve("natives").resolve("maps.txt"));
        assertEquals("# os.arch=" + System.getProperty("os.arch") + " java.version="
                + System.getProperty("java.version"), maps.get(0));
        assertTrue(maps.stream().skip(1).allMatch(l -> NativeLibraries.fileOf(l) != null), maps.toString());
        assertTrue(maps.stream().anyMatch(l -> l.endsWith(sqlite.toString())), maps.toString());
        byte[] head = Files.readAllBytes(tmp.resolve("natives").resolve(sqlite.getFileName()));
        assertEquals("7f454c46", HexFormat.of().formatHex(head, 0, 4), "an ELF file");
        int machine = (head[18] & 0xff) | (head[19] & 0xff) << 8;
        assertEquals(switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 62;
            case "aarch64" -> 183;
            default -> machine;
        }, machine, "the ELF machine of this JVM's architecture");
        // the JDK's own libraries (libjava.so, libjvm.so) are not under java.io.tmpdir and not reported
        assertTrue(maps.stream().noneMatch(l -> l.contains("libjvm.so")), maps.toString());
    }
}
