package id.kentongan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P5: start and footprint. The packaged gateway started as a process with the service's JVM flags,
 * timed from process start to armed (its control socket appears, which happens after the outputs are
 * driven off and the inputs are live), and its resident set size once settled. Baseline in the same
 * run: a bare JVM start ({@code java -version}) with the same flags. Runs in simulation (mock GPIO):
 * off a Pi there is no gpiod to open.
 */
final class StartFootprint {

    private StartFootprint() {
    }

    record Result(double armedMillis, double bareMillis, long rssKb, List<String> flags) {
    }

    static Result run(Path dir, int rounds) throws Exception {
        Path jar = Path.of(StartFootprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> flags = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms48m", "-Xmx48m",
                "-XX:+ExitOnOutOfMemoryError", "-Dio.netty.noUnsafe=true"); // the launcher's run flags
        double armed = Double.MAX_VALUE;
        double bare = Double.MAX_VALUE;
        long rss = 0;
        Path profile = BenchPost.write(dir.resolve("p5/site.yaml"), "tcp://127.0.0.1:1", 0);
        for (int i = 0; i < rounds; i++) {
            Path state = dir.resolve("p5/state-" + i);
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(flags);
            cmd.addAll(List.of("-jar", jar.toString(), "run", "--simulate", "--profile", profile.toString(),
                    "--state-dir", state.toString(), "--broker", "tcp://127.0.0.1:1"));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("p5/run-" + i + ".log").toFile()).start();
            Path sock = state.resolve("control.sock");
            while (!Files.exists(sock)) {
                if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                    p.destroyForcibly();
                    throw new IOException("the gateway did not arm: see " + dir.resolve("p5/run-" + i + ".log"));
                }
                Thread.onSpinWait();
            }
            armed = Math.min(armed, (System.nanoTime() - t0) / 1e6);
            Thread.sleep(2000); // let it settle: the footprint of a post waiting for a press
            rss = Math.max(rss, rssKb(p.pid()));
            p.destroy();
            p.waitFor();

            List<String> b = new ArrayList<>(List.of(java));
            b.addAll(flags);
            b.add("-version");
            long t1 = System.nanoTime();
            new ProcessBuilder(b).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
            bare = Math.min(bare, (System.nanoTime() - t1) / 1e6);
        }
        return new Result(armed, bare, rss, flags);
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
        return List.of(new Figure("P5", "start: process start -> armed (simulation, best of runs)", r.armedMillis(),
                        "ms", "bare JVM start (java -version), same flags", r.bareMillis(), "flags: " + r.flags()),
                new Figure("P5", "footprint: RSS settled, heap capped at 48 MB", r.rssKb() / 1024.0, "MB",
                        "(target <= 96 MB)", 96, ""));
    }
}
