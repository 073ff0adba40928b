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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * P1: press to siren. A Pi4J mock edge on the panic input, through the inbox and the dispatch loop
 * (with the real journal writer behind it), to the siren output being set, read at the Pi4J layer.
 * Between presses the bench waits long enough for the loop to park, so each press wakes an idle loop,
 * as a real press would. Baseline in the same run: a bare Pi4J mock edge to its listener.
 */
final class PressToSiren {

    private PressToSiren() {
    }

    /**
     * @param loopBytes    bytes the dispatch loop's thread allocated per measured press (press, release, silence)
     * @param journalBytes the same for the journal writer's thread
     * @param edgeBytes    the same for the pressing thread: Pi4J's mock edges and their listeners
     */
    record Result(Latency pressToSiren, Latency bare, Latency wake, long doorEvents, double seconds, double loopBytes,
                  double journalBytes, double edgeBytes) {
    }

    /**
     * @param loadPerSecond background sensor edges per second (0: idle), each a journaled telemetry event
     */
    static Result run(Path dir, int presses, int loadPerSecond, GcWatch gc) throws Exception {
        return run(dir, presses, loadPerSecond, Inbox.Wait.PARK, gc);
    }

    /**
     * @param loopWait how the loop waits for input: parked (the default) or spinning on a core
     * @param gc       counts the GC pauses of the measured presses
     */
    static Result run(Path dir, int presses, int loadPerSecond, Inbox.Wait loopWait, GcWatch gc) throws Exception {
        SiteProfile profile = BenchPost.profile("tcp://127.0.0.1:1", 0);
        Latency lat = new Latency();
        try (Journal journal = Journal.open(dir.resolve("p1-" + loadPerSecond + "-" + loopWait + ".db"))) {
            JournalWriter writer = new JournalWriter(journal, JournalWriter.Listener.all());
            Inbox inbox = new Inbox(1 << 16, loopWait);
            Gpio gpio = Gpio.open(Gpio.Mode.MOCK, profile, inbox, System::nanoTime);
            DispatchLoop loop = new DispatchLoop(profile.toSite(), journal.boot(), journal.lastSeq(), inbox, gpio,
                    writer, e -> { }, InstantSource.system(), System::nanoTime);
            AtomicLong on = new AtomicLong();
            AtomicBoolean sounding = new AtomicBoolean();
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
            Latency wake;
            Allocation loopAlloc = Allocation.of("kentongan-dispatch");
            Allocation journalAlloc = Allocation.of("kentongan-journal");
            Allocation edgeAlloc = Allocation.ofCurrentThread();
            try (WakeProbe probe = new WakeProbe()) {
                press(gpio::simulate, on, sounding, presses, lat, probe, () -> {
                    loopAlloc.start();
                    journalAlloc.start();
                    edgeAlloc.start();
                    gc.counting(true);
                });
                wake = probe.lat;
            } finally {
                gc.counting(false);
            }
            double loopBytes = (double) loopAlloc.bytes() / presses;
            double journalBytes = (double) journalAlloc.bytes() / presses;
            double edgeBytes = (double) edgeAlloc.bytes() / presses;
            double seconds = (System.nanoTime() - start) / 1e9;
            if (load != null) {
                load.interrupt();
                load.join();
            }
            loop.stop();
            writer.stop();
            gpio.close();
            return new Result(lat, bare(presses), wake, doors[0], seconds, loopBytes, journalBytes, edgeBytes);
        }
    }

