package id.kentongan.cli;

import id.kentongan.bench.Bench;
import id.kentongan.bench.Figure;
import id.kentongan.bench.WireLoopback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Comparator;

/** {@code kentongan bench}: the product's own benchmarks, each figure beside its same-run baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure press->siren, press->PUBACK and durable ingest, each beside its baseline.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "The full counts (takes several minutes); default is the quick mode.")
    boolean full;

    @Option(names = "--quick", description = "The quick counts, in about a minute and a half (the default).")
    boolean quick;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Option(names = "--only", split = ",", description = "Only these figures, e.g. P1,P3.")
    List<String> only;

    @Option(names = "--loopback", paramLabel = "OUT,IN",
            description = "On a Pi, with the gateway stopped: time the wire from output pin OUT to input pin IN "
                    + "(BCM numbers) through a jumper, e.g. --loopback 5,17. Runs only this.")
    String loopback;

    @Option(names = "--simulate", description = "With --loopback: a simulated jumper (checks the measurement).")
    boolean simulate;

    @Option(names = "--work-dir", description = "Scratch folder (default: a fresh temporary one, removed after).")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (quick && full) {
            System.err.println("kentongan: --quick and --full: choose one");
            return 2;
        }
        // one log line per event is right for a post, and noise that competes for the cores in a bench
        System.setProperty("org.slf4j.simpleLogger.log.id.kentongan", "warn");
        if (loopback != null) {
            String[] pins = loopback.split(",");
            int out;
            int in;
            try {
                out = Integer.parseInt(pins[0].trim());
                in = Integer.parseInt(pins[1].trim());
            } catch (RuntimeException e) {
                System.err.println("kentongan: --loopback needs OUT,IN as two GPIO numbers, e.g. 5,17, not '"
                        + loopback + "'");
                return 2;
            }
            List<Figure> figures = WireLoopback.run(out, in, simulate, full ? 100_000 : 10_000, System.out);
            Bench.print(figures, System.out);
            if (json != null) {
                Bench.write(figures, json);
            }
            return 0;
        }
        Path dir = work != null ? work : Files.createTempDirectory("kentongan-bench");
        try {
            Bench.run(new Bench.Options(full, json, dir, only), System.out);
        } finally {
            if (work == null) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }
}
