package id.kentongan.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;

/**
 * How the journal is opened when its file is not as it should be: damaged (moved aside, a fresh one
 * started) or on a disk that will not write at start (held: the post arms without it). Sirens never
 * wait on the disk, and a journal is never wiped. Owner thread, at start, before the dispatch loop runs.
 */
final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private Recovery() {
    }

    /**
     * Opens the journal; a damaged one (not a database, failing SQLite's quick check) is moved aside,
     * with its WAL, as {@code journal.db.damaged-<time>}: kept for recovery, never wiped, and a fresh
     * journal is started. The fresh journal's boot counter starts at the current epoch second, so its
     * identifiers cannot repeat the damaged one's (subscribers deduplicate by identifier).
     * {@link #quarantined()} says what happened, for the supervision alert.
     */
    static Journal openOrQuarantine(Path file, InstantSource clock) throws IOException, SQLException {
        String why;
        try {
            Journal j = Journal.open(file);
            String check = j.quickCheck();
            if (check.equals("ok")) {
                return j;
            }
            j.close();
            why = "integrity check: " + check;
        } catch (SQLException e) {
            int code = e.getErrorCode();
            if (code != 11 && code != 26) { // SQLITE_CORRUPT, SQLITE_NOTADB: anything else is not damage
                throw e;
            }
            why = e.getMessage();
        }
        String suffix = ".damaged-" + clock.instant().toString().replace(':', '-');
        Path aside = file.resolveSibling(file.getFileName() + suffix);
        Files.move(file, aside);
        for (String extra : new String[] {"-wal", "-shm"}) {
            Path f = file.resolveSibling(file.getFileName() + extra);
            if (Files.exists(f)) {
                Files.move(f, file.resolveSibling(file.getFileName() + suffix + extra));
            }
        }
        try (Connection c = Schema.connect(file)) {
            Schema.migrate(c);
            Schema.raiseBoot(c, clock.instant().getEpochSecond());
        }
        Journal fresh = Journal.open(file);
        fresh.quarantined = "journal damaged (" + why + "): kept as " + aside.getFileName() + ", a fresh journal started";
        log.error("journal: {}", fresh.quarantined);
        return fresh;
    }



    /**
     * As {@link #openOrQuarantine}, but a journal whose file system is full or read-only at start is
     * held instead of refused: the post arms and sounds without it (sirens never wait on the disk), its
     * events wait in the {@link JournalWriter}'s memory, and the writer opens the journal as soon as the
     * disk writes again ({@link #writeConnection}). The boot number cannot be counted on disk meanwhile,
     * so it is the current epoch second (above every counted boot, as for a quarantined journal), and the
     * sequence goes on from what a read-only look at the file found.
     */
    static Journal openOrHold(Path file, InstantSource clock) throws IOException, SQLException {
        try {
            return openOrQuarantine(file, clock);
        } catch (SQLException | IOException e) {
            if (!unwritable(e)) {
                throw e;
            }
            long[] known = peek(file);
            Journal j = new Journal(file, null, null, Math.max(known[0] + 1, clock.instant().getEpochSecond()),
                    known[1]);
            j.held = "the journal cannot be written at start (" + e.getMessage() + ")";
            log.error("journal: {}: the post runs and sounds without "
                    + "it, holds events in memory and opens it as soon as the disk writes again; "
                    + "{} events journaled before, boot {}", j.held, known[1], j.boot());
            return j;
        }
    }

    /** A full or read-only file system, as SQLite or Java report it: not damage, not a newer schema. */

    private static boolean unwritable(Exception e) {
        if (e instanceof IOException) {
            return true; // the state directory itself cannot be made or written
        }
        int code = ((SQLException) e).getErrorCode() & 0xff;
        return code == 8 || code == 10 || code == 13 || code == 14; // READONLY, IOERR, FULL, CANTOPEN
    }

    /** {boot, highest seq} from a read-only look at {@code file}, or zeros if it cannot be read at all. */
    private static long[] peek(Path file) {
        for (String url : new String[] {"jdbc:sqlite:" + file.toAbsolutePath(),
                "jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1"}) { // no -shm to make on a read-only disk
            if (!Files.exists(file)) {
                break;
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            try (Connection c = config.createConnection(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT value FROM meta WHERE key = 'boot'), "
                         + "(SELECT COALESCE(MAX(seq), 0) FROM events)")) {
                return new long[] {rs.getLong(1), rs.getLong(2)};
            } catch (SQLException e) {
                // the next way, or nothing known
            }
        }
        return new long[] {0, 0};
    }
}
