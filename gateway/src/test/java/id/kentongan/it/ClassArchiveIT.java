package id.kentongan.it;

import id.kentongan.fixtures.Profiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's class-data archive across an upgrade, through the launcher as the package installs it
 * (a copy beside no checkout, with the packaged jar and its lib/): the first clean stop writes an
 * archive, the next start maps it; a new jar gets an archive of its own at its first clean stop, the
 * old one is removed, and the start after maps the new one. The JVM refuses an archive whose class
 * path changed and never writes it anew, so, before, every start after an upgrade went without one.
 */
@Timeout(180)
class ClassArchiveIT {

    @TempDir
    Path tmp;

    @Test
    void an_upgraded_jar_gets_an_archive_of_its_own_and_the_next_start_maps_it() throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        assertTrue(Files.exists(java.getParent().getParent().resolve("lib/server/classes.jsa")),
                "this JDK has no class-data archive of its own, which a dynamic archive builds on: " + java);
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path jar = Files.copy(Path.of("target", "kentongan-gateway.jar"), share.resolve("kentongan-gateway.jar"));
        Path lib = Files.createDirectories(share.resolve("lib"));
        try (Stream<Path> jars = Files.list(Path.of("target", "lib"))) {
            for (Path j : jars.toList()) {
                Files.copy(j, lib.resolve(j.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path launcher = Files.createDirectories(tmp.resolve("bin")).resolve("kentongan");
        Files.copy(ServiceUnitIT.LAUNCHER, launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Path profile = Profiles.write(tmp.resolve("etc"), "tcp://127.0.0.1:1");
        Path cache = tmp.resolve("cache");

        run(launcher, jar, profile, cache, null);
        Path first = theArchive(cache);
        assertTrue(mappedClasses(launcher, jar, profile, cache) > 1000,
                "the second start maps the classes the first one's stop archived");
        assertEquals(first, theArchive(cache), "an unchanged jar keeps its archive");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // an upgrade
        run(launcher, jar, profile, cache, null);
        assertTrue(mappedClasses(launcher, jar, profile, cache) > 1000,
                "the start after the upgrade's first maps the classes again");
        Path second = theArchive(cache);
        assertNotEquals(first, second, "the old jar's archive is gone");

        try (Stream<Path> jars = Files.list(lib)) { // an upgrade of one library alone
            Path one = jars.filter(j -> j.getFileName().toString().startsWith("snakeyaml")).findFirst().orElseThrow();
            Files.setLastModifiedTime(one, FileTime.from(Instant.now().plusSeconds(120)));
        }
        run(launcher, jar, profile, cache, null);
        assertTrue(mappedClasses(launcher, jar, profile, cache) > 1000,
                "the start after a library's upgrade maps the classes again");
        assertNotEquals(second, theArchive(cache));
    }

    /** The one archive in {@code cache}: the launcher removes the others. */
    private static Path theArchive(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), "archives in the cache: " + archives);
            return archives.get(0);
        }
    }

    /** Starts the service and counts the classes it took from the archive. */
    private int mappedClasses(Path launcher, Path jar, Path profile, Path cache) throws Exception {
        Path classes = tmp.resolve("classes-" + System.nanoTime() + ".log");
        run(launcher, jar, profile, cache, "-Xlog:class+load:file=" + classes);
        try (Stream<String> lines = Files.lines(classes)) {
            return (int) lines.filter(l -> l.contains("source: shared objects file (top)")).count();
        }
    }

    /** {@code kentongan run --simulate} until its control socket appears, then a clean stop (SIGTERM). */
    private void run(Path launcher, Path jar, Path profile, Path cache, String javaOpts) throws Exception {
        Path state = tmp.resolve("state-" + System.nanoTime());
        Path log = tmp.resolve("run-" + System.nanoTime() + ".log");
        ProcessBuilder b = new ProcessBuilder(launcher.toString(), "run", "--simulate", "--profile",
                profile.toString(), "--state-dir", state.toString(), "--broker", "tcp://127.0.0.1:1")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = b.environment();
        env.put("KENTONGAN_JAR", jar.toString());
        env.put("CACHE_DIRECTORY", cache.toString());
        if (javaOpts != null) { // the java command's own variable: the launcher's flags are part of the archive's name
            env.put("JDK_JAVA_OPTIONS", javaOpts);
        }
        Process p = b.start();
        try {
            await("the service started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the service exited: " + Files.readString(log));
                }
                return Files.exists(state.resolve("control.sock"));
            });
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the service did not stop: " + Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
    }
}
