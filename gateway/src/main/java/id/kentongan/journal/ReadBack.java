package id.kentongan.journal;

import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Event rows read back from the journal's read connection: the owed ones a page at a time, and any row
 * this gateway cannot read (a newer gateway's kind, a damaged value) logged once and passed over.
 *
 * <p>Threads: whoever holds the {@link Journal}'s lock, which its read methods take.
 */
final class ReadBack {

    private final Set<Long> unreadable = new HashSet<>();

    /** Owed rows after a place ({@code afterClass} null: from the first), as {@link Journal#pending} gives them. */
    List<Event> owed(Connection read, Priority afterClass, long afterSeq, int limit, LongPredicate skip)
            throws SQLException {
        List<Event> out = new ArrayList<>();
        int page = Math.max(limit, 64);
        int lastPriority = afterClass == null ? -1 : afterClass.ordinal();
        long lastSeq = afterClass == null ? -1 : afterSeq;
        // keyset paging: rows marked delivered between two pages cannot shift what the next page starts at
        try (PreparedStatement ps = read.prepareStatement(EventRows.OWED_AFTER)) {
            while (out.size() < limit) {
                ps.setInt(1, lastPriority);
                ps.setLong(2, lastSeq);
                ps.setInt(3, page);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        rows++;
                        long seq = rs.getLong(1);
                        lastPriority = rs.getInt(5);
                        lastSeq = seq;
                        if (skip.test(seq)) {
                            continue;
                        }
                        Event e = readOrNull(rs);
                        if (e != null) {
                            out.add(e);
                        }
                    }
                }
                if (rows < page) {
                    break;
                }
            }
        }
        return out;
    }

    /** The row at {@code rs}, or null for one this gateway cannot read: logged the first time, and passed over. */
    Event readOrNull(ResultSet rs) throws SQLException {
        try {
            return EventRows.read(rs);
        } catch (SQLException | RuntimeException e) {
            long seq = rs.getLong(1);
            if (unreadable.add(seq)) {
                LoggerFactory.getLogger(Journal.class).error(
                        "journal: row {} cannot be read by this gateway and is not sent: {}", seq, e.getMessage());
            }
            return null;
        }
    }
}
