package id.kentongan.micro;

import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * The dispatch loop's own work for one press, with no thread wake-up in it: a press edge taken from
 * the inbox and handled (alert raised, siren and strobe set, event handed to journal and uplink), then
 * the release and the guard's silence. The loop is stepped on this thread with a hand-moved clock, as
 * the unit tests do; the journal and uplink hand-offs are empty, so what is measured is the loop.
 * Compare with P1 of {@code kentongan bench}, whose idle figure is mostly the wake-up of a parked thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchTurnBench {

    private static final String POST = """
            post: { id: bench, village: bench }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17, debounce: 0ms }
              - { id: silence, pin: 25, role: silence, debounce: 0ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
              - { id: strobe-1, pin: 6, role: strobe }
            rules:
              - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1, strobe-1] }
            uplink:
              brokers: [tcp://127.0.0.1:1]
            """;

    private final boolean[] lines = new boolean[2];
    private DispatchLoop loop;
    private Inbox inbox;
    private int panic;
    private int silence;
    private long now;

    @Setup(Level.Trial)
    public void wire() throws Exception {
        SiteProfile profile = ProfileLoader.load(Path.of("bench.yaml"), new StringReader(POST));
        panic = profile.inputIndex("panic-1");
        silence = profile.inputIndex("silence");
        inbox = new Inbox(1024);
        now = 1_000_000_000L;
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (o, on) -> lines[o] = on, e -> { }, e -> { },
                InstantSource.system(), () -> now);
        loop.allOff();
    }

    @Benchmark
    public boolean pressThenSilence() {
        now += TimeUnit.SECONDS.toNanos(1); // past any lockout: each press is a new one
        inbox.offerEdge(panic, true, now);
        loop.runPending(now);
        boolean sounded = lines[0];
        inbox.offerEdge(panic, false, now);
        inbox.offerEdge(silence, true, now);
        inbox.offerEdge(silence, false, now);
        loop.runPending(now);
        return sounded;
    }
}
