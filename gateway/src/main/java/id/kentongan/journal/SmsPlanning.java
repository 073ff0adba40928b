package id.kentongan.journal;

import id.kentongan.alert.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMS part of one group commit: asks the {@link SmsPlanner} which messages each new event causes and
 * inserts them in the same transaction. Journal thread only, inside {@link JournalWriter}'s commit.
 */
final class SmsPlanning {

    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private volatile long failures;
    long failures() {
        return failures;
    }

    /**
     * The SMS each of {@code events} causes, inserted in this transaction, one event after the other (an
     * all-clear planned after its alarm in the same batch sees the alarm's messages). A planner that
     * throws costs that event its messages, never the batch: the event itself is journaled.
     */
    int plan(Connection c, Statements statements, List<Event> events, SmsPlanner p) throws SQLException {
        if (p == SmsPlanner.NONE || events.isEmpty()) {
            return 0;
        }
        long now = System.currentTimeMillis();
        int[] queued = {0};
        PreparedStatement add = statements.on(c, SmsRows.INSERT);
        PreparedStatement cancel = statements.on(c, SmsRows.CANCEL);
        PreparedStatement byId = statements.on(c, EventRows.SELECT + " WHERE identifier = ?");
        PreparedStatement reached = statements.on(c, SmsRows.RECIPIENTS);
        SmsPlanner.Journaled journaled = new SmsPlanner.Journaled() {
            @Override
            public Event event(String identifier) throws SQLException {
                byId.setString(1, identifier);
                try (ResultSet rs = byId.executeQuery()) {
                    return rs.next() ? EventRows.read(rs) : null;
                }
            }

            @Override
            public List<String> reached(String key) throws SQLException {
                reached.setString(1, key);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = reached.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        };
        for (Event e : events) {
            int[] rows = {0};
            boolean[] cancelled = {false};
            try {
                p.plan(e, journaled, new SmsPlanner.Plan() {
                    @Override
                    public void send(SmsRow row) {
                        try {
                            SmsRows.bind(add, row, now);
                            add.addBatch();
                            rows[0]++;
                        } catch (SQLException ex) {
                            throw new IllegalStateException(ex);
                        }
                    }

                    @Override
                    public void cancelQueued(String key, String reason) {
                        try {
                            cancel.setLong(1, now);
                            cancel.setString(2, reason);
                            cancel.setString(3, key);
                            cancel.addBatch();
                            cancelled[0] = true;
                        } catch (SQLException ex) {
                            throw new IllegalStateException(ex);
                        }
                    }
                });
            } catch (RuntimeException ex) {
                failures++;
                add.clearBatch();
                cancel.clearBatch();
                log.error("journal: the SMS of event {} could not be planned; the event is journaled "
                        + "without them: {}", e.seq(), ex.toString());
                continue;
            }
            if (cancelled[0]) {
                cancel.executeBatch();
            }
            if (rows[0] > 0) {
                add.executeBatch();
                queued[0] += rows[0];
            }
        }
        return queued[0];
    }

}
