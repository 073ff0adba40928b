package id.kentongan.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The loop's thread and its lifecycle: every output driven off before the post is armed and again on the
 * way out; a turn, then a park until an input comes or the earliest deadline of the parts or of the
 * watchdog, at most a second; a turn that throws is counted and logged, and the loop goes on.
 * Threads: {@link #start} and {@link #stop} from the owner; {@link #run} is the {@code kentongan-dispatch}
 * thread, which turns the loop.
 */
final class LoopThread implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class); // where operators look for it
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DispatchLoop loop;
    private final Inbox inbox;
    private final LongSupplier nanos;
    private Watchdog watchdog = Watchdog.NONE;
    private final CompletableFuture<Void> armed = new CompletableFuture<>();
    private volatile boolean running;
    private Thread thread;

    LoopThread(DispatchLoop loop, Inbox inbox, LongSupplier nanos) {
        this.loop = loop;
        this.inbox = inbox;
        this.nanos = nanos;
    }

    /** Owner thread, before {@link #start}: who is kicked after every turn of the loop. */
    void watchWith(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    /** Owner thread: drives every output off, then starts the loop thread. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = Thread.ofPlatform().name("kentongan-dispatch").unstarted(this);
        thread.start();
    }

    /** Completes once the loop runs with every output driven to its start state: the post is armed. */
    CompletableFuture<Void> armed() {
        return armed;
    }

    /** Owner thread: stops the loop, which drives every output off on its way out, and waits for it. */
    synchronized void stop() throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        LockSupport.unpark(t);
        t.join();
        thread = null;
    }

    @Override
    public void run() {
        loop.allOff();
        armed.complete(null);
        try {
            while (running) {
                long now = nanos.getAsLong();
                try {
                    loop.runPending(now);
                } catch (RuntimeException | Error e) { // never let one fault disarm the post
                    loop.turnFailed();
                    log.error("dispatch: a turn of the loop failed; the loop goes on", e);
                }
                long turnEnd = nanos.getAsLong();
                long due = Math.min(loop.nextDeadline(), watchdog.kick(turnEnd)); // kicked only by a loop that turns
                long wait = Math.min(due - turnEnd, MAX_PARK_NANOS);
                if (wait > 0) {
                    inbox.await(wait);
                }
            }
        } finally {
            loop.allOff();
        }
    }
}
