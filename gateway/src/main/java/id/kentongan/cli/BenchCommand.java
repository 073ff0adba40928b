package id.kentongan.cli;

import id.kentongan.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kentongan bench}: the product's own benchmarks, each figure beside its same-run baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure press->siren, press->PUBACK and durable ingest, each beside its baseline.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "The full counts (takes several minutes); default is the quick mode.")
    boolean full;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Option(names = "--only", split = ",", description = "Only these figures, e.g. P1,P3.")
    List<String> only;

    @Option(names = "--work-dir", description = "Scratch folder (default: a fresh temporary one, removed after).")
    Path work;

    @Override
    public Integer call() throws Exception {
        // one log line per event is right for a post, and noise that competes for the cores in a bench
        System.setProperty("org.slf4j.simpleLogger.log.id.kentongan", "warn");
        Path dir = work != null ? work : Files.createTempDirectory("kentongan-bench");
        try {
            Bench.run(new Bench.Options(full, json, dir, only), System.out);
        } finally {
            if (work == null) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }
}
