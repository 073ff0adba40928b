package id.kentongan.observability;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that read and answer the status server's requests. The JDK's server reads a request,
 * blocking, on the thread it hands the connection to, so a client that sends slowly holds that thread
 * until {@code maxReqTime} closes its connection: two fixed threads were blinded by two slow clients.
 * Here each request in progress has a thread of its own, made when needed and let go after 10 s idle,
 * at most {@code max}: slow clients hold only their own threads, and the page answers everyone else
 * at once. Past {@code max} the JDK closes the new connection ({@link Refusal#BUSY}).
 *
 * <p>Platform threads, not virtual ones: JDK 21's server reads inside a {@code synchronized} method,
 * which pins a virtual thread to its carrier, and four slow clients would stall every virtual thread
 * of the process.
 *
 * <p>A request that was not whole within {@code maxReqTime} is closed by the JDK, which tells no one;
 * it is seen here as a thread that ran at least that long and never reached the handler
 * ({@link Refusal#SLOW}).
 *
 * <p>Threads: the JDK's dispatcher calls {@link #execute}; {@link #answered} from the handler, on the
 * thread that runs its request; {@link #close} from the owner.
 */
final class HttpThreads implements Executor {

    /** Why a request was refused. */
    enum Refusal { SLOW, BUSY }

    private final int max;
    private final long slowNanos;
    private final Duration requestTimeout;
    private final Refusals<Refusal> refusals;
    private final ThreadPoolExecutor pool;
    private final ThreadLocal<boolean[]> answered = ThreadLocal.withInitial(() -> new boolean[1]);

    HttpThreads(int max, Duration requestTimeout, Refusals<Refusal> refusals) {
        this.max = max;
        this.requestTimeout = requestTimeout;
        // the JDK's clock starts when it hands the request over, a moment before this thread runs it
        this.slowNanos = requestTimeout.minusMillis(100).toNanos();
        this.refusals = refusals;
        this.pool = new ThreadPoolExecutor(2, max, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> Thread.ofPlatform().name("kentongan-status").daemon(true).unstarted(r));
    }

    @Override
    public void execute(Runnable request) {
        try {
            pool.execute(() -> run(request));
        } catch (RejectedExecutionException e) {
            if (!pool.isShutdown()) {
                refusals.refuse(Refusal.BUSY, max + " requests are being read or answered; a new connection "
                        + "was closed at once");
            }
            throw e; // the JDK's dispatcher closes the connection
        }
    }

    private void run(Runnable request) {
        boolean[] reached = answered.get();
        reached[0] = false;
        long start = System.nanoTime();
        try {
            request.run();
        } finally {
            if (!reached[0] && System.nanoTime() - start >= slowNanos) {
                refusals.refuse(Refusal.SLOW, "a request not whole within " + requestTimeout.toSeconds()
                        + " s of its first byte was closed (a slow or stalled client)");
            }
        }
    }

    /** The handler's first call: this thread's request was read whole. */
    void answered() {
        answered.get()[0] = true;
    }

    /** Requests being read or answered now. */
    int active() {
        return pool.getActiveCount();
    }

    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
