package id.kentongan.journal;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import id.kentongan.dispatch.SourceEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.time.InstantSource;
import java.util.function.LongPredicate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import org.slf4j.LoggerFactory;

/**
 * The post's SQLite journal: the source of truth for delivery. Every event is a row; a row with no
 * {@code delivered_ms} is owed to the broker and is replayed, in (priority, sequence) order, after an
 * outage or a restart. WAL with {@code synchronous=FULL}: a commit that returned survives a crash or a
 * power cut (as far as the storage honours flush). The one exception is a commit of delivery marks
 * alone, which waits for the next commit's fsync: a power cut in between sends those events once more.
 *
 * <p>Opening the journal migrates its schema, counts a boot, and reads the last sequence number, all
 * before the dispatch loop starts. After that, writes go through the {@link JournalWriter} thread only;
 * reads ({@link #pending}, {@link #pendingCounts}) use their own connection and are thread-safe.
 */
public final class Journal implements AutoCloseable {

    /** Schema version, kept in SQLite's {@code user_version}. */
    static final int SCHEMA_VERSION = Schema.VERSION;

    private final Path file;
    /** Both {@code null} while the journal is held (its disk would not write at start); set once it opens. */
    private volatile Connection writeConnection;
    /** Journal thread: the write connection while its commits wait for the next flush, else null. */
    private Connection relaxed;
    private volatile Connection readConnection;
    private final long boot;
    private final long lastSeq;
    /** Reads event rows back, passing over those this gateway cannot read (under this object's lock). */
    private final ReadBack rows = new ReadBack();

    Journal(Path file, Connection write, Connection read, long boot, long lastSeq) {
        this.file = file;
        this.writeConnection = write;
        this.readConnection = read;
        this.boot = boot;
        this.lastSeq = lastSeq;
    }

    /**
     * Opens the journal; a damaged one (not a database, failing SQLite's quick check) is moved aside,
     * with its WAL, as {@code journal.db.damaged-<time>}, and a fresh journal is started
     * ({@link Recovery#openOrQuarantine}). {@link #quarantined()} says what happened, for the supervision alert.
     */
    public static Journal openOrQuarantine(Path file, InstantSource clock) throws IOException, SQLException {
        return Recovery.openOrQuarantine(file, clock);
    }

    /**
     * As {@link #openOrQuarantine}, but a journal whose file system is full or read-only at start is
     * held instead of refused ({@link Recovery#openOrHold}): the post arms and sounds without it.
     */
    public static Journal openOrHold(Path file, InstantSource clock) throws IOException, SQLException {
        return Recovery.openOrHold(file, clock);
    }

    String quarantined;
    /** Why the journal could not be opened at start, while it still cannot; {@code null} once open. */
    volatile String held;

    /** Why the journal is held (its disk would not write at start, nor since), or {@code null} if it is open. */
    public String held() {
        return held;
    }

    /** Why the journal was moved aside at this start, or {@code null} if it was sound. */
    public String quarantined() {
        return quarantined;
    }

