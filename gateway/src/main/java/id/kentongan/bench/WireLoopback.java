package id.kentongan.bench;

import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.hardware.Gpio;

import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench --loopback OUT,IN}: the wire, on the owner's own board. A jumper from output pin OUT to
 * input pin IN; the output is driven high and low, and each edge is timed from the write to the
 * gateway's own input listener seeing it (gpiod's edge event, through Pi4J, as a press comes in). The
 * baseline in the same run is the bare Pi4J mock edge to listener, the software floor under it: what
 * the figure adds to that is the board, the kernel's GPIO driver and gpiod.
 *
 * <p>With {@code --simulate} the jumper is simulated (the mock output sets the mock input), which
 * checks the measurement, not a wire. Runs on the caller's thread.
 */
public final class WireLoopback {

    private WireLoopback() {
    }

    /** Edges measured: half rising, half falling. */
    record Result(int out, int in, Latency rising, Latency falling, Latency bare, boolean simulated) {
    }

    public static List<Figure> run(int out, int in, boolean simulate, int edges, PrintStream say) throws Exception {
        SiteProfile jumper = jumper(out, in);
        Inbox inbox = new Inbox(1 << 12);
        Gpio gpio;
        try {
            gpio = Gpio.open(simulate ? Gpio.Mode.MOCK : Gpio.Mode.GPIOD, jumper, inbox, System::nanoTime);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open GPIO" + out + " and GPIO" + in + " through gpiod ("
                    + e.getMessage() + "); this needs a Raspberry Pi with a jumper from GPIO" + out + " to GPIO" + in
                    + ", and the gateway stopped (it holds the lines); --simulate measures a simulated jumper", e);
        }
        Latency rising = new Latency();
        Latency falling = new Latency();
        try {
            if (simulate) {
                gpio.onOutputChange(0, high -> gpio.simulate("loop-in", high));
            }
            while (inbox.poll() != null) {
                // a line already high at start was reported once; the jumper starts low
            }
            say.println("loopback: " + edges + " edges from GPIO" + out + " to GPIO" + in
                    + (simulate ? " (simulated jumper)" : " through the jumper") + "...");
            for (int i = -Math.min(1_000, edges / 5); i < edges; i++) {
                boolean high = (i & 1) == 0;
                long t0 = System.nanoTime();
                gpio.set(0, high);
                Input.Edge edge = awaitEdge(inbox, high, out, in);
                if (i >= 0) {
                    (high ? rising : falling).record(edge.nanos() - t0);
                }
                LockSupport.parkNanos(100_000); // an idle line between edges, as between presses
            }
            gpio.set(0, false);
        } finally {
            gpio.close();
        }
        return figures(new Result(out, in, rising, falling, PressToSiren.bare(edges), simulate));
    }

    private static Input.Edge awaitEdge(Inbox inbox, boolean high, int out, int in) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            Input next = inbox.poll();
            if (next instanceof Input.Edge e && e.active() == high) {
                return e;
            }
            if (next == null) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("GPIO" + in + " did not follow GPIO" + out + " within 1 s: is the jumper "
                + "in place, and are both pins free (not used by an overlay or another program)?");
    }

    private static SiteProfile jumper(int out, int in) throws ProfileException {
        if (out == in) {
            throw new IllegalArgumentException("--loopback OUT,IN needs two different pins, not " + out + " twice");
        }
        return ProfileLoader.load(Path.of("loopback.yaml"), new StringReader("""
                post: { id: loopback, village: bench }
                zones: [z1]
                inputs:
                  - { id: loop-in, pin: %d, pull: down, active: high, debounce: 0ms }
                outputs:
                  - { id: loop-out, pin: %d, active: high, role: siren }
                rules:
                  - { input: loop-in, kind: door }
                uplink:
                  brokers: [tcp://127.0.0.1:1]
                """.formatted(in, out)));
    }

    static List<Figure> figures(Result r) {
        String wire = "GPIO" + r.out() + " -> GPIO" + r.in() + (r.simulated() ? ", simulated jumper" : ", jumper");
        return List.of(new Figure("L", "output set -> input edge heard, rising p99 (" + wire + ")",
                        r.rising().p(99), "us", "bare Pi4J mock edge -> listener p99", r.bare().p(99),
                        "rising: " + r.rising().summary() + "; falling: " + r.falling().summary()),
                new Figure("L", "output set -> input edge heard, falling p99 (" + wire + ")", r.falling().p(99),
                        "us", "bare Pi4J mock edge -> listener p99", r.bare().p(99), ""));
    }
}
