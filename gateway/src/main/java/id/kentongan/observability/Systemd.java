package id.kentongan.observability;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * systemd's notification protocol ({@code Type=notify}, {@code WatchdogSec=}) through libsystemd's own
 * {@code sd_notify(3)}, loaded with JNA: the JDK has no unix datagram sockets, and libsystemd knows the
 * protocol's corners (abstract sockets, credentials). Absent {@code NOTIFY_SOCKET} or libsystemd, the
 * gateway gets {@link ServiceManager#NONE} and one log line says why.
 *
 * <p>Threads: as {@link ServiceManager}. libsystemd's calls keep no state between calls, so the owner
 * thread and the loop thread may call at the same time.
 */
public final class Systemd implements ServiceManager {

    private static final Logger log = LoggerFactory.getLogger(Systemd.class);

    /** The two calls of sd-daemon(3) the gateway needs. */
    interface LibSystemd extends Library {
        int sd_notify(int unsetEnvironment, String state);

        int sd_notify(int unsetEnvironment, Pointer state);

        int sd_watchdog_enabled(int unsetEnvironment, LongByReference usec);
    }

    private final LibSystemd lib;
    private final long watchdogNanos;
    /** "WATCHDOG=1" in native memory, made once: the ping on the loop thread converts no string. */
    private final Memory ping;

    private Systemd(LibSystemd lib, long watchdogNanos) {
        this.lib = lib;
        this.watchdogNanos = watchdogNanos;
        this.ping = new Memory(16);
        ping.setString(0, "WATCHDOG=1", "US-ASCII");
    }

    /**
     * The service manager of this process: systemd when it started us with {@code Type=notify}
     * ({@code NOTIFY_SOCKET} set), else {@link ServiceManager#NONE}.
     */
    public static ServiceManager connect(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            log.info("systemd: NOTIFY_SOCKET is not set (not started by systemd's Type=notify): no readiness or "
                    + "watchdog messages");
            return NONE;
        }
        LibSystemd lib;
        try {
            lib = Native.load("systemd", LibSystemd.class);
        } catch (UnsatisfiedLinkError e) {
            log.warn("systemd: NOTIFY_SOCKET is set but libsystemd cannot be loaded ({}): no readiness or watchdog "
                    + "messages, so systemd will time the start out; install libsystemd0", e.getMessage());
            return NONE;
        }
        LongByReference usec = new LongByReference();
        // > 0 only if WATCHDOG_USEC is set and WATCHDOG_PID, when set, is this process
        long watchdog = lib.sd_watchdog_enabled(0, usec) > 0 ? TimeUnit.MICROSECONDS.toNanos(usec.getValue()) : 0;
        log.info("systemd: notifying {}; {}", socket, watchdog > 0
                ? "watchdog every " + TimeUnit.NANOSECONDS.toMillis(watchdog) + " ms, pinged at half that"
                : "no watchdog");
        return new Systemd(lib, watchdog);
    }

    @Override
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    @Override
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    @Override
    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    @Override
    public void alive() {
        try {
            lib.sd_notify(0, ping);
        } catch (RuntimeException | Error e) {
            // never let the ping hurt the loop that sends it; a missed ping is systemd's to judge
        }
    }

    @Override
    public long watchdogNanos() {
        return watchdogNanos;
    }

    private void send(String state) {
        try {
            int r = lib.sd_notify(0, state);
            if (r < 0) {
                log.warn("systemd: sd_notify({}) failed with errno {}", state.replace('\n', ' '), -r);
            }
        } catch (RuntimeException | Error e) {
            log.warn("systemd: sd_notify({}) failed: {}", state.replace('\n', ' '), e.toString());
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