    synchronized String quickCheck() throws SQLException {
        try (Statement st = readConnection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }

    public static Journal open(Path file) throws IOException, SQLException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Connection w = Schema.connect(file);
        try {
            Schema.migrate(w);
            long boot = Schema.countBoot(w);
            long lastSeq;
            try (Statement st = w.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
                lastSeq = rs.getLong(1);
            }
            w.setAutoCommit(false);
            return new Journal(file, w, Schema.connect(file), boot, lastSeq);
        } catch (SQLException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The SMS outbox, read through this journal's read connection. */
    public SmsOutbox smsOutbox() {
        return new SmsOutbox(this);
    }

    /** For {@link SmsOutbox}, under this journal's lock; {@code null} while the journal is held. */
    Connection readConnection() {
        return readConnection;
    }

    /** This run's boot number: 1 on the first start of a fresh journal. */
    public long boot() {
        return boot;
    }

    /** The highest sequence number journaled before this run. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * For the {@link JournalWriter} only, on its thread. A held or discarded connection is opened here, so each retry of
     * the writer tries the disk again; this throws while it still cannot be written.
     */
    Connection writeConnection() throws SQLException {
        Connection w = writeConnection;
        return w != null ? w : openWriter();
    }

    /**
     * Journal thread only (not under this object's lock, which the readers' scans hold): whether the write
     * connection's commits are each flushed ({@code synchronous=FULL}, as every connection opens) or wait
     * for the next flushed one ({@code NORMAL}; see {@link JournalWriter}). Kept with the connection, so
     * that whoever writes next on it knows what it was left at.
     */
    void flushCommits(Connection c, boolean flushed) throws SQLException {
        if ((relaxed != c) == flushed) {
            return;
        }
        c.setAutoCommit(true); // SQLite refuses to change it inside a transaction; the driver's is empty here
        try (Statement st = c.createStatement()) {
            st.executeUpdate(flushed ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        } finally {
            c.setAutoCommit(false);
        }
        relaxed = flushed ? null : c;
    }

    /**
     * Journal thread, after a failed commit: closes the write connection, so that the next
     * {@link #writeConnection} opens a fresh one in a clean transaction state.
     */
    synchronized void discardWriteConnection() {
        Connection w = writeConnection;
        writeConnection = null;
        if (w != null) {
            try {
                w.close();
            } catch (SQLException e) {
                // closing a connection in trouble: the fresh one is what counts
            }
        }
    }

    private synchronized Connection openWriter() throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SQLException("journal directory: " + e, null, 14);
        }
        Connection w = Schema.connect(file);
        try {
            Schema.migrate(w);
            Schema.raiseBoot(w, boot); // later boots count on from this one
            w.setAutoCommit(false);
            if (readConnection == null) {
                readConnection = Schema.connect(file);
            }
        } catch (SQLException | RuntimeException e) {
            w.close();
            throw e;
        }
        writeConnection = w;
        if (held != null) {
            held = null;
            LoggerFactory.getLogger(Journal.class).warn("journal: {} opened: its disk writes again", file);
        }
        return w;
    }

    /**
     * Events not yet delivered, most important first, then oldest first.
     *
     * @param skip sequence numbers the caller already holds; they do not count towards {@code limit}
     */
    public List<Event> pending(int limit, LongPredicate skip) throws SQLException {
        return pending(null, -1, limit, skip);
    }

    /**
     * As {@link #pending(int, LongPredicate)}, from the place after ({@code afterClass}, {@code afterSeq})
     * in that order: a reader that knows every owed row up to a place need not walk them again.
     *
     * @param afterClass the class of the place, or {@code null} to begin with the first row
     * @param afterSeq   within that class, rows after this sequence
     */
    public synchronized List<Event> pending(Priority afterClass, long afterSeq, int limit, LongPredicate skip)
            throws SQLException {
        if (readConnection == null) {
            return new ArrayList<>(); // held: nothing journaled this run can be owed from the disk yet
        }
        return rows.owed(readConnection, afterClass, afterSeq, limit, skip);
    }

    /**
     * What each source (field node) sent most recently, newest first, at most {@code perSource} each:
     * lets the dispatch loop recognise a retry that spans a restart of the gateway.
     *
     * @return source -> (source ref -> {seq, identifier})
     */
    public synchronized Map<String, Map<String, SourceEvent>> recentSourceRefs(int perSource) throws SQLException {
        Map<String, Map<String, SourceEvent>> out = new HashMap<>();
        if (readConnection == null) {
            return out;
        }
        try (PreparedStatement ps = readConnection.prepareStatement(
                "SELECT source, source_ref, seq, identifier, kind, sent_ms FROM events WHERE source_ref IS NOT NULL "
                        + "ORDER BY seq DESC LIMIT ?")) {
            ps.setInt(1, perSource * 1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, SourceEvent> m = out.computeIfAbsent(rs.getString(1),
                            k -> new LinkedHashMap<>());
                    if (m.size() < perSource) {
                        m.putIfAbsent(rs.getString(2), new SourceEvent(rs.getLong(3), rs.getString(4),
                                AlertKind.fromWireName(rs.getString(5)), rs.getLong(6)));
                    }
                }
            }
        }
        return out;
    }

    /** What the self-test record holds (#16): results, postponements and failures, by kind. */
    // by (source, source_ref): the partial index of the field nodes' refs finds these few rows without a scan
    static final String SELF_TESTS = EventRows.SELECT + " WHERE source_ref IS NOT NULL AND source IN "
            + "('selftest:circuit', 'selftest:audible') AND kind IN ('self-test-passed', 'self-test-failed', "
            + "'self-test-postponed') ORDER BY seq DESC LIMIT ?";

    /** The self-test record (#16), newest first, at most {@code limit}. */
    public synchronized List<Event> selfTests(int limit) throws SQLException {
        if (readConnection == null) {
            return List.of();
        }
        try (PreparedStatement ps = readConnection.prepareStatement(SELF_TESTS)) {
            ps.setInt(1, limit);
            return readable(ps);
        }
    }

    /** Events {@code from..to} by sequence number (whether delivered or not), for a centre's replay. */
    public synchronized List<Event> range(long from, long to) throws SQLException {
        if (readConnection == null) {
            return List.of();
        }
        try (PreparedStatement ps = readConnection.prepareStatement(
                EventRows.SELECT + " WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            return readable(ps);
        }
    }

    /** Events sent since {@code sinceMillis}, oldest first, at most {@code limit} (the newest ones). */
    public synchronized List<Event> since(long sinceMillis, int limit) throws SQLException {
        if (readConnection == null) {
            return List.of();
        }
        try (PreparedStatement ps = readConnection.prepareStatement(
                "SELECT * FROM (" + EventRows.SELECT + " WHERE sent_ms >= ? ORDER BY seq DESC LIMIT ?) "
                        + "ORDER BY seq")) {
            ps.setLong(1, sinceMillis);
            ps.setInt(2, limit);
            return readable(ps);
        }
    }

    /** The rows a query returns that this gateway can read; the others are logged once and passed over. */
    private List<Event> readable(PreparedStatement ps) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Event e = rows.readOrNull(rs);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** How many events each priority class still owes the broker. */
    public synchronized Map<Priority, Long> pendingCounts() throws SQLException {
        Map<Priority, Long> counts = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            counts.put(p, 0L);
        }
        if (readConnection == null) {
            return counts;
        }
        try (Statement st = readConnection.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT priority, COUNT(*) FROM events WHERE delivered_ms IS NULL GROUP BY priority")) {
            while (rs.next()) {
                counts.put(Priority.ofOrdinal(rs.getInt(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    /** Total rows, for status. */
    public synchronized long size() throws SQLException {
        if (readConnection == null) {
            return 0;
        }
        try (Statement st = readConnection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
            return rs.getLong(1);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        try {
            if (readConnection != null) {
                readConnection.close();
            }
        } finally {
            if (writeConnection != null) {
                writeConnection.close();
            }
        }
    }
}
