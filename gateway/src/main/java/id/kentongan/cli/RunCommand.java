package id.kentongan.cli;

import id.kentongan.post.Gateway;
import id.kentongan.config.ProfileException;
import id.kentongan.dispatch.Inbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Locale;

/** {@code kentongan run}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway: arm the inputs and sirens, journal every event, deliver it over MQTT.")
final class RunCommand implements Callable<Integer> {

    /**
     * The exit status of a stop the battery asked for (#16); the service unit does not restart on it, so
     * a post on its last minutes of battery stays stopped until it is started again (at the next boot).
     */
    static final int POWER_OFF = 3;
    /** How long a stop asked for during the start waits for it to end: within the unit's TimeoutStopSec (20 s). */
    private static final long START_AT_MOST_SECONDS = 15;

    @Mixin
    ProfileOption profile;

    @Mixin
    StateDirOption state;

    @Option(names = "--secrets", description = "Secrets file (field nodes' keys, chmod 600). Default: "
            + "secrets.yaml beside the profile.")
    Path secrets;

    @Option(names = "--simulate", description = "Simulated GPIO (Pi4J's mock) instead of the Pi's lines; "
            + "inputs are then pressed with 'kentongan press'.")
    boolean simulate;

    @Option(names = "--sim-nodes", description = "With --simulate: play the profile's field nodes (heartbeats over "
            + "CoAP on loopback), so that they show as alive.")
    boolean simNodes;

    @Option(names = "--broker", paramLabel = "URI",
            description = "Broker to use instead of the profile's, e.g. tcp://127.0.0.1:1883.")
    String broker;

    @Option(names = "--wait", paramLabel = "park|spin", defaultValue = "park",
            description = "How the dispatch loop waits for a press: 'park' sleeps (default); 'spin' keeps one "
                    + "core busy so a press is handled within microseconds (mains power, 4-core boards).")
    String wait;

    @Option(names = "--embedded-broker", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:1883",
            description = "Where the embedded broker listens when the profile says 'embedded' "
                    + "(default: ${DEFAULT-VALUE}).")
    String embedded;

    @Override
    public Integer call() throws Exception {
        if (simNodes && !simulate) {
            System.err.println("kentongan: --sim-nodes needs --simulate");
            return 2;
        }
        Path profilePath = profile.path();
        int colon = embedded.lastIndexOf(':');
        if (colon <= 0) {
            System.err.println("kentongan: --embedded-broker must be HOST:PORT, not '" + embedded + "'");
            return 2;
        }
        Inbox.Wait how;
        try {
            how = Inbox.Wait.valueOf(wait.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("kentongan: --wait must be 'park' or 'spin', not '" + wait + "'");
            return 2;
        }
        Gateway.Options options = new Gateway.Options(profilePath, state.path(),
                simulate, broker, embedded.substring(0, colon), Integer.parseInt(embedded.substring(colon + 1)),
                secrets, simNodes, how);
        // The stop is in place before the start: a SIGTERM while the post starts (the parts after
        // arming take a few hundred ms, the field server's among them) waits for the start to end, then
        // stops the post in order, its outputs off. Before, such a signal ended the JVM with no stop at
        // all, and an output a press had set in that moment stayed driven.
        CompletableFuture<Gateway> started = new CompletableFuture<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("kentongan-shutdown").unstarted(() -> {
            Gateway g;
            try {
                g = started.get(START_AT_MOST_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) { // a start that failed closed what it had made; one that hangs, systemd kills
                return;
            }
            if (g != null) {
                g.close();
            }
            stopped.complete(null);
        }));
        Gateway gateway;
        try {
            gateway = Gateway.start(options);
            started.complete(gateway);
        } catch (ProfileException e) {
            started.complete(null);
            System.err.println("kentongan: the site profile is refused; nothing was driven:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        } catch (Exception | Error e) {
            started.completeExceptionally(e);
            throw e;
        }
        System.out.println("kentongan: running; state in " + options.stateDir() + ". Ctrl-C stops.");
        if (simulate) {
            System.out.println("kentongan: simulation; try 'kentongan press panic-1', 'kentongan status', "
                    + "'kentongan watch' in another terminal.");
        }
        CompletableFuture.anyOf(stopped, gateway.powerOff()).join();
        if (!stopped.isDone()) { // the battery is critical (#16): stop in order, and stay stopped
            System.err.println("kentongan: stopping: " + gateway.powerOff().join());
            System.exit(POWER_OFF); // the shutdown hook closes the gateway in order before the JVM ends
        }
        return 0;
    }

    static Path defaultProfile() {
        String env = System.getenv("KENTONGAN_PROFILE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("/etc/kentongan/site.yaml");
    }
}
