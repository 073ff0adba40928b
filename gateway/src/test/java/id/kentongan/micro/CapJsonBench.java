package id.kentongan.micro;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.alert.Residents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * The payload of every alert: an event encoded as the CAP-shaped JSON the centre reads, and read back
 * (the console and the tests decode it). On the press's path the encoding runs on the uplink's thread,
 * after the siren is already on, so it bounds P2, not P1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CapJsonBench {

    private final Post post = new Post("sukamaju", "rt03", "Pos Ronda RT 03", "rt03", ZoneId.of("Asia/Jakarta"));
    private final Event panic = new Event(4711, 3, Event.identifier(post, 3, 4711), AlertKind.PANIC,
            Priority.LIFE_SAFETY, "panic-1", "rt03", 1_764_547_200_000L, Event.CapStatus.Actual, Event.MsgType.Alert,
            null);
    private final Event level = new Event(4712, 3, Event.identifier(post, 3, 4712), AlertKind.LEVEL,
            Priority.TELEMETRY, "sungai-1", "rt03", 1_764_547_200_000L, Event.CapStatus.Actual, Event.MsgType.Alert,
            null, "3/812", 1.75);
    private final byte[] encoded = CapJson.encode(panic, post);

    @Benchmark
    public byte[] encodePanic() {
        return CapJson.encode(panic, post);
    }

    @Benchmark
    public byte[] encodeTelemetry() {
        return CapJson.encode(level, post);
    }

    /** The residents' copy of an alert, published beside its CAP payload once the broker has it. */
    @Benchmark
    public byte[] residentsMessage() {
        return Residents.DEFAULTS.message(panic, post);
    }

    @Benchmark
    public Object decode() {
        return CapJson.decode(encoded);
    }
}
