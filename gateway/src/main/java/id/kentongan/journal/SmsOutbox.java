package id.kentongan.journal;

import id.kentongan.alert.Priority;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The journal's SMS outbox as the SMS part reads it: the next messages in the order they go (life-safety
 * first, then the phone tree's people before residents, the alert's own zone before others, then oldest
 * first), a page at a time, so memory stays bounded however many wait; and how many are in each state.
 * Reads share the journal's read connection, under its lock. Any thread.
 */
public final class SmsOutbox {

    private final Journal journal;

    SmsOutbox(Journal journal) {
        this.journal = journal;
    }

    /**
     * At most {@code limit} waiting messages, in the order they are to be handed over.
     *
     * @param skip handles the caller holds already (handed, not yet marked); they do not count
     */
    public List<SmsRow.Waiting> next(int limit, Predicate<String> skip, int skipped) throws SQLException {
        synchronized (journal) {
            Connection c = journal.readConnection();
            List<SmsRow.Waiting> out = new ArrayList<>();
            if (c == null) {
                return out;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, handle, recipient, priority, rank, seq, "
                    + "purpose, text FROM sms_outbox WHERE state = 0 ORDER BY priority, rank, seq, id LIMIT ?")) {
                ps.setInt(1, limit + skipped);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        if (skip.test(rs.getString(2))) {
                            continue;
                        }
                        int p = rs.getInt(4);
                        out.add(new SmsRow.Waiting(rs.getLong(1), rs.getString(2), rs.getString(3),
                                Priority.ofOrdinal(Math.max(0, Math.min(p, Priority.values().length - 1))),
                                rs.getInt(5), rs.getLong(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return out;
        }
    }

    /** Messages in each state, every state present. */
    public Map<SmsRow.State, Long> counts() throws SQLException {
        Map<SmsRow.State, Long> counts = new EnumMap<>(SmsRow.State.class);
        for (SmsRow.State s : SmsRow.State.values()) {
            counts.put(s, 0L);
        }
        synchronized (journal) {
            Connection c = journal.readConnection();
            if (c == null) {
                return counts;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM sms_outbox GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int s = rs.getInt(1);
                    if (s >= 0 && s < SmsRow.State.values().length) {
                        counts.put(SmsRow.State.values()[s], rs.getLong(2));
                    }
                }
            }
        }
        return counts;
    }

    /**
     * A message as {@code kentongan sms list} shows it: the recipient's register key, never a number.
     *
     * @param reason the daemon's word on a failed message, or why it was cancelled
     */
    public record Shown(long id, long seq, String recipient, String purpose, String state, String modem,
                        Long handedMillis, Long doneMillis, String reason, String text) {
    }

    /** The newest {@code limit} messages, newest first. */
    public List<Shown> newest(int limit) throws SQLException {
        synchronized (journal) {
            Connection c = journal.readConnection();
            List<Shown> out = new ArrayList<>();
            if (c == null) {
                return out;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, seq, recipient, purpose, state, modem, "
                    + "handed_ms, done_ms, reason, text FROM sms_outbox ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int s = rs.getInt(5);
                        out.add(new Shown(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                s >= 0 && s < SmsRow.State.values().length
                                        ? SmsRow.State.values()[s].name().toLowerCase(java.util.Locale.ROOT) : "?",
                                rs.getString(6), nullable(rs, 7), nullable(rs, 8), rs.getString(9), rs.getString(10)));
                    }
                }
            }
            return out;
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
