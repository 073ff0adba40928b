package id.kentongan.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * SQLite's native library, loaded from the service's cache directory, on a thread of its own while
 * the command line and the profile are read.
 *
 * <p>Why: sqlite-jdbc copies its library out of its jar into the temporary directory under a new name at
 * every start, reads it back to compare, and deletes the copies of earlier runs: about 130 ms of the
 * service's start to armed on a 2-core machine (bench P5), with mapping the library itself about 30 ms.
 * Here it is copied once per sqlite-jdbc version and platform into a folder of the cache directory
 * named for both (written to a temporary name, forced, then renamed, so a power cut leaves no half
 * library) and loaded from there through sqlite-jdbc's own {@code org.sqlite.lib.path}. The file keeps
 * the library's own name: should loading it fail (a cache on a {@code noexec} mount, say), sqlite-jdbc
 * then finds that name in its jar and extracts it as before; a name of our own would make it give up.
 * A cached copy whose size or CRC-32 differs from the jar's entry (a damaged card) is copied again.
 * This guards against damage, not against someone who can already write as the service; they could
 * as well change its journal. Folders of other versions are removed.
 *
 * <p>Threads: {@link #loadEarly} from the command's main thread, once; the work runs on
 * {@code kentongan-sqlite-load}. sqlite-jdbc's loader is synchronised, so a journal opened before that
 * thread is done waits for it, or loads the library itself.
 */
public final class SqliteNative {

    private static final Logger log = LoggerFactory.getLogger(SqliteNative.class);
    private static final String PREFIX = "sqlite-";

    private SqliteNative() {
    }

    /** Starts loading SQLite's library from {@code cache} (made if missing); returns at once. */
    public static void loadEarly(Path cache) {
        Thread.ofPlatform().name("kentongan-sqlite-load").daemon(true).start(() -> {
            try {
                System.setProperty("org.sqlite.lib.path", cached(cache).getParent().toString());
            } catch (IOException | RuntimeException e) {
                log.warn("SQLite's library not kept in {} ({}): extracted into the temporary directory instead",
                        cache, e.toString());
            }
            try {
                SQLiteJDBCLoader.initialize();
            } catch (Exception e) {
                log.debug("SQLite's library did not load early ({}); the journal's open says why", e.toString());
            }
        });
    }

    /**
     * The library for this platform in {@code cache/sqlite-VERSION-PLATFORM/}, copied from sqlite-jdbc's
     * jar if it is not there whole.
     */
    static Path cached(Path cache) throws IOException {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        String name = LibraryLoaderUtil.getNativeLibName();
        URL url = SQLiteJDBCLoader.class.getResource(folder + "/" + name);
        if (url == null) {
            throw new IOException("sqlite-jdbc has no library for " + folder);
        }
        URLConnection connection = url.openConnection(); // the JDK keeps the jar open for the class loader anyway
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException("sqlite-jdbc's library is not in a jar: " + url);
        }
        long size = jar.getJarEntry().getSize();
        long crc = jar.getJarEntry().getCrc();
        if (size < 0 || crc < 0) {
            throw new IOException("sqlite-jdbc's jar gives no size or CRC for " + name);
        }
        String platform = folder.replaceFirst("^/org/sqlite/native/", "").replace('/', '-');
        Path dir = cache.resolve(PREFIX + SQLiteJDBCLoader.getVersion() + "-" + platform);
        Path lib = dir.resolve(name);
        if (Files.isRegularFile(lib) && Files.size(lib) == size && crc(lib) == crc) {
            return lib;
        }
        forgetOthers(cache, dir);
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, name, ".part");
        try {
            try (InputStream in = connection.getInputStream();
                 FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                in.transferTo(out);
                ch.force(true);
            }
            if (crc(part) != crc) {
                throw new IOException("the copy of " + name + " does not match sqlite-jdbc's jar");
            }
            Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        log.info("SQLite's library copied to {} for the next starts", lib);
        return lib;
    }

    /** Removes other versions' folders, and what an interrupted copy left in {@code keep}. */
    private static void forgetOthers(Path cache, Path keep) throws IOException {
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cache, PREFIX + "*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                        for (Path f : files) {
                            if (!d.equals(keep) || f.getFileName().toString().endsWith(".part")) {
                                Files.deleteIfExists(f);
                            }
                        }
                    }
                    if (!d.equals(keep)) {
                        Files.deleteIfExists(d);
                    }
                }
            }
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.wrap(Files.readAllBytes(file)));
        return crc.getValue();
    }
}
