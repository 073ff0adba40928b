package id.kentongan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import id.kentongan.dispatch.Inbox;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;

/**
 * The {@code bench} command's runner: each figure measured beside its baseline in the same run, printed
 * as a table and written as JSON. Quick mode fits in about a minute on a 2-core machine; full mode
 * runs the counts. Runs on the caller's thread and starts what it measures.
 */
public final class Bench {

    /**
     * @param full  the full counts (100k presses and so on) instead of the quick ones
     * @param json  where to write the figures as JSON, or {@code null}
     * @param work  a scratch folder for journals and the broker
     */
    public record Options(boolean full, Path json, Path work, List<String> only) {
    }

    private Bench() {
    }

    public static List<Figure> run(Options o, PrintStream out) throws Exception {
        Files.createDirectories(o.work());
        long began = System.nanoTime();
        List<Figure> figures = new ArrayList<>();
        int presses = o.full() ? 100_000 : 10_000;
        if (wants(o, "P1")) {
            out.println("P1 press -> siren: " + presses + " presses idle, then under background sensor load...");
            try (GcWatch gc = new GcWatch(false)) { // counting over the measured presses only
                PressToSiren.Result idle = PressToSiren.run(o.work(), presses, 0, gc);
                PressToSiren.Result spinning = PressToSiren.run(o.work(), presses, 0, Inbox.Wait.SPIN, gc);
                PressToSiren.Result loaded = PressToSiren.run(o.work(), presses, 5_000, gc);
                figures.addAll(PressToSiren.figures(idle, spinning, loaded, gc));
            }
        }
        LocalMosquitto broker = null;
        try {
            if (wants(o, "P2") || wants(o, "P3") || wants(o, "P4") || wants(o, "P6")) {
                broker = LocalMosquitto.start(o.work().resolve("mosquitto"));
            }
            if (wants(o, "P2")) {
                int n = o.full() ? 10_000 : 2_000;
                out.println("P2 press -> PUBACK: " + n + " presses on a real local Mosquitto...");
                figures.addAll(PressToPuback.figures(PressToPuback.run(o.work(), broker.uri(), n)));
            }
            if (wants(o, "P3")) {
                int n = o.full() ? 200_000 : 60_000;
                out.println("P3 durable ingest: " + n + " events through the journal, then over CoAP...");
                DurableIngest.Result j = DurableIngest.run(o.work(), n);
                figures.addAll(DurableIngest.figures(j));
                CoapIngest.Result c = CoapIngest.run(o.work(), broker.uri(), o.full() ? 100_000 : 20_000, 8, 16,
                        out);
                figures.addAll(CoapIngest.figures(c, j.onePerTxn()));
            }
            if (wants(o, "P4")) {
                int n = o.full() ? 100_000 : 20_000;
                out.println("P4 backlog drain: " + n + " events journaled in an outage, then delivered...");
                figures.addAll(BacklogDrain.figures(BacklogDrain.run(o.work(), broker.uri(), n, out)));
            }
            if (wants(o, "P6")) {
                int n = o.full() ? 50_000 : 10_000;
                out.println("P6 scale: 10,000 field nodes heartbeating over CoAP with field events, " + n
                        + " presses idle then under that load...");
                figures.addAll(FieldScale.figures(FieldScale.run(o.work(), broker.uri(), 10_000, n, 2_000, 200, out)));
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        if (wants(o, "P7")) {
            int n = o.full() ? 20 : 5;
            out.println("P7 SMS: a press to a zone of 1,000 residents, " + n + " times, then 10,000 waiting...");
            figures.addAll(SmsFanout.figures(SmsFanout.run(o.work(), n)));
        }
        if (wants(o, "P5")) {
            out.println("P5 start and footprint: the packaged gateway started as a process...");
            figures.addAll(StartFootprint.figures(StartFootprint.run(o.work(), o.full() ? 6 : 3)));
        }
        print(figures, out);
        out.printf("%s mode, %.0f s%n", o.full() ? "full" : "quick", (System.nanoTime() - began) / 1e9);
        if (o.json() != null) {
            write(figures, o.json());
            out.println("figures written to " + o.json());
        }
        return figures;
    }

    private static boolean wants(Options o, String id) {
        return o.only() == null || o.only().isEmpty() || o.only().contains(id);
    }

    public static void print(List<Figure> figures, PrintStream out) {
        out.println();
        out.println(machine());
        out.printf("%-4s %-62s %14s %-9s %-40s %14s %8s%n", "", "figure", "value", "unit", "baseline (same run)",
                "baseline", "ratio");
        for (Figure f : figures) {
            out.printf("%-4s %-62s %14s %-9s %-40s %14s %8.2f%n", f.id(), f.name(), fmt(f.value()), f.unit(),
                    f.baselineName(), fmt(f.baseline()), f.ratio());
        }
        out.println();
        for (Figure f : figures) {
            if (!f.detail().isEmpty()) {
                out.println(f.id() + "  " + f.detail());
            }
        }
    }

    private static String fmt(double v) {
        return v >= 1000 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format("machine: %s %s, %d cores; JVM: %s %s, heap max %d MB; %s", System.getProperty("os.arch"),
                cpuModel(), rt.availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rt.maxMemory() >> 20, OffsetDateTime.now().withNano(0));
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") || line.startsWith("Model")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux: the architecture alone will do
        }
        return "";
    }

    public static void write(List<Figure> figures, Path json) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("figure", f.id() + " " + f.name());
            m.put("value", f.value());
            m.put("unit", f.unit());
            m.put("baseline", f.baselineName());
            m.put("baselineValue", f.baseline());
            m.put("ratio", f.ratio());
            m.put("detail", f.detail());
            m.put("machine", machine());
            m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " "
                    + ManagementFactory.getRuntimeMXBean().getInputArguments());
            m.put("date", OffsetDateTime.now().withNano(0).toString());
            rows.add(m);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rows);
    }
}
