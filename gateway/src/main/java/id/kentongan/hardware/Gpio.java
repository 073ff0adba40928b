package id.kentongan.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import id.kentongan.config.SiteProfile;
import id.kentongan.config.SiteProfile.InputSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.dispatch.Lines;
import id.kentongan.dispatch.Outputs;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Consumer;

/**
 * The post's GPIO lines through Pi4J, the only place that knows Pi4J. Inputs only enqueue an
 * {@link Input.Edge} for the dispatch loop, or, if the inbox refuses it, mark the line for the loop to
 * read again ({@link Inbox#reread}, then {@link #active}), so that no refused edge leaves a button dead;
 * outputs are written by the loop.
 *
 * <p>The provider is chosen explicitly: {@link Mode#GPIOD} on a Raspberry Pi (libgpiod, the kernel's
 * character device; works on the Pi 4's and the Pi 5's chips), {@link Mode#MOCK} in simulation and
 * tests. There is never a silent fall-back to the mock on a Pi: if gpiod cannot open, start fails.
 *
 * <p>Pi4J's own debounce is set to zero on purpose: it is a trailing debounce (an edge is reported only
 * after the line has been quiet that long), which would delay every press by the debounce time. The
 * dispatch loop debounces on the leading edge instead, with the profile's time per input.
 *
 * <p>Threads: {@link #set} and {@link #active} from the dispatch loop only; input listeners run on Pi4J's threads (gpiod)
 * or on the caller of {@link #simulate} (mock) and only offer to the inbox; {@link #open}/{@link #close}
 * from the owner.
 */
public final class Gpio implements Outputs, Lines, AutoCloseable {

    /** Which Pi4J provider drives the lines. */
    public enum Mode { GPIOD, MOCK }

    private final Context pi4j;
    private final Mode mode;
    private final List<InputSpec> inputSpecs;
    private final DigitalInput[] inputs;
    private final DigitalState[] activeIn;
    private final DigitalOutput[] outputs;
    private final DigitalState[] activeOut;
    private final DigitalState[] inactiveOut;

    private Gpio(Context pi4j, Mode mode, SiteProfile profile) {
        this.pi4j = pi4j;
        this.mode = mode;
        this.inputSpecs = profile.inputs();
        this.inputs = new DigitalInput[inputSpecs.size()];
        this.activeIn = new DigitalState[inputs.length];
        this.outputs = new DigitalOutput[profile.outputs().size()];
        this.activeOut = new DigitalState[outputs.length];
        this.inactiveOut = new DigitalState[outputs.length];
    }

    /**
     * Claims every line of the profile: outputs first, driven to their inactive level, then inputs,
     * whose edges go to {@code inbox}. An input already active at start (a stuck button, a float switch
     * already up) is reported at once, as one edge.
     */
    public static Gpio open(Mode mode, SiteProfile profile, Inbox inbox, LongSupplier nanos) {
        Context ctx = mode == Mode.MOCK
                ? Pi4J.newContextBuilder().add(new MockPlatform())
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build()
                : Pi4J.newContextBuilder()
                        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance()).build();
        Gpio gpio = new Gpio(ctx, mode, profile);
        try {
            gpio.claim(profile, inbox, nanos);
        } catch (RuntimeException e) {
            gpio.close();
            throw e;
        }
        return gpio;
    }

    private void claim(SiteProfile profile, Inbox inbox, LongSupplier nanos) {
        Class<? extends DigitalOutputProvider> outProvider = mode == Mode.MOCK
                ? MockDigitalOutputProvider.class : GpioDDigitalOutputProvider.class;
        Class<? extends DigitalInputProvider> inProvider = mode == Mode.MOCK
                ? MockDigitalInputProvider.class : GpioDDigitalInputProvider.class;
        for (int o = 0; o < outputs.length; o++) {
            OutputSpec spec = profile.outputs().get(o);
            activeOut[o] = spec.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
            inactiveOut[o] = spec.activeHigh() ? DigitalState.LOW : DigitalState.HIGH;
            outputs[o] = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(spec.id()).name(spec.label())
                    .address(spec.pin()).initial(inactiveOut[o]).shutdown(inactiveOut[o]).provider(outProvider));
        }
        for (int i = 0; i < inputs.length; i++) {
            InputSpec spec = inputSpecs.get(i);
            DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(spec.id()).name(spec.label())
                    .address(spec.pin()).pull(pull(spec.pull())).debounce(0L).provider(inProvider));
            if (in instanceof MockDigitalInput mock) {
                mock.mockState(level(spec, false)); // a mock line starts low; a real one rests at its pull
            }
            DigitalState active = level(spec, true);
            activeIn[i] = active;
            int index = i;
            in.addListener(e -> edge(inbox, index, e.state() == active, nanos.getAsLong()));
            inputs[i] = in;
            if (in.state() == active) {
                edge(inbox, i, true, nanos.getAsLong());
            }
        }
    }

    /** The press path: one record and one offer; a refusal costs one bit, never the edge itself. */
    private static void edge(Inbox inbox, int input, boolean active, long nanos) {
        if (!inbox.offerEdge(input, active, nanos)) { // allocates nothing
            inbox.reread(input);
        }
    }

    private static DigitalState level(InputSpec spec, boolean active) {
        return active == spec.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
    }

    private static PullResistance pull(SiteProfile.Pull p) {
        return switch (p) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public void set(int index, boolean on) {
        outputs[index].state(on ? activeOut[index] : inactiveOut[index]);
    }

    /** Input {@code index}'s level now, read from the line (gpiod reads the chip; the mock its state). */
    @Override
    public boolean active(int index) {
        return inputs[index].state() == activeIn[index];
    }

    /**
     * Tells {@code listener} (on the thread that writes, i.e. the dispatch loop) each time output
     * {@code index} changes level: for the bench, which times press to siren at the GPIO layer.
     */
    public void onOutputChange(int index, Consumer<Boolean> listener) {
        DigitalState active = activeOut[index];
        outputs[index].addListener(e -> listener.accept(e.state() == active));
    }

    /** Whether output {@code index} is at its active level now, read back from Pi4J. */
    public boolean isOn(int index) {
        return outputs[index].state() == activeOut[index];
    }

    /**
     * Simulation only: puts input {@code id} at its active ({@code true}) or resting level, as a finger
     * or a float would. The edge reaches the dispatch loop exactly as a real one does.
     *
     * @throws IllegalStateException    on real hardware
     * @throws IllegalArgumentException if the profile has no such input
     */
    public void simulate(String id, boolean active) {
        if (mode != Mode.MOCK) {
            throw new IllegalStateException("inputs can only be simulated when the gateway runs with --simulate");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputSpecs.get(i).id().equals(id)) {
                ((MockDigitalInput) inputs[i]).mockState(level(inputSpecs.get(i), active));
                return;
            }
        }
        throw new IllegalArgumentException("no input '" + id + "' in the site profile");
    }

    /** Drives every output inactive and releases the lines. */
    @Override
    public void close() {
        for (int o = 0; o < outputs.length; o++) {
            if (outputs[o] != null) {
                try {
                    outputs[o].state(inactiveOut[o]);
                } catch (RuntimeException ignored) {
                    // shutting down: Pi4J's own shutdown state still applies below
                }
            }
        }
        pi4j.shutdown();
    }
}
