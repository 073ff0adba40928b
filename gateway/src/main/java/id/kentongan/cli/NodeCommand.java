package id.kentongan.cli;

import id.kentongan.post.Gateway;
import id.kentongan.alert.AlertKind;
import id.kentongan.config.ProfileEditor;
import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import id.kentongan.field.NodeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kentongan node}: provision field nodes, and act as one (for trying the post out). */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Field nodes: provision one, or act as one.",
        subcommands = {NodeCommand.Add.class, NodeCommand.Send.class, NodeCommand.Heartbeat.class})
final class NodeCommand {

    static Path secretsOr(Path secrets, Path profile) {
        return secrets != null ? secrets : profile.toAbsolutePath().resolveSibling("secrets.yaml");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Provision a node: a fresh key into the secrets file, the node into the profile, and "
                    + "the node's configuration printed for flashing.")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NODE", description = "New node id, e.g. masjid-2.")
        String id;

        @Option(names = "--zone", required = true, description = "Zone the node stands in (one of the profile's).")
        String zone;

        @Option(names = "--events", split = ",", defaultValue = "panic",
                description = "Kinds it may report, comma-separated (default ${DEFAULT-VALUE}).")
        List<String> events;

        @Option(names = "--heartbeat", defaultValue = "5m", description = "Heartbeat period (default ${DEFAULT-VALUE}).")
        String heartbeat;

        @Option(names = "--pattern", description = "Siren pattern its alerts play at the post (none by default).")
        String pattern;

        @Option(names = "--outputs", split = ",", description = "Sirens/strobes that play it, comma-separated.")
        List<String> outputs;

        @Option(names = "--label", description = "Human name, e.g. \"Tombol panik masjid\".")
        String label;

        @Option(names = "--gateway", defaultValue = "GATEWAY-ADDRESS",
                description = "The post's address as the node reaches it, for the printed configuration.")
        String gateway;

        @Mixin
        ProfileOption profile; // the one edited

        @Option(names = "--secrets", description = "Secrets file (default: secrets.yaml beside the profile).")
        Path secrets;

        @Override
        public Integer call() throws Exception {
            Path p = profile.path();
            Path s = secretsOr(secrets, p);
            SiteProfile before;
            try {
                before = ProfileLoader.load(p);
            } catch (ProfileException e) {
                System.err.println("kentongan: fix the profile first:");
                e.problems().forEach(x -> System.err.println("  " + x));
                return 2;
            }
            if (before.nodeIndex(id) >= 0) {
                System.err.println("kentongan: node '" + id + "' is already in " + p);
                return 2;
            }
            StringBuilder entry = new StringBuilder("{ id: " + id + ", zone: " + zone + ", heartbeat: " + heartbeat
                    + ", events: [" + String.join(", ", events) + "]");
            if (pattern != null) {
                entry.append(", pattern: ").append(pattern);
            }
            if (outputs != null && !outputs.isEmpty()) {
                entry.append(", outputs: [").append(String.join(", ", outputs)).append("]");
            }
            if (label != null) {
                entry.append(", label: \"").append(label.replace("\"", "'")).append("\"");
            }
            entry.append(" }");
            String key = Secrets.newKey(new SecureRandom());
            SiteProfile after;
            try {
                ProfileEditor.Edit edit = ProfileEditor.prepare(p, entry.toString()); // checked before anything is written
                Secrets.addPsk(s, id, key);
                edit.apply();
                after = edit.profile();
            } catch (ProfileException e) {
                System.err.println("kentongan: the node was not added; the profile would be refused:");
                e.problems().forEach(x -> System.err.println("  " + x));
                return 2;
            }
            SiteProfile.NodeSpec node = after.nodes().get(after.nodeIndex(id));
            System.err.println("kentongan: added node '" + id + "' to " + p + " and its key to " + s
                    + "; restart the gateway to let it in. Flash this onto the node:");
            System.out.print(fill(template(), Map.of("node_id", id, "zone", node.zone(), "label", node.label(),
                    "psk", key, "gateway_host", gateway, "dtls_port", Integer.toString(after.field().dtlsPort()),
                    "heartbeat_s", Long.toString(node.heartbeat().toSeconds()), "events",
                    String.join(",", node.events().stream().map(AlertKind::wireName).sorted().toList()))));
            return 0;
        }

        static String template() throws IOException {
            try (InputStream in = NodeCommand.class.getResourceAsStream("/firmware/node.conf.template")) {
                if (in == null) {
                    throw new IOException("the field-node template is missing from this build");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        static String fill(String template, Map<String, String> values) {
            String out = template;
            for (var e : values.entrySet()) {
                out = out.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            return out;
        }
    }

    /** Options shared by the commands that act as a node. */
    static class AsNode {
        @Parameters(index = "0", paramLabel = "NODE", description = "Node id from the profile.")
        String id;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Gateway address (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", description = "Gateway port (default: the profile's; plain unless --dtls).")
        Integer port;

        @Option(names = "--dtls", description = "Talk DTLS with the node's key from the secrets file.")
        boolean dtls;

        @Mixin
        ProfileOption profile;

        @Option(names = "--secrets", description = "Secrets file (default: secrets.yaml beside the profile).")
        Path secrets;

        NodeClient connect() throws Exception {
            Path p = profile.path();
            SiteProfile sp = ProfileLoader.load(p);
            byte[] psk = null;
            if (dtls) {
                Path s = secretsOr(secrets, p);
                if (!Files.exists(s)) {
                    throw new IOException("no secrets file " + s + " (provision the node with 'kentongan node add')");
                }
                psk = Secrets.load(s).psk(id);
                if (psk == null) {
                    throw new IOException("node '" + id + "' has no key in " + s);
                }
            }
            int prt = port != null ? port : dtls ? sp.field().dtlsPort() : sp.field().plainPort();
            return NodeClient.connect(host, prt, id, psk);
        }

        static int print(NodeClient.Reply r) {
            System.out.println(r.code() + (r.body() == null || r.body().isEmpty() ? "" : " " + r.body()));
            return r.ok() ? 0 : 1;
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Act as a field node: send one event, wait for the post's durable answer.")
    static final class Send extends AsNode implements Callable<Integer> {
        @Parameters(index = "1", paramLabel = "KIND", description = "Event kind, e.g. panic, flood, level, checkpoint.")
        String kind;

        @Option(names = "--seq", description = "Event number (default: the current time in ms, i.e. new).")
        Long seq;

        @Option(names = "--boot", defaultValue = "0", description = "The node's boot counter (default ${DEFAULT-VALUE}).")
        long boot;

        @Option(names = "--value", description = "A reading, e.g. a water level in metres.")
        Double value;

        @Option(names = "--card", description = "Kind checkpoint (the night watch): the UID of the guard's card, "
                + "in hex as the reader shows it, e.g. 04A1B2C3.")
        String card;

        @Override
        public Integer call() throws Exception {
            try (NodeClient c = connect()) {
                return print(c.event(boot, seq != null ? seq : System.currentTimeMillis(), kind, value, card));
            }
        }
    }

    @Command(name = "heartbeat", mixinStandardHelpOptions = true, description = "Act as a field node: one heartbeat.")
    static final class Heartbeat extends AsNode implements Callable<Integer> {
        @Option(names = "--battery-low", description = "Report a low battery.")
        boolean batteryLow;

        @Option(names = "--tamper", description = "Report an opened case.")
        boolean tamper;

        @Override
        public Integer call() throws Exception {
            try (NodeClient c = connect()) {
                return print(c.heartbeat(batteryLow, tamper));
            }
        }
    }
}
