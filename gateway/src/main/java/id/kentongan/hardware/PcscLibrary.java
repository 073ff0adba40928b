package id.kentongan.hardware;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the PC/SC client library ({@code libpcsclite}) is, for {@code javax.smartcardio}. Before JDK 22
 * (JDK-8009550) the JDK looks only for an unversioned {@code libpcsclite.so} in {@code /usr/lib} and
 * {@code /usr/local/lib}, while Debian and its children install the versioned {@code libpcsclite.so.1} in
 * the multiarch directory ({@code /usr/lib/<tuple>/}): without help, Java 21 finds no PC/SC at all. So,
 * unless the operator set {@value #PROPERTY} already, this looks in the directories of this machine's
 * architecture (the tuple from {@code os.arch}), then the classic ones, and sets the property to the
 * first library found. Nothing found: the property stays unset and the JDK's own search decides.
 *
 * <p>Threads: called by {@link CardReader#start} (any thread); sets a system property once.
 */
final class PcscLibrary {

    static final String PROPERTY = "sun.security.smartcardio.library";

    private PcscLibrary() {
    }

    /** Sets {@value #PROPERTY} if it is unset and a library is found; returns the property's value. */
    static synchronized String configure() {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) {
            return set;
        }
        for (Path p : candidates(System.getProperty("os.arch", ""))) {
            if (Files.isReadable(p)) {
                System.setProperty(PROPERTY, p.toString());
                return p.toString();
            }
        }
        return null;
    }

    /** The places to look, most specific first. */
    static List<Path> candidates(String osArch) {
        List<String> dirs = new ArrayList<>();
        String tuple = multiarch(osArch);
        if (tuple != null) {
            dirs.add("/usr/lib/" + tuple);
            dirs.add("/lib/" + tuple);
        }
        dirs.addAll(List.of("/usr/lib64", "/usr/lib", "/usr/local/lib", "/lib64", "/lib"));
        List<Path> out = new ArrayList<>();
        for (String name : List.of("libpcsclite.so.1", "libpcsclite.so")) {
            for (String d : dirs) {
                out.add(Path.of(d, name));
            }
        }
        return out;
    }

    /** Debian's multiarch tuple for the JVM's architecture, or null if it has none we know. */
    static String multiarch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            case "arm", "armhf" -> "arm-linux-gnueabihf";
            case "x86", "i386", "i686" -> "i386-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            default -> null;
        };
    }
}
