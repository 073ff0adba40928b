package id.kentongan.journal;

import id.kentongan.alert.Event;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal file read by the command line beside a live gateway: read-only, without opening it for
 * writing (no migration, no boot counted), each query on a connection of its own. Threads: any; nothing
 * is held between calls.
 */
public final class JournalFile {

    private JournalFile() {
    }

    /**
     * Looks one event up: for {@code kentongan export-cap}.
     *
     * @param seqOrIdentifier a sequence number or a CAP identifier
     * @return the event, or {@code null}
     */
    public static Event lookUp(Path file, String seqOrIdentifier) throws SQLException {
        try (Connection c = readOnly(file);
             PreparedStatement ps = c.prepareStatement(
                     EventRows.SELECT + " WHERE identifier = ? OR seq = ?")) {
            ps.setString(1, seqOrIdentifier);
            long seq = -1;
            try {
                seq = Long.parseLong(seqOrIdentifier);
            } catch (NumberFormatException notASeq) {
                // an identifier
            }
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? EventRows.read(rs) : null;
            }
        }
    }

    /** The self-test record (#16), newest first: for {@code kentongan selftest --history}. */
    public static List<Event> selfTests(Path file, int limit) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (Connection c = readOnly(file);
             PreparedStatement ps = c.prepareStatement(Journal.SELF_TESTS)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(EventRows.read(rs));
                    } catch (SQLException e) {
                        // a row of a newer gateway: not part of this record
                    }
                }
            }
        }
        return out;
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
