package id.kentongan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A diagnostic for the arm64 check ({@code .ci/arm64-check}): which native libraries this JVM really
 * mapped, read from {@code /proc/self/maps} rather than from log lines (Pi4J 3.0.3 logs "loaded
 * successfully" even when it skipped the load). Pi4J's gpiod plugin extracts its bundled libraries
 * into {@code java.io.tmpdir} before loading them, and sqlite-jdbc's is copied into the service's
 * cache ({@code journal/SqliteNative}; into the temporary directory without one), so the mapped files
 * under those directories are exactly the natives that came out of the jars.
 *
 * <p>Asked for with {@code -Dkentongan.natives=DIR}: at exit, while the libraries are still mapped and
 * before the JVM deletes its temp files, it writes {@code DIR/maps.txt} (the JVM's {@code os.arch}, then
 * the maps lines) and copies each mapped library into {@code DIR}, so that the check can read their
 * ELF headers with its own tools. Hidden on purpose: nothing a technician needs.
 *
 * <p>Threads: {@link #reportAtExitIfAsked} from main, once; the report runs on a shutdown-hook thread.
 */
final class NativeLibraries {

    static final String PROPERTY = "kentongan.natives";

    private NativeLibraries() {
    }

    /** Registers the exit report when {@code -Dkentongan.natives=DIR} is set; otherwise does nothing. */
    static void reportAtExitIfAsked() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("kentongan-natives").unstarted(() -> {
            try {
                report(Path.of(dir));
            } catch (IOException | RuntimeException e) {
                System.err.println("kentongan: natives report failed: " + e);
            }
        }));
    }

    /**
     * The {@code /proc/self/maps} lines of files whose name has {@code .so}, under {@code java.io.tmpdir}
     * or the service's cache ({@code -Dkentongan.cache}, where SQLite's library is kept).
     */
    static List<String> extractedMaps() throws IOException {
        List<Path> roots = new ArrayList<>(List.of(Path.of(System.getProperty("java.io.tmpdir"))));
        String cache = System.getProperty(Main.CACHE_PROPERTY);
        if (cache != null && !cache.isBlank()) {
            roots.add(Path.of(cache));
        }
        roots.replaceAll(r -> r.toAbsolutePath().normalize());
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String file = fileOf(line);
            if (file != null && file.contains(".so") && roots.stream().anyMatch(Path.of(file).normalize()::startsWith)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The path column of a maps line, or {@code null} for an anonymous mapping. */
    static String fileOf(String mapsLine) {
        // address perms offset dev inode [path]: the path is everything after the fifth field
        String[] f = mapsLine.trim().split("\\s+", 6);
        return f.length == 6 && f[5].startsWith("/") ? f[5].replace(" (deleted)", "") : null;
    }

    /** Writes {@code dir/maps.txt} and a copy of each mapped library; returns the libraries' paths. */
    static Set<Path> report(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> maps = extractedMaps();
        Set<Path> files = new LinkedHashSet<>();
        maps.forEach(l -> files.add(Path.of(fileOf(l))));
        List<String> out = new ArrayList<>();
        out.add("# os.arch=" + System.getProperty("os.arch") + " java.version=" + System.getProperty("java.version"));
        out.addAll(maps);
        Files.write(dir.resolve("maps.txt"), out);
        files.forEach(f -> {
            try {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return files;
    }
}
