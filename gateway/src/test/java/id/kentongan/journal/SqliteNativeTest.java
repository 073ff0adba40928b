package id.kentongan.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteNativeTest {

    @Test
    void the_library_is_copied_once_under_its_own_name_and_a_damaged_copy_again(@TempDir Path cache) throws Exception {
        Path lib = SqliteNative.cached(cache);
        // its own name, so that sqlite-jdbc can still extract it from its jar if this copy will not load
        assertEquals("libsqlitejdbc.so", lib.getFileName().toString());
        assertTrue(lib.getParent().getFileName().toString().startsWith("sqlite-"), lib.toString());
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
    }

    @Test
    void other_versions_and_an_interrupted_copy_are_removed(@TempDir Path cache) throws Exception {
        Path old = Files.createDirectories(cache.resolve("sqlite-3.40.0.0-Linux-x86_64"));
        Files.write(old.resolve("libsqlitejdbc.so"), new byte[] {1, 2, 3});
        Path lib = SqliteNative.cached(cache);
        Files.write(lib.resolveSibling("libsqlitejdbc.so123.part"), new byte[] {4}); // a power cut mid-copy
        Files.write(lib, new byte[] {5}); // and the copy then damaged
        Path unrelated = Files.writeString(cache.resolve("gateway.jsa"), "the class-data archive");

        assertEquals(lib, SqliteNative.cached(cache));
        assertFalse(Files.exists(old), "an older version's folder is gone");
        try (Stream<Path> left = Files.list(lib.getParent())) {
            assertEquals(1, left.count(), "only the library is left beside it");
        }
        assertTrue(Files.exists(unrelated), "the rest of the cache is not ours to remove");
    }
}
