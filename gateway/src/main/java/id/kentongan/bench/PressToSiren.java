package id.kentongan.bench;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import id.kentongan.hardware.Gpio;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * P1: press to siren. A Pi4J mock edge on the panic input, through the inbox and the dispatch loop
 * (with the real journal writer behind it), to the siren output being set, read at the Pi4J layer.
 * Between presses the bench waits long enough for the loop to park, so each press wakes an idle loop,
 * as a real press would. Baseline in the same run: a bare Pi4J mock edge to its listener.
 */
final class PressToSiren {

    private PressToSiren() {
    }

    record Result(Latency pressToSiren, Latency bare, long doorEvents, double seconds) {
    }

    /**
     * @param loadPerSecond background sensor edges per second (0: idle), each a journaled telemetry event
     */
    static Result run(Path dir, int presses, int loadPerSecond) throws Exception {
        SiteProfile profile = BenchPost.profile("tcp://127.0.0.1:1", 0);
        Latency lat = new Latency();
        try (Journal journal = Journal.open(dir.resolve("p1-" + loadPerSecond + ".db"))) {
            JournalWriter writer = new JournalWriter(journal, JournalWriter.Listener.all());
            Inbox inbox = new Inbox(1 << 16);
            Gpio gpio = Gpio.open(Gpio.Mode.MOCK, profile, inbox, System::nanoTime);
            DispatchLoop loop = new DispatchLoop(profile.toSite(), journal.boot(), journal.lastSeq(), inbox, gpio,
                    writer, e -> { }, InstantSource.system(), System::nanoTime);
            java.util.concurrent.atomic.AtomicLong on = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean sounding = new java.util.concurrent.atomic.AtomicBoolean();
            gpio.onOutputChange(profile.outputIndex("siren-1"), high -> {
                if (high) {
                    on.set(System.nanoTime());
                }
                sounding.set(high);
            });
            writer.start();
            loop.start();
            loop.armed().get(5, TimeUnit.SECONDS);
            Thread load = null;
            long[] doors = new long[1];
            if (loadPerSecond > 0) {
                long period = TimeUnit.SECONDS.toNanos(1) / loadPerSecond;
                load = Thread.ofPlatform().name("bench-load").start(() -> {
                    long next = System.nanoTime();
                    boolean state = false;
                    while (!Thread.currentThread().isInterrupted()) {
                        state = !state;
                        gpio.simulate("door-1", state);
                        if (state) {
                            doors[0]++;
                        }
                        next += period / 2;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                });
            }
            long start = System.nanoTime();
            int warmup = Math.min(5_000, presses / 5);
            for (int i = -warmup; i < presses; i++) {
                on.set(0);
                long t0 = System.nanoTime();
                gpio.simulate("panic-1", true);
                while (on.get() == 0) {
                    LockSupport.parkNanos(10_000); // wait without taking a core from the loop
                }
                if (i >= 0) {
                    lat.record(on.get() - t0);
                }
                gpio.simulate("panic-1", false);
                gpio.simulate("silence", true);
                gpio.simulate("silence", false);
                while (sounding.get()) {
                    LockSupport.parkNanos(10_000);
                }
                LockSupport.parkNanos(200_000); // let the loop go idle: each press wakes a parked loop
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (load != null) {
                load.interrupt();
                load.join();
            }
            loop.stop();
            writer.stop();
            gpio.close();
            return new Result(lat, bare(presses), doors[0], seconds);
        }
    }

    /** A bare Pi4J mock edge to its listener, the floor under any GPIO-driven path. */
    static Latency bare(int presses) {
        Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        try {
            DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("bare").address(4).debounce(0L)
                    .provider(MockDigitalInputProvider.class));
            long[] seen = new long[1];
            in.addListener(e -> seen[0] = System.nanoTime());
            MockDigitalInput mock = (MockDigitalInput) in;
            Latency lat = new Latency();
            for (int i = -Math.min(5_000, presses / 5); i < presses; i++) {
                long t0 = System.nanoTime();
                mock.mockState(DigitalState.HIGH);
                if (i >= 0) {
                    lat.record(seen[0] - t0);
                }
                mock.mockState(DigitalState.LOW);
            }
            return lat;
        } finally {
            pi4j.shutdown();
        }
    }

    static List<Figure> figures(Result idle, Result loaded, String gc) {
        return List.of(
                new Figure("P1", "press -> siren p99, idle", idle.pressToSiren().p(99), "us",
                        "bare Pi4J mock edge -> listener p99", idle.bare().p(99),
                        "idle: " + idle.pressToSiren().summary() + "; bare: " + idle.bare().summary() + "; " + gc),
                new Figure("P1", "press -> siren p99.9, idle", idle.pressToSiren().p(99.9), "us",
                        "bare Pi4J mock edge -> listener p99.9", idle.bare().p(99.9), ""),
                new Figure("P1", "press -> siren p99, under " + Math.round(loaded.doorEvents() / loaded.seconds())
                        + " sensor events/s", loaded.pressToSiren().p(99), "us", "bare Pi4J mock edge -> listener p99",
                        loaded.bare().p(99), "loaded: " + loaded.pressToSiren().summary()));
    }
}
