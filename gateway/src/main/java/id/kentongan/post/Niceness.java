package id.kentongan.post;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The dispatch loop ahead of everything started after it, in the kernel's scheduler: the parts started
 * once the loop is armed (the uplink and Paho's threads, Californium's, the field's acks, SMS, the card
 * reader, the control socket, the status server) run {@link #BELOW_THE_LOOP} steps nicer. On a core
 * shared with a flood of field traffic the kernel then runs the loop, and so sounds the siren, before
 * them (bench P6, 10,000 nodes on the gateway's one core: a press's p99 under that load 223-343 us in
 * three runs, 469-748 us before in four). It is also what keeps a CoAP flood from
 * outside from taking the loop's core.
 *
 * <p>Why this way: Linux keeps a niceness per thread, a new thread takes its creator's, and a process
 * may raise its own threads' niceness without privilege but never lower it again. So the parts are
 * started from a short-lived thread that raises its own niceness first: every thread they start,
 * and every thread those start (Paho's at each reconnect), inherits it; the loop, the journal writer
 * started before it, the GPIO provider's threads and the JVM's own keep theirs, and so does the
 * caller (a test or the bench may start another gateway later). Where the C library cannot be reached
 * the parts start all the same, at the caller's niceness, and one line says so.
 *
 * <p>Threads: {@link #startBelowTheLoop} from the wiring thread, which it blocks until the parts started;
 * the work runs on {@code kentongan-start}.
 */
final class Niceness {

    /** How much nicer than the loop the parts run: CFS gives a thread at 10 about a tenth of one at 0. */
    static final int BELOW_THE_LOOP = 10;
    private static final int NICEST = 19;

    private static final Logger log = LoggerFactory.getLogger(Niceness.class);
    private static final int PRIO_PROCESS = 0;

    /** getpriority(2), setpriority(2): with PRIO_PROCESS and who 0, Linux reads and sets the calling thread's. */
    interface LibC extends Library {
        int getpriority(int which, int who);

        int setpriority(int which, int who, int prio);
    }

    private Niceness() {
    }

    /** Runs {@code parts} on a thread at {@link #BELOW_THE_LOOP}, and waits for it; rethrows what it threw. */
    static void startBelowTheLoop(Callable<Void> parts) throws Exception {
        FutureTask<Void> task = new FutureTask<>(() -> {
            lowerThisThread();
            return parts.call();
        });
        Thread t = Thread.ofPlatform().name("kentongan-start").start(task);
        try {
            task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        } finally {
            t.join();
        }
    }

    private static void lowerThisThread() {
        try {
            LibC c = Native.load("c", LibC.class);
            int nice = Math.min(NICEST, c.getpriority(PRIO_PROCESS, 0) + BELOW_THE_LOOP);
            if (c.setpriority(PRIO_PROCESS, 0, nice) != 0) {
                log.warn("scheduling: niceness {} refused (errno {}): the parts started after the loop share the "
                        + "CPU with it equally", nice, Native.getLastError());
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("scheduling: no C library to set niceness with ({}): the parts started after the loop share "
                    + "the CPU with it equally", e.toString());
        }
    }
}
