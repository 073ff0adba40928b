package id.kentongan.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's side of {@link LoadNodes}: a second JVM started from the same class path, so that the
 * load's Californium clients do not share the gateway's process, heap and collector. Where the machine
 * has two cores or more and {@code taskset} is installed, the load runs pinned to the last core and
 * the bench's own process (the gateway under test) to the others for as long as the load lives;
 * {@link #pinning()} says what was done, for the figure's detail. Caller's thread only.
 */
final class LoadProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader lines;
    private final Writer commands;
    private final String pinning;
    private final List<String> unpin;

    private LoadProcess(Process process, String pinning, List<String> unpin) {
        this.process = process;
        this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.pinning = pinning;
        this.unpin = unpin;
    }

    /** Starts {@link LoadNodes} with {@code args}; its log (Californium's warnings) goes to {@code log}. */
    static LoadProcess start(Path log, PrintStream out, String... args) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        List<String> cmd = new ArrayList<>();
        String self = Long.toString(ProcessHandle.current().pid());
        String pinning;
        List<String> unpin = null;
        Path taskset = taskset();
        boolean centre = args.length > 0 && args[0].equals("centre"); // P4: the load is a subscriber
        String load = centre ? "the subscriber" : "load generator";
        String here = centre ? "the publishing side (the gateway and bare Paho, in turn)" : "gateway";
        if (cores >= 2 && taskset != null && run(taskset.toString(), "-a", "-p", "-c", "0-" + (cores - 2), self)) {
            cmd.addAll(List.of(taskset.toString(), "-c", Integer.toString(cores - 1)));
            pinning = load + " in its own JVM pinned to cpu " + (cores - 1) + ", " + here + " to cpu "
                    + (cores == 2 ? "0" : "0-" + (cores - 2));
            unpin = List.of(taskset.toString(), "-a", "-p", "-c", "0-" + (cores - 1), self);
        } else {
            pinning = load + " in its own JVM, not pinned (" + (cores < 2 ? "one core" : "taskset not available")
                    + "): it shares the cores with " + here;
        }
        // C1 only, as the gateway runs: under C2 the nodes' JVM was still compiling through P3's measured
        // round (its C2 thread half of the load's core, perf record, 2026-12-02), so the load itself held
        // the rate back; under C1 its core has room and the gateway's core is the one that is full
        cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LoadNodes.class.getName()));
        cmd.addAll(List.of(args));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        out.println("  " + pinning);
        return new LoadProcess(p, pinning, unpin);
    }

    private static Path taskset() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path t = Path.of(dir, "taskset");
            if (Files.isExecutable(t)) {
                return t;
            }
        }
        return null;
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String pinning() {
        return pinning;
    }

    /** The words after {@code load: WORD} on the next such line; whatever else it prints is passed over. */
    String await(String word) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith(LoadNodes.PREFIX + word)) {
                return line.substring((LoadNodes.PREFIX + word).length()).trim();
            }
        }
        throw new IOException("the load generator ended before '" + word + "' (exit " + exit() + "; see its log)");
    }

    void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    private String exit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException ignored) {
            // it has gone already
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        if (unpin != null) { // the bench's process back on every core, for the figures after this one
            run(unpin.toArray(String[]::new));
        }
    }
}
