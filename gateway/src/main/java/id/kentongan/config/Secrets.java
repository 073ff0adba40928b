package id.kentongan.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secrets file: field nodes' pre-shared keys, kept apart from the site profile and readable by
 * the service alone. A file that group or others may read is refused, naming the fix. Keys are never
 * logged or printed except when a node is provisioned (its one key, for flashing).
 *
 * <pre>
 * # Kentongan secrets: chmod 600, owned by the service user.
 * psk:
 *   masjid-1: "Qk3v9bM1yWc2pZr8T0aLxg"
 * centres:                       # command centres' keys for signed commands (HMAC-SHA256)
 *   polsek-1: "m2V0c3S1...32 or more characters"
 * </pre>
 *
 * A key is ASCII text, and the PSK is its bytes: that is what libcoap's {@code coap-client -k} and
 * most node SDKs take. Fresh keys carry 128 random bits. Immutable; any thread.
 */
public record Secrets(Path file, Map<String, String> psks, Map<String, String> centres) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Set<PosixFilePermission> TOO_OPEN = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    public Secrets {
        psks = Map.copyOf(psks);
        centres = Map.copyOf(centres);
    }

    public Secrets(Path file, Map<String, String> psks) {
        this(file, psks, Map.of());
    }

    public static Secrets none() {
        return new Secrets(Path.of("(none)"), Map.of());
    }

    /** The command centres' HMAC keys, key id -> key bytes (the ASCII text's). */
    public Map<String, byte[]> centreKeys() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        centres.forEach((id, k) -> m.put(id, k.getBytes(StandardCharsets.US_ASCII)));
        return m;
    }

    /** The PSK bytes of {@code node}, or {@code null}. */
    public byte[] psk(String node) {
        String k = psks.get(node);
        return k == null ? null : k.getBytes(StandardCharsets.US_ASCII);
    }

    /** Refuses a file that group or others may read or write, naming the fix. */
    static void privateOnly(Path file, String what, Problems problems) throws IOException, ProfileException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : TOO_OPEN) {
            if (perms.contains(p)) {
                problems.add(1, what + " may be read by others (" + PosixFilePermissions.toString(perms)
                        + "); make it the service's alone: chmod 600 " + file);
                problems.throwIfAny();
            }
        }
    }

    public static Secrets load(Path file) throws ProfileException {
        Problems problems = new Problems(file);
        String text;
        try {
            privateOnly(file, "the secrets file", problems);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(List.of(file + ":1: cannot read the secrets file: " + e));
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            return new Secrets(file, Map.of(), Map.of()); // as the package installs it: no keys yet
        }
        Map<String, String> psks = new LinkedHashMap<>();
        Map<String, String> centres = new LinkedHashMap<>();
        Yaml.Section root = Yaml.parse(new StringReader(text), problems);
        if (root != null) {
            root.allowOnly(Set.of("psk", "centres"));
            Yaml.Section c = root.has("centres") ? root.section("centres") : null;
            if (c != null) {
                for (String id : c.entries().keySet()) {
                    String key = c.string(id);
                    if (key == null || !KEY.matcher(key).matches() || key.length() < 32) {
                        problems.add(c.line(id), "the key of centre '" + id + "' must be 32..64 of A-Z, a-z, 0-9, "
                                + "'-' and '_' (the key itself is not shown)");
                    } else {
                        centres.put(id, key);
                    }
                }
            }
            var pskNode = root.entries().get("psk");
            boolean empty = pskNode instanceof org.yaml.snakeyaml.nodes.ScalarNode sn && sn.getValue().isEmpty();
            Yaml.Section psk = empty ? null : root.optionalSection("psk");
            if (psk != null) {
                for (String node : psk.entries().keySet()) {
                    String key = psk.string(node);
                    if (key == null || !KEY.matcher(key).matches()) {
                        problems.add(psk.line(node), "the key of '" + node + "' must be 16..64 of A-Z, a-z, 0-9, "
                                + "'-' and '_' (the key itself is not shown)");
                    } else {
                        psks.put(node, key);
                    }
                }
            }
        }
        problems.throwIfAny();
        return new Secrets(file, psks, centres);
    }

    /** The secrets text with {@code node: "key"} added at the end of the {@code psk} block, wherever it is. */
    static String withPsk(String text, String node, String key) {
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        String entry = "  " + node + ": \"" + key + "\"";
        int psk = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("psk:")) {
                psk = i;
                break;
            }
        }
        if (psk < 0) {
            lines.add("psk:");
            lines.add(entry);
        } else {
            String rest = lines.get(psk).substring(4).trim();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new IllegalStateException("the psk section is written in flow style ('psk: " + rest
                        + "'); make it a block of 'node: \"key\"' lines first");
            }
            int end = lines.size();
            for (int i = psk + 1; i < lines.size(); i++) {
                String l = lines.get(i);
                if (!l.isBlank() && !l.startsWith(" ") && !l.startsWith("#")) {
                    end = i;
                    break;
                }
            }
            while (end > psk + 1 && (lines.get(end - 1).isBlank() || lines.get(end - 1).startsWith("#"))) {
                end--;
            }
            lines.add(end, entry);
        }
        return String.join("\n", lines) + "\n";
    }

    /** A fresh key: 16 random bytes, base64url without padding (22 characters). */
    public static String newKey(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Adds {@code node}'s key to the secrets file, creating it with mode 0600 if it is missing.
     *
     * @throws IllegalStateException if the node already has a key
     */
    public static void addPsk(Path file, String node, String key) throws IOException, ProfileException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "# Kentongan secrets: field nodes' pre-shared keys. Keep it chmod 600, owned by "
                    + "the service user.\npsk:\n", StandardCharsets.UTF_8);
        }
        Secrets existing = load(file);
        if (existing.psks().containsKey(node)) {
            throw new IllegalStateException("node '" + node + "' already has a key in " + file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String edited = withPsk(text, node, key);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, edited, StandardCharsets.UTF_8);
        try {
            load(tmp); // the edited file must read back whole before it replaces the real one
        } catch (ProfileException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        load(file); // still readable as a whole
    }
}