    /**
     * Presses {@code panic-1} and silences it, {@code presses} times after a warm-up, recording the time
     * from the edge to the siren output going on. Between presses it waits for the loop to park, so each
     * press wakes an idle loop, as a real press would.
     *
     * @param input    sets a simulated input ({@code id, active})
     * @param on       the nano time the siren went on, set by the output's listener
     * @param sounding whether the siren is on now, set by the output's listener
     * @param measuring run once, after the warm-up, as the measured presses begin; or {@code null}
     */
    static void press(BiConsumer<String, Boolean> input, AtomicLong on, AtomicBoolean sounding,
                      int presses, Latency lat, WakeProbe wake, Runnable measuring) {
        int warmup = Math.min(5_000, presses / 5);
        for (int i = -warmup; i < presses; i++) {
            if (i == 0 && measuring != null) {
                measuring.run();
            }
            on.set(0);
            long t0 = System.nanoTime();
            input.accept("panic-1", true);
            while (on.get() == 0) {
                LockSupport.parkNanos(10_000); // wait without taking a core from the loop
            }
            if (i >= 0) {
                lat.record(on.get() - t0);
            }
            input.accept("panic-1", false);
            input.accept("silence", true);
            input.accept("silence", false);
            while (sounding.get()) {
                LockSupport.parkNanos(10_000);
            }
            LockSupport.parkNanos(200_000); // let the loop go idle: each press wakes a parked loop
            if (wake != null) {
                wake.measure(i >= 0);
                LockSupport.parkNanos(200_000);
            }
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

    /**
     * The floor under any loop that sleeps while idle: one thread unparks another, parked, thread. A press
     * to an idle post pays this wake-up before any of the post's code runs; on a virtual machine it is
     * tens of microseconds and the larger part of P1's idle tail. Measured between the presses, so that
     * both see the same moments of a noisy machine.
     */
    static final class WakeProbe implements AutoCloseable {
        final Latency lat = new Latency();
        private final AtomicLong woke = new AtomicLong();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread sleeper = Thread.ofPlatform().name("bench-wake").start(() -> {
            while (!done.get()) {
                LockSupport.park();
                woke.set(System.nanoTime());
            }
        });

        /** One wake-up of the parked sleeper; call after a pause long enough for it to park again. */
        void measure(boolean record) {
            woke.set(0);
            long t0 = System.nanoTime();
            LockSupport.unpark(sleeper);
            while (woke.get() == 0) {
                LockSupport.parkNanos(10_000); // as the presses wait: without taking a core from the sleeper
            }
            if (record) {
                lat.record(woke.get() - t0);
            }
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            LockSupport.unpark(sleeper);
            sleeper.join();
        }
    }

    static List<Figure> figures(Result idle, Result spinning, Result loaded, GcWatch gc) {
        return List.of(
                new Figure("P1", "press -> siren p99, idle", idle.pressToSiren().p(99), "us",
                        "bare Pi4J mock edge -> listener p99", idle.bare().p(99),
                        "idle: " + idle.pressToSiren().summary() + "; bare: " + idle.bare().summary() + "; " + gc.summary()),
                new Figure("P1", "press -> siren p99.9, idle", idle.pressToSiren().p(99.9), "us",
                        "bare Pi4J mock edge -> listener p99.9", idle.bare().p(99.9), ""),
                new Figure("P1", "press -> siren p99, idle", idle.pressToSiren().p(99), "us",
                        "bare thread wake-up (unpark -> running) p99", idle.wake().p(99),
                        "wake-up floor: " + idle.wake().summary()),
                new Figure("P1", "press -> siren p99, idle, loop spinning (run --wait spin)",
                        spinning.pressToSiren().p(99), "us", "bare Pi4J mock edge -> listener p99",
                        spinning.bare().p(99), "spinning: " + spinning.pressToSiren().summary()),
                new Figure("P1", "press -> siren p99.9, idle, loop spinning (run --wait spin)",
                        spinning.pressToSiren().p(99.9), "us", "bare Pi4J mock edge -> listener p99.9",
                        spinning.bare().p(99.9), ""),
                new Figure("P1", "press -> siren p99, under " + Math.round(loaded.doorEvents() / loaded.seconds())
                        + " sensor events/s", loaded.pressToSiren().p(99), "us", "bare Pi4J mock edge -> listener p99",
                        loaded.bare().p(99), "loaded: " + loaded.pressToSiren().summary()),
                new Figure("P1", "allocated per press by the dispatch loop (press, release, silence)",
                        idle.loopBytes(), "B", "Pi4J mock edges + Gpio, pressing thread", idle.edgeBytes(),
                        String.format("idle; journal writer %.0f B per press; under load: loop %.0f B, journal %.0f B",
                                idle.journalBytes(), loaded.loopBytes(), loaded.journalBytes())),
                new Figure("P1", "longest GC pause during P1", gc.longestMillis(), "ms", "(target <= 5 ms)", 5,
                        gc.summary() + "; " + System.getProperty("java.vm.name") + ", "
                                + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
