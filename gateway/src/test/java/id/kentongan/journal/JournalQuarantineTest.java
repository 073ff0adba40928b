package id.kentongan.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged journal is kept aside, never wiped, and a fresh one starts whose identifiers cannot collide. */
class JournalQuarantineTest {

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void a_file_that_is_not_a_database_is_kept_aside_and_a_fresh_journal_starts() throws Exception {
        Path db = dir.resolve("journal.db");
        byte[] garbage = "this is not SQLite, it is what a failing SD card left behind".repeat(100).getBytes();
        Files.write(db, garbage);
        try (Journal j = Journal.openOrQuarantine(db, CLOCK)) {
            assertTrue(j.quarantined() != null && j.quarantined().contains("kept as journal.db.damaged-"),
                    j.quarantined());
            assertEquals(0, j.lastSeq());
            assertEquals(Instant.parse("2026-11-23T12:00:00Z").getEpochSecond() + 1, j.boot(),
                    "the fresh journal's boots cannot repeat the damaged one's small numbers");
            assertEquals("ok", j.quickCheck());
        }
        List<Path> aside = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("journal.db.damaged-"))
                .toList();
        assertEquals(1, aside.size());
        assertArrayEquals(garbage, Files.readAllBytes(aside.get(0)), "kept byte for byte");
    }

    @Test
    void a_sound_journal_is_opened_as_it_is() throws Exception {
        Path db = dir.resolve("journal.db");
        try (Journal j = Journal.open(db)) {
            assertEquals(1, j.boot());
        }
        try (Journal j = Journal.openOrQuarantine(db, CLOCK)) {
            assertNull(j.quarantined());
            assertEquals(2, j.boot());
        }
    }
}
