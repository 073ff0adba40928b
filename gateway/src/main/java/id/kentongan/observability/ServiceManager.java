package id.kentongan.observability;

/**
 * What the gateway tells the service manager that started it (systemd on a post): that it is ready,
 * what it is doing, that it is stopping, and that it is alive. Every call is a no-op where nobody
 * listens (a developer's terminal, the tests), so the gateway calls them unconditionally.
 *
 * <p>Threads: {@link #ready}, {@link #status} and {@link #stopping} from the owner (the composition
 * root); {@link #alive} from the dispatch loop's thread only (see {@link LoopWatchdog}).
 */
public interface ServiceManager {

    /** Nobody listens. */
    ServiceManager NONE = new ServiceManager() {
        @Override
        public void ready(String status) {
        }

        @Override
        public void status(String status) {
        }

        @Override
        public void stopping(String status) {
        }

        @Override
        public void alive() {
        }

        @Override
        public long watchdogNanos() {
            return 0;
        }
    };

    /** The post is armed and serving: {@code systemctl start} returns now. */
    void ready(String status);

    /** One line for {@code systemctl status}. */
    void status(String status);

    /** A clean stop has begun: an exit from now on is not a crash. */
    void stopping(String status);

    /** The watchdog's ping. Must not block for long, allocate much, or throw. */
    void alive();

    /** The service manager's watchdog timeout, or 0 when there is no watchdog. */
    long watchdogNanos();
}
