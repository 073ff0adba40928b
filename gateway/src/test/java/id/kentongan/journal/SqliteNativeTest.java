package id.kentongan.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteNativeTest {

    @Test
    void theLibraryIsCopiedOnceAndADamagedCopyAgain(@TempDir Path cache) throws Exception {
        Path lib = SqliteNative.cached(cache);
        assertTrue(lib.getFileName().toString().endsWith("libsqlitejdbc.so"), lib.toString()); // .ci/arm64-check looks for it
        byte[] whole = Files.readAllBytes(lib);
        assertTrue(whole.length > 100_000, "a library of " + whole.length + " bytes");
        assertEquals(0x7f, whole[0]); // ELF
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(lib, written);

        assertEquals(lib, SqliteNative.cached(cache));
        assertEquals(written, Files.getLastModifiedTime(lib), "a whole copy is not written again");

        byte[] damaged = whole.clone(); // the same size, some bytes changed: only the CRC tells
        damaged[whole.length / 2] ^= 0x5a;
        Files.write(lib, damaged);
        assertEquals(lib, SqliteNative.cached(cache));
        assertNotEquals(written, Files.getLastModifiedTime(lib));
        assertArrayEquals(whole, Files.readAllBytes(lib));
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "no temporary copy left behind");
        }
    }
}
