package id.kentongan.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P5: start and footprint. The packaged gateway started as a process with the service's JVM flags,
 * for a post with field nodes ({@value #NODES}), timed from process start to armed: its log's
 * {@code armed:} line, written once the outputs are driven off, the inputs are live and the loop runs;
 * and to the parts after it started (its control socket appears after the uplink, SMS and the field
 * server; only the status page comes later). Its resident set size once settled. Baseline in the same
 * run: a bare JVM start ({@code java -version}) with the same flags. Runs in simulation (mock GPIO):
 * off a Pi there is no gpiod to open.
 */
final class StartFootprint {

    private StartFootprint() {
    }

    /** Field nodes in the post started: a post has some, and their server is part of its start. */
    static final int NODES = 4;

    /**
     * @param armedMillis best start to armed with the class-data archive that the first start wrote
     * @param upMillis    best start to the parts after arming started (the control socket), the same starts
     * @param coldMillis  the first start to armed, before any archive existed
     * @param rssKb       the largest settled RSS of the later starts; {@code coldRssKb} of the first
     */
    record Result(double armedMillis, double upMillis, double coldMillis, double bareMillis, long rssKb,
                  long coldRssKb, List<String> flags, boolean scraped) {
    }

    /** What the gateway logs when it is armed (post/Gateway), whatever the logger's own format. */
    private static final String ARMED = " armed: post ";

    private static final Pattern STATUS_PAGE =
            Pattern.compile("status page on (http://127\\.0\\.0\\.1:\\d+)/");

    /** Reads /metrics and /status.json a few times, at the port the gateway's log names; false if none. */
    private static boolean scrape(Path log) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < until) {
            Matcher m = STATUS_PAGE.matcher(Files.readString(log));
            if (m.find()) {
                for (int k = 0; k < 3; k++) {
                    for (String path : List.of("/metrics", "/status.json")) {
                        http.send(HttpRequest.newBuilder(URI.create(m.group(1) + path)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    }
                }
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    static Result run(Path dir, int rounds) throws Exception {
        Path jar = Path.of(StartFootprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        // the launcher's run flags, its cache (the class-data archive, SQLite's library) in the bench's own
        // folder, emptied first so that the first start is the cold one a new post makes
        Path cache = dir.resolve("p5/cache");
        if (Files.exists(cache)) {
            try (var old = Files.walk(cache)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(cache);
        List<String> flags = List.of("-XX:+UseSerialGC", "-Dio.netty.noUnsafe=true", "-Xms16m", "-Xmx48m",
                "-Xmn6m", "-XX:MetaspaceSize=32m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
        List<String> cds = List.of("-XX:SharedArchiveFile=" + cache.resolve("gateway.jsa"),
                "-XX:+AutoCreateSharedArchive", "-Xlog:cds*=off", "-Dkentongan.cache=" + cache);
        double cold = 0;
        boolean scraped = true;
        long coldRss = 0;
        double armed = Double.MAX_VALUE;
        double up = Double.MAX_VALUE;
        double bare = Double.MAX_VALUE;
        long rss = 0;
        Path profile = BenchPost.write(dir.resolve("p5/site.yaml"), "tcp://127.0.0.1:1", NODES);
        for (int i = 0; i < rounds; i++) {
            Path state = dir.resolve("p5/state-" + i);
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(flags);
            cmd.addAll(cds);
            cmd.addAll(List.of("-jar", jar.toString(), "run", "--simulate", "--profile", profile.toString(),
                    "--state-dir", state.toString(), "--broker", "tcp://127.0.0.1:1"));
            long t0 = System.nanoTime();
            Path log = dir.resolve("p5/run-" + i + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Path sock = state.resolve("control.sock");
                LogTail tail = new LogTail(log);
                long armedAt = 0;
                while (!Files.exists(sock)) {
                    if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                        throw new IOException("the gateway did not start: see " + log);
                    }
                    if (armedAt == 0 && tail.contains(ARMED)) {
                        armedAt = System.nanoTime();
                    }
                    // a short sleep, not a spin: a spinning poller takes one of two cores from the JVM starting
                    LockSupport.parkNanos(500_000);
                }
                long upAt = System.nanoTime();
                if (armedAt == 0) { // armed and up within one poll, or no such line: not a figure to give
                    if (!tail.contains(ARMED)) {
                        throw new IOException("no '" + ARMED.trim() + "' line in " + log + ", though the gateway "
                                + "started: its log's words changed, and P5 with them");
                    }
                    armedAt = upAt;
                }
                double ms = (armedAt - t0) / 1e6;
                if (i == 0) {
                    cold = ms;
                } else {
                    armed = Math.min(armed, ms);
                    up = Math.min(up, (upAt - t0) / 1e6);
                }
                scraped &= scrape(log); // as a Prometheus server and a status page would
                Thread.sleep(2000); // let it settle: the footprint of a post waiting for a press
                if (i == 0) {
                    coldRss = rssKb(p.pid());
                } else {
                    rss = Math.max(rss, rssKb(p.pid()));
                }
                p.destroy(); // SIGTERM: a clean stop, which writes the class-data archive the first time
                p.waitFor();
            } finally {
                if (p.isAlive()) { // a failed round leaves no gateway holding its state behind
                    p.destroyForcibly().waitFor();
                }
            }

            List<String> b = new ArrayList<>(List.of(java));
            b.addAll(flags); // the JDK's own class-data archive, as any java start has
            b.add("-version");
            long t1 = System.nanoTime();
            new ProcessBuilder(b).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
            bare = Math.min(bare, (System.nanoTime() - t1) / 1e6);
        }
        List<String> all = new ArrayList<>(flags);
        all.addAll(cds);
        return new Result(armed, up, cold, bare, rss, coldRss, all, scraped);
    }

    /** A process's log, read from where the last read ended: bytes as they are, whatever is half-written. */
    private static final class LogTail {
        private final Path file;
        private final StringBuilder text = new StringBuilder();
        private long offset;

        LogTail(Path file) {
            this.file = file;
        }

        boolean contains(String words) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(ch.size() - offset, 1 << 20)));
                while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                    // until the size read above is in
                }
                offset += b.position();
                text.append(new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1));
            }
            return text.indexOf(words) >= 0;
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static List<Figure> figures(Result r) {
        return List.of(new Figure("P5", "start: process start -> armed (simulation, class-data archive)",
                        r.armedMillis(), "ms", "bare JVM start (java -version), same flags", r.bareMillis(),
                        "a post with " + NODES + " field nodes; the parts after arming started (the control socket) "
                                + Math.round(r.upMillis()) + " ms; first start, before the archive existed: "
                                + Math.round(r.coldMillis()) + " ms to armed; flags: " + r.flags()),
                new Figure("P5", "footprint: RSS settled, heap capped at 48 MB", r.rssKb() / 1024.0, "MB",
                        "(target <= 96 MB)", 96, (r.scraped() ? "after /metrics and /status.json were read"
                        : "THE STATUS PAGE WAS NOT FOUND: RSS without metrics served") + "; the first start, "
                        + "before the class-data archive existed: " + Math.round(r.coldRssKb() / 1024.0) + " MB"));
    }
}
