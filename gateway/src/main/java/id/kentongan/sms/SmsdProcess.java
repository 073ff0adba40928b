package id.kentongan.sms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Simulation only: the real {@code gammu-smsd} with Gammu's dummy phone, run by the gateway for one
 * modem in {@code <state>/sms/<modem>/}, with a configuration written there. The gateway runs it itself
 * so that {@code ./kentongan run --simulate} is the one command to try SMS, and stops it when it stops.
 * A daemon left running by a killed gateway is found by its pid file and adopted, not started twice
 * (two daemons on one outbox would race for its files); one that dies is started again, at most every
 * few seconds. On a post, systemd runs the daemon (see {@code firmware-config/gammu/}), never the gateway.
 *
 * <p>Threads: {@link #start} and {@link #close} from the owner; {@link #check} from the {@code kentongan-sms} thread.
 */
public final class SmsdProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmsdProcess.class);
    private static final long RESTART_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final Path dir;
    private final String executable;
    private final LongSupplier nanos;
    private volatile ProcessHandle daemon;
    private long lastStart;
    private volatile boolean closed;

    private SmsdProcess(Path dir, String executable, LongSupplier nanos) {
        this.dir = dir;
        this.executable = executable;
        this.nanos = nanos;
        this.lastStart = nanos.getAsLong() - RESTART_NANOS;
    }

    /** The configuration of a simulated modem whose spool is {@code dir}: the dummy phone in {@code dir/phone/}. */
    public static String dummyConfig(Path dir) {
        return dummyConfig(dir, 1);
    }

    /**
     * @param loopSleep seconds the daemon sleeps between looks: 1 sends about one message a second, as a
     *                  modem might; 0 sends as fast as it can and keeps a third of a core busy (tests that
     *                  send hundreds set {@code KENTONGAN_SMSD_LOOPSLEEP=0})
     */
    static String dummyConfig(Path dir, int loopSleep) {
        String d = dir.toAbsolutePath().toString();
        return """
                # Written by the gateway for the simulation: Gammu's dummy phone, no modem.
                [gammu]
                device = %1$s/phone/
                connection = none
                model = dummy

                [smsd]
                service = files
                inboxpath = %1$s/inbox/
                outboxpath = %1$s/outbox/
                sentsmspath = %1$s/sent/
                errorsmspath = %1$s/error/
                inboxformat = unicode
                transmitformat = auto
                logfile = %1$s/smsd.log
                debuglevel = 1
                checkbattery = 0
                checksignal = 0
                commtimeout = 1
                receivefrequency = 1
                statusfrequency = 0
                loopsleep = %2$d
                """.formatted(d, loopSleep);
    }

    /**
     * Starts (or adopts) the daemon for the spool {@code dir}.
     *
     * @throws IOException if {@code gammu-smsd} cannot be run (not installed)
     */
    public static SmsdProcess start(Path dir, LongSupplier nanos) throws IOException {
        new Spool(dir).create();
        Files.createDirectories(dir.resolve("phone"));
        Path config = dir.resolve("smsdrc");
        Files.writeString(config, dummyConfig(dir, "0".equals(System.getenv("KENTONGAN_SMSD_LOOPSLEEP")) ? 0 : 1),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        SmsdProcess p = new SmsdProcess(dir, "gammu-smsd", nanos);
        Optional<ProcessHandle> left = p.leftRunning();
        if (left.isPresent()) {
            p.daemon = left.get();
            log.info("sms: adopted the simulation's gammu-smsd (pid {}) left running in {}", left.get().pid(), dir);
        } else {
            p.launch();
        }
        return p;
    }

    /** The daemon's process id now, or -1. */
    public long pid() {
        ProcessHandle d = daemon;
        return d != null && d.isAlive() ? d.pid() : -1;
    }

    public Path dir() {
        return dir;
    }

    /** The daemon's log, where it says why a message failed. */
    public Path logFile() {
        return dir.resolve("smsd.log");
    }

    /** Starts the daemon again if it died, not more often than every few seconds. */
    public void check() {
        ProcessHandle d = daemon;
        if (closed || (d != null && d.isAlive()) || nanos.getAsLong() - lastStart < RESTART_NANOS) {
            return;
        }
        try {
            log.warn("sms: the simulation's gammu-smsd is not running; starting it again");
            launch();
        } catch (IOException e) {
            log.error("sms: cannot start gammu-smsd again: {}", e.getMessage());
        }
    }

    private void launch() throws IOException {
        lastStart = nanos.getAsLong();
        Path pid = dir.resolve("smsd.pid");
        Files.deleteIfExists(pid);
        Process p;
        try {
            p = new ProcessBuilder(executable, "--config", dir.resolve("smsdrc").toString(), "--pid", pid.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("smsd.out").toFile())).start();
        } catch (IOException e) {
            throw new IOException("cannot run gammu-smsd for the simulated modem (is the gammu-smsd package "
                    + "installed? apt-get install gammu-smsd): " + e.getMessage(), e);
        }
        daemon = p.toHandle(); // the daemon writes its pid file itself (and refuses one naming a live process)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!Files.exists(pid) && p.isAlive() && System.nanoTime() < until) {
            try {
                Thread.sleep(10); // a few ms: the file is what a restarted gateway adopts the daemon by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("sms: started gammu-smsd (pid {}) with the dummy phone in {}", p.pid(), dir);
    }

    /** The daemon a killed gateway left running on this spool, if its pid file names one. */
    private Optional<ProcessHandle> leftRunning() {
        try {
            String text = Files.readString(dir.resolve("smsd.pid")).trim();
            Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(text));
            return h.filter(ProcessHandle::isAlive).filter(x -> x.info().commandLine()
                    .map(c -> c.contains("gammu-smsd") && c.contains(dir.resolve("smsdrc").toString())).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the daemon: SIGTERM, then SIGKILL after five seconds. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        ProcessHandle d = daemon;
        if (d == null || !d.isAlive()) {
            return;
        }
        d.destroy();
        try {
            d.onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            d.destroyForcibly();
        }
    }
}
