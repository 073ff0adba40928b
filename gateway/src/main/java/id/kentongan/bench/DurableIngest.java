package id.kentongan.bench;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * P3, the journal's part: events made durable (WAL, synchronous=FULL) through the group-committing
 * writer, each acknowledged only when the commit holding it has returned. Baselines in the same run,
 * on the same disk: SQLite with one insert per transaction (what durability costs without group
 * commit), and SQLite inserting 1,000 rows per transaction (the limit).
 */
final class DurableIngest {

    private DurableIngest() {
    }

    record Result(double eventsPerSecond, Latency ackAtMax, double pacedRate, Latency ackPaced, double onePerTxn,
                  double batched) {
    }

    private static final Post POST = new Post("bench", "bench", "bench", "z1", ZoneId.of("Asia/Jakarta"));

    static Result run(Path dir, int events) throws Exception {
        Latency atMax = new Latency();
        double rate = journal(dir.resolve("p3-max.db"), events, 0, atMax);
        Latency paced = new Latency();
        int pacedRate = 20_000;
        journal(dir.resolve("p3-paced.db"), Math.min(events, pacedRate * 3), pacedRate, paced);
        return new Result(rate, atMax, pacedRate, paced, sqliteOnePerTransaction(dir.resolve("p3-one.db")),
                sqliteBatched(dir.resolve("p3-batch.db"), events));
    }

    /** @param perSecond 0 for as fast as the writer takes them */
    private static double journal(Path file, int n, int perSecond, Latency ack) throws Exception {
        try (Journal j = Journal.open(file)) {
            long base = j.lastSeq();
            long[] appendedAt = new long[n];
            AtomicLong committed = new AtomicLong();
            AtomicLong lastCommitAt = new AtomicLong();
            JournalWriter w = new JournalWriter(j, new JournalWriter.Listener() {
                @Override
                public void committed(long highestSeq, List<Event> batch) {
                    long now = System.nanoTime();
                    for (Event e : batch) {
                        ack.record(now - appendedAt[(int) (e.seq() - base - 1)]);
                    }
                    lastCommitAt.set(now);
                    committed.addAndGet(batch.size());
                }

                @Override
                public void delivered(long[] seqs) {
                }
            });
            w.start();
            long t0 = System.nanoTime();
            long gap = perSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
            for (int i = 0; i < n; i++) {
                if (gap > 0) {
                    long due = t0 + i * gap;
                    long wait = due - System.nanoTime();
                    if (wait > 20_000) {
                        LockSupport.parkNanos(wait);
                    }
                }
                long seq = base + i + 1;
                appendedAt[i] = System.nanoTime();
                w.append(new Event(seq, j.boot(), Event.identifier(POST, j.boot(), seq), AlertKind.LEVEL,
                        Priority.TELEMETRY, "n" + (i % 64), "z1", System.currentTimeMillis(), Event.CapStatus.Actual,
                        Event.MsgType.Alert, null, j.boot() + "/" + i, 1.5));
            }
            while (committed.get() < n) {
                Thread.sleep(1);
            }
            w.stop();
            return n / ((lastCommitAt.get() - t0) / 1e9);
        }
    }

    private static final String ROW = "INSERT INTO events(seq, identifier, kind, priority, source, sent_ms, payload) "
            + "VALUES (?, ?, 'level', 3, 'n1', ?, ?)";

    private static Connection sqlite(Path file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=FULL");
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, identifier TEXT UNIQUE, "
                    + "kind TEXT, priority INTEGER, source TEXT, sent_ms INTEGER, payload TEXT)");
        }
        return c;
    }

    /** One insert per transaction, autocommit, for two seconds or 5,000 rows. */
    static double sqliteOnePerTransaction(Path file) throws Exception {
        try (Connection c = sqlite(file); PreparedStatement ps = c.prepareStatement(ROW)) {
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(2);
            int n = 0;
            while (System.nanoTime() < end && n < 5_000) {
                bind(ps, n++);
                ps.executeUpdate();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** 1,000 rows per transaction: what SQLite can do when nobody waits for a single row. */
    static double sqliteBatched(Path file, int n) throws Exception {
        try (Connection c = sqlite(file); PreparedStatement ps = c.prepareStatement(ROW)) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bind(ps, i);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void bind(PreparedStatement ps, int i) throws Exception {
        ps.setLong(1, i + 1);
        ps.setString(2, "KTG-bench-bench-1-" + (i + 1));
        ps.setLong(3, System.currentTimeMillis());
        ps.setString(4, "n1/" + i);
    }

    static List<Figure> figures(Result r) {
        return List.of(
                new Figure("P3", "journal: durable events/s (each acked after its commit)", r.eventsPerSecond(),
                        "events/s", "SQLite one insert per transaction", r.onePerTxn(),
                        "ack latency at max rate: " + r.ackAtMax().summary()),
                new Figure("P3", "journal: durable events/s vs the limit", r.eventsPerSecond(), "events/s",
                        "SQLite 1,000 rows per transaction", r.batched(), ""),
                new Figure("P3", "journal: ack p99 at " + Math.round(r.pacedRate()) + " events/s", r.ackPaced().p(99),
                        "us", "one insert per transaction, mean", 1e6 / r.onePerTxn(),
                        "paced: " + r.ackPaced().summary()));
    }
}
