package id.kentongan.micro;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal's group commit, through the writer's public door: {@code batch} events appended at once,
 * then waited for until durable (WAL, synchronous=FULL, a real file in the temporary folder). Time per
 * operation divided by {@code batch} is the cost of one durable event at that batch size: what group
 * commit buys when a burst arrives.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class JournalCommitBench {

    private static final Post POST = new Post("bench", "bench", "bench", "z1", ZoneId.of("UTC"));

    @Param({"1", "16", "256"})
    public int batch;

    private Path dir;
    private Journal journal;
    private JournalWriter writer;
    private final AtomicLong durable = new AtomicLong();
    private long seq;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("kentongan-jmh");
        journal = Journal.open(dir.resolve("journal.db"));
        seq = journal.lastSeq();
        durable.set(seq);
        writer = new JournalWriter(journal, new JournalWriter.Listener() {
            @Override
            public void committed(long highestSeq, List<Event> events) {
                durable.set(highestSeq);
            }

            @Override
            public void delivered(long[] seqs) {
            }
        });
        writer.start();
    }

    @Benchmark
    public long appendBatchUntilDurable() {
        long boot = journal.boot();
        for (int i = 0; i < batch; i++) {
            long s = ++seq;
            writer.append(new Event(s, boot, Event.identifier(POST, boot, s), AlertKind.LEVEL, Priority.TELEMETRY,
                    "n1", "z1", 1_764_547_200_000L, Event.CapStatus.Actual, Event.MsgType.Alert, null, boot + "/" + s,
                    1.5));
        }
        while (durable.get() < seq) {
            LockSupport.parkNanos(2_000);
        }
        return seq;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        writer.stop();
        journal.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
