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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The secrets file: field nodes' pre-shared keys, command centres' keys, and the post's own MQTT
 * password and signing key, kept apart from the site profile and readable by the service alone. A
 * file that group or others may read is refused, naming the fix. Keys and passwords are never logged
 * or printed except when they are made (a node's key for flashing, a post's signing key for its
 * centres); {@link #toString()} names what is there, never a value.
 *
 * <pre>
 * # Kentongan secrets: chmod 600, owned by the service user.
 * psk:
 *   masjid-1: "Qk3v9bM1yWc2pZr8T0aLxg"
 * centres:                       # command centres' keys for signed commands (HMAC-SHA256)
 *   polsek-1: "m2V0c3S1...32 or more characters"
 * mqtt_password: "..."           # this post's (or centre's) password on the broker
 * signing_key: "..."             # the key this post signs its alerts, results and status with
 * posts:                         # at a centre: each post's signing key, to verify what it publishes
 *   sukamaju/rt03-rw05: "..."
 * </pre>
 *
 * A key is ASCII text, and the PSK is its bytes: that is what libcoap's {@code coap-client -k} and
 * most node SDKs take. Fresh keys carry 128 random bits, signing keys 256. Immutable; any thread.
 *
 * @param mqttPassword the password this post (or centre) gives the broker, or {@code null}
 * @param signingKey   this post's signing key, or {@code null}
 * @param posts        at a centre: each post's signing key, by {@code village/post}
 */
public record Secrets(Path file, Map<String, String> psks, Map<String, String> centres, String mqttPassword,
                      String signingKey, Map<String, String> posts) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern PASSWORD = Pattern.compile("[!-~&&[^\"\\\\]]{16,128}");
    private static final Pattern POST = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}/[a-z0-9][a-z0-9-]{0,31}");
    private static final Set<PosixFilePermission> TOO_OPEN = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    public Secrets {
        psks = Map.copyOf(psks);
        centres = Map.copyOf(centres);
        posts = Map.copyOf(posts);
    }

    public Secrets(Path file, Map<String, String> psks, Map<String, String> centres) {
        this(file, psks, centres, null, null, Map.of());
    }

    public Secrets(Path file, Map<String, String> psks) {
        this(file, psks, Map.of());
    }

    public static Secrets none() {
        return new Secrets(Path.of("(none)"), Map.of());
    }

    /** Names what the file holds, never a key or password (a record would print them). */
    @Override
    public String toString() {
        return "Secrets[" + file + ": psk " + psks.keySet() + ", centres " + centres.keySet() + ", posts "
                + posts.keySet() + (mqttPassword != null ? ", mqtt_password" : "")
                + (signingKey != null ? ", signing_key" : "") + "]";
    }

    /** The command centres' HMAC keys, key id -> key bytes (the ASCII text's). */
    public Map<String, byte[]> centreKeys() {
        return bytes(centres);
    }

    /** At a centre: each post's signing key, {@code village/post} -> key bytes. */
    public Map<String, byte[]> postKeys() {
        return bytes(posts);
    }

    /** This post's signing key as bytes, or {@code null}. */
    public byte[] signingKeyBytes() {
        return signingKey == null ? null : signingKey.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, byte[]> bytes(Map<String, String> keys) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        keys.forEach((id, k) -> m.put(id, k.getBytes(StandardCharsets.US_ASCII)));
        return m;
    }

    /** The PSK bytes of {@code node}, or {@code null}. */
    public byte[] psk(String node) {
        String k = psks.get(node);
        return k == null ? null : k.getBytes(StandardCharsets.US_ASCII);
    }

    public static Secrets load(Path file) throws ProfileException {
        Problems problems = new Problems(file);
        String text;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : TOO_OPEN) {
                if (perms.contains(p)) {
                    problems.add(1, "the secrets file may be read by others (" + PosixFilePermissions.toString(perms)
                            + "); make it the service's alone: chmod 600 " + file);
                    problems.throwIfAny();
                }
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(List.of(file + ":1: cannot read the secrets file: " + e));
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            return new Secrets(file, Map.of(), Map.of()); // as the package installs it: no keys yet
        }
        Map<String, String> psks = new LinkedHashMap<>();
        Map<String, String> centres = new LinkedHashMap<>();
        Map<String, String> posts = new LinkedHashMap<>();
        String password = null;
        String signing = null;
        Yaml.Section root = Yaml.parse(new StringReader(text), problems);
        if (root != null) {
            root.allowOnly(Set.of("psk", "centres", "mqtt_password", "signing_key", "posts"));
            longKeys(root.has("centres") ? root.section("centres") : null, "centre", null, centres, problems);
            longKeys(root.has("posts") ? root.section("posts") : null, "post", POST, posts, problems);
            if (root.has("mqtt_password")) {
                password = root.string("mqtt_password");
                if (password == null || !PASSWORD.matcher(password).matches()) {
                    problems.add(root.line("mqtt_password"), "mqtt_password must be 16..128 printable ASCII "
                            + "characters, no space, quote or backslash (the password itself is not shown)");
                    password = null;
                }
            }
            if (root.has("signing_key")) {
                signing = root.string("signing_key");
                if (signing == null || !KEY.matcher(signing).matches() || signing.length() < 32) {
                    problems.add(root.line("signing_key"), "signing_key must be 32..64 of A-Z, a-z, 0-9, '-' and "
                            + "'_' (the key itself is not shown)");
                    signing = null;
                }
            }
            var pskNode = root.entries().get("psk");
            boolean empty = pskNode instanceof ScalarNode sn && sn.getValue().isEmpty();
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
        return new Secrets(file, psks, centres, password, signing, posts);
    }

    /** A section of 32..64-character keys by name ({@code centres}, {@code posts}), names checked by {@code names}. */
    private static void longKeys(Yaml.Section c, String what, Pattern names, Map<String, String> into,
                                 Problems problems) {
        if (c == null) {
            return;
        }
        for (String id : c.entries().keySet()) {
            String key = c.string(id);
            if (names != null && !names.matcher(id).matches()) {
                problems.add(c.line(id), "'" + id + "' is not a post as village/post");
            } else if (key == null || !KEY.matcher(key).matches() || key.length() < 32) {
                problems.add(c.line(id), "the key of " + what + " '" + id + "' must be 32..64 of A-Z, a-z, 0-9, "
                        + "'-' and '_' (the key itself is not shown)");
            } else {
                into.put(id, key);
            }
        }
    }

    /** The secrets text with {@code node: "key"} added at the end of the {@code psk} block, wherever it is. */
    static String withPsk(String text, String node, String key) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
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
        return newKey(random, 16);
    }

    /** A fresh key or password of {@code bytes} random bytes, base64url without padding. */
    public static String newKey(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Adds {@code node}'s key to the secrets file, creating it with mode 0600 if it is missing.
     *
     * @throws IllegalStateException if the node already has a key
     */
    public static void addPsk(Path file, String node, String key) throws IOException, ProfileException {
        if (existing(file, "# Kentongan secrets: field nodes' pre-shared keys. Keep it chmod 600, owned by "
                + "the service user.\npsk:\n").psks().containsKey(node)) {
            throw new IllegalStateException("node '" + node + "' already has a key in " + file);
        }
        replace(file, withPsk(Files.readString(file, StandardCharsets.UTF_8), node, key));
    }

    /**
     * Adds this post's (or centre's) MQTT password and the post's signing key, each when given, to the
     * secrets file, creating it with mode 0600 if it is missing.
     *
     * @param mqttPassword {@code null} to add none
     * @param signingKey   {@code null} to add none (a centre signs nothing)
     * @throws IllegalStateException if the file already has one of those given
     */
    public static void addOwnKeys(Path file, String mqttPassword, String signingKey) throws IOException,
            ProfileException {
        Secrets s = existing(file, "# Kentongan secrets. Keep it chmod 600, owned by the service user.\n");
        if ((mqttPassword != null && s.mqttPassword() != null) || (signingKey != null && s.signingKey() != null)) {
            throw new IllegalStateException(file + " already has " + (s.mqttPassword() != null ? "an mqtt_password"
                    : "a signing_key") + "; to make new ones, delete those lines first");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text += "\n";
        }
        if (mqttPassword != null) {
            text += "mqtt_password: \"" + mqttPassword + "\"\n";
        }
        if (signingKey != null) {
            text += "signing_key: \"" + signingKey + "\"\n";
        }
        replace(file, text);
    }

    /** The file as it is, made first (0600, with {@code header}) if it is missing. */
    private static Secrets existing(Path file, String header) throws IOException, ProfileException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, header, StandardCharsets.UTF_8);
        }
        return load(file);
    }

    /** Writes {@code edited} beside the file (0600), checks that it reads back whole, and moves it over. */
    private static void replace(Path file, String edited) throws IOException, ProfileException {
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
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        load(file); // still readable as a whole
    }
}
