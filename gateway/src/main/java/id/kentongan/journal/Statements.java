package id.kentongan.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The write connection's statements, each prepared once and kept while the connection lasts: a prepare
 * is a parse of the SQL and a native statement, and a commit took three (seven with SMS) before. A
 * failed commit discards the connection, and with it these; a new connection prepares them again.
 *
 * <p>Threads: the {@code kentongan-journal} thread only.
 */
final class Statements {

    private Connection preparedOn;
    private final Map<String, PreparedStatement> bySql = new HashMap<>();

    /** {@code sql}'s statement on {@code c}, emptied of any batch a failed attempt left in it. */
    PreparedStatement on(Connection c, String sql) throws SQLException {
        if (c != preparedOn) {
            bySql.clear(); // closed with their connection
            preparedOn = c;
        }
        PreparedStatement p = bySql.get(sql);
        if (p == null) {
            p = c.prepareStatement(sql);
            bySql.put(sql, p);
        } else {
            p.clearBatch();
        }
        return p;
    }
}
