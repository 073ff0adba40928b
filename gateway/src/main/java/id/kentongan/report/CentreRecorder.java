package id.kentongan.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.nio.charset.StandardCharsets;

/**
 * What a command centre keeps of its posts: every event they publish, into its {@link CentreJournal},
 * once each; the gaps in each post's sequence numbers ({@link Gaps}), asked for again with a signed
 * {@code replay} when the centre holds a key.
 *
 * <p>Threads: {@link #offer} from any thread (Paho's callback thread: it only enqueues, never blocks, and
 * refuses what is too large or what would pass the queue's byte budget, counted); one
 * {@code kentongan-centre} thread, started and stopped by the owner, decodes, writes in batches and asks.
 */
public final class CentreRecorder implements AutoCloseable {

    static final int MAX_QUEUED = 10_000;
    static final long MAX_QUEUED_BYTES = 8L << 20;
    private static final int BATCH = 500;

    /** Sends a signed replay request to a post: {@code from..to}, both included. */
    public interface Asker {
        void replay(String village, String post, long from, long to) throws Exception;
    }

    /** How long a gap waits before it is asked for, and between asks. */
    public record Timing(long settleNanos, long retryNanos) {
    }

    /** What the recorder has done so far. */
    public record Counts(long received, long duplicates, long refused, long dropped, long asked, long missing) {
    }

    private record Message(String topic, byte[] payload) {
    }

    private final CentreJournal journal;
    private final Asker asker;
    private final Gaps gaps;
    private final LongSupplier nanos;
    private final LongSupplier wallMillis;
    private final Consumer<String> log;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong asked = new AtomicLong();
    private volatile long missing;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param asker {@code null} when the centre holds no key: gaps are then logged, never asked for
     * @param log   one line per alarm kept, gap asked for, and replay answered
     */
    public CentreRecorder(CentreJournal journal, Asker asker, Timing timing, LongSupplier nanos,
                          LongSupplier wallMillis, Consumer<String> log) {
        this.journal = journal;
        this.asker = asker;
        this.gaps = new Gaps(timing.settleNanos(), timing.retryNanos());
        this.nanos = nanos;
        this.wallMillis = wallMillis;
        this.log = log;
    }

    /** Any thread: hands a message over; @return false if it was refused (too large) or dropped (queue full). */
    public boolean offer(String topic, byte[] payload) {
        if (payload.length > CapRows.MAX_PAYLOAD) {
            refused.incrementAndGet();
            return false;
        }
        if (queuedBytes.addAndGet(payload.length) > MAX_QUEUED_BYTES || !queue.offer(new Message(topic, payload))) {
            queuedBytes.addAndGet(-payload.length);
            dropped.incrementAndGet(); // the gap it leaves is asked for again
            return false;
        }
        return true;
    }

    public Counts counts() {
        return new Counts(received.get(), duplicates.get(), refused.get(), dropped.get(), asked.get(), missing);
    }

    /** Owner: reads what the journal holds (to know its gaps) and starts the recording thread. */
    public synchronized void start() throws SQLException {
        long now = nanos.getAsLong();
        for (Object[] p : journal.posts()) {
            String post = (String) p[0];
            gaps.restore(post, (Long) p[1], (Long) p[2], journal.gaps(post, Gaps.MAX_RANGES), now);
        }
        missing = gaps.missing();
        running = true;
        thread = Thread.ofPlatform().name("kentongan-centre").unstarted(this::run);
        thread.start();
    }

    private void run() {
        List<Message> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Message first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    record(batch);
                    batch.clear();
                }
                ask();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // one bad turn must not end the recording
                log.accept("centre: a turn failed and was passed over: " + e);
            }
        }
        queue.drainTo(batch); // what arrived before the stop is kept
        if (!batch.isEmpty()) {
            record(batch);
        }
    }

    private void record(List<Message> batch) {
        List<Row> rows = new ArrayList<>(batch.size());
        long now = wallMillis.getAsLong();
        for (Message m : batch) {
            queuedBytes.addAndGet(-m.payload().length);
            String[] t = m.topic().split("/");
            String last = t[t.length - 1];
            String post = t.length >= 3 ? t[t.length - 3] + "/" + t[t.length - 2] : m.topic();
            switch (last) {
                case "status" -> {
                    String state = CapRows.state(m.payload());
                    if (state != null) {
                        gaps.online(post, state.equals("online"));
                    }
                }
                case "result" -> answered(post, m.payload());
                default -> {
                    try {
                        rows.add(CapRows.decode(m.payload(), now));
                    } catch (CapRows.Refused e) {
                        if (refused.incrementAndGet() <= 10) {
                            log.accept("centre: refused a message on " + m.topic() + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        boolean[] fresh;
        try {
            fresh = journal.add(rows);
        } catch (SQLException e) {
            // not kept: the gaps the next events open bring them back by replay
            log.accept("centre: the journal did not take " + rows.size() + " events: " + e.getMessage());
            return;
        }
        long t = nanos.getAsLong();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (!fresh[i]) {
                duplicates.incrementAndGet();
                continue;
            }
            received.incrementAndGet();
            gaps.seen(r.post(), r.seq(), r.boot(), t);
            if (r.isAlert() && (r.isAlarm() || !r.isActual())) {
                log.accept("kept    " + r.post() + " #" + r.seq() + " " + r.kind() + " " + r.status() + " ["
                        + r.identifier() + "]");
            }
        }
        missing = gaps.missing();
    }

    private void answered(String post, byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 512), StandardCharsets.UTF_8);
        if (text.contains("\"replay\"")) {
            log.accept("replay  " + post + " answered: " + text.replaceAll("[\\r\\n]", " "));
        }
    }

    private void ask() {
        List<Gaps.Ask> due = gaps.due(nanos.getAsLong());
        for (Gaps.Ask a : due) {
            if (asker == null) {
                log.accept("gap     " + a.post() + " events " + a.from() + ".." + a.to() + " not seen (no key to ask"
                        + " with: give --key-id and --secrets)");
                continue;
            }
            String[] vp = a.post().split("/", 2);
            try {
                asker.replay(vp[0], vp[1], a.from(), a.to());
                asked.incrementAndGet();
                log.accept("asked   " + a.post() + " to replay " + a.from() + ".." + a.to());
            } catch (Exception e) {
                log.accept("centre: could not ask " + a.post() + " to replay " + a.from() + ".." + a.to() + ": "
                        + e.getMessage());
            }
        }
    }

    /** Owner: stops the recording thread, which finishes its turn (what it took is committed), and waits. */
    @Override
    public synchronized void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
            thread = null;
        }
    }
}
