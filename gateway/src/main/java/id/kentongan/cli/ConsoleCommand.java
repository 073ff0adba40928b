package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.uplink.PostVerifier;
import id.kentongan.uplink.SignedCommand;
import id.kentongan.uplink.Watcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.io.IOException;

/**
 * {@code kentongan console}: the command centre's live console. Shows posts coming online and going
 * offline, every alert as it arrives, gaps in each post's sequence, and the answers to commands; the
 * operator types signed commands (ack, silence, clear, alert, drill, test, replay) and views (posts,
 * alerts). A centre needs only this and a broker. What posts publish is checked with the posts' keys
 * the centre holds and marked (see {@link CentreView}).
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "The command centre's live console: posts, alerts, gaps, and signed commands typed in.")
final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--root", defaultValue = "kentongan/v1", description = "Topic root (default ${DEFAULT-VALUE}).")
    String root;

    @Option(names = "--key-id", description = "The centre's key id; without it the console only watches.")
    String keyId;

    @Mixin
    CentreLogin login;

    private static final String HELP = """
            commands:
              posts                          every post: online/offline, boot, last event, missing events
              alerts                         open alerts and their acknowledgement state
              ack <#n|identifier>...         acknowledge alerts (the post's LED lights, re-publishing stops)
              silence <village/post|village> silence sirens
              clear <village/post|village> [#n|identifier...]   all-clear (CAP Cancel)
              alert <village> <kind> [pattern] [zone,zone]      raise a village-wide alert
              drill <village> <kind>  |  test <village> [kind]  exercise or test, with the test pattern
              replay <village/post> <from> <to>                 ask a post to resend events
              help, quit""";

    private final Map<String, String> pendingAcks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Integer call() throws Exception {
        byte[] key = null;
        if (keyId != null) {
            if (login.secrets == null) {
                System.err.println("kentongan: --key-id needs --secrets");
                return 2;
            }
            key = login.secrets().centreKeys().get(keyId);
            if (key == null) {
                System.err.println("kentongan: no key '" + keyId + "' under 'centres' in " + login.secrets);
                return 2;
            }
        }
        PrintStream out = System.out;
        PostVerifier verifier = login.verifier();
        CentreView view = new CentreView(verifier);
        if (!verifier.holdsKeys()) {
            out.println("console: " + CentreLogin.noKeysWarning());
        }
        List<String> topics = List.of(root + "/+/+/status", root + "/+/+/alert", root + "/+/+/result");
        try (Watcher w = Watcher.start(broker, login.login(broker), topics, m -> {
            PostVerifier.Verdict v = view.verdict(m.topic(), m.payload());
            if (m.topic().endsWith("/result") && view.trusts(v)) {
                acknowledgeIfAnswered(view, m.payload()); // a forged "accepted" acknowledges nothing
            }
            String line = view.onMessage(m.topic(), m.payload(), v);
            if (line != null) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
        }, s -> out.println("console: " + s))) {
            out.println("console: watching " + broker + (key == null ? " (read-only: no --key-id)" : " as " + keyId)
                    + "; type 'help'");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] a = line.trim().split("\\s+");
                if (a.length == 0 || a[0].isEmpty()) {
                    continue;
                }
                if (a[0].equals("quit") || a[0].equals("exit")) {
                    break;
                }
                String reply;
                try {
                    reply = run(a, view, w, key);
                } catch (IllegalArgumentException e) {
                    reply = "console: " + e.getMessage();
                }
                synchronized (out) {
                    out.println(reply);
                    out.flush();
                }
            }
        }
        return 0;
    }

    private String run(String[] a, CentreView view, Watcher w, byte[] key) throws Exception {
        switch (a[0]) {
            case "help":
                return HELP;
            case "posts":
                return String.join("\n", view.postsReport());
            case "alerts":
                return String.join("\n", view.alertsReport());
            default:
                break;
        }
        if (key == null) {
            throw new IllegalArgumentException("read-only console: start it with --key-id and --secrets to command");
        }
        ObjectNode args = new ObjectMapper().createObjectNode();
        switch (a[0]) {
            case "ack" -> {
                need(a, 2, "ack <#n|identifier>...");
                CentreView.AlertState first = null;
                var refs = args.putArray("refs");
                for (String r : Arrays.copyOfRange(a, 1, a.length)) {
                    CentreView.AlertState s = view.alert(r);
                    if (s == null) {
                        throw new IllegalArgumentException("no alert " + r + " (see 'alerts')");
                    }
                    if (first != null && !(first.alert.village() + first.alert.post()).equals(s.alert.village()
                            + s.alert.post())) {
                        throw new IllegalArgumentException("acknowledge one post's alerts at a time");
                    }
                    first = s;
                    refs.add(s.alert.identifier());
                }
                String nonce = send(w, key, first.alert.village() + "/" + first.alert.post(), "ack", args);
                pendingAcks.put(nonce, refs.toString());
                return "sent    ack " + refs;
            }
            case "silence" -> {
                need(a, 2, "silence <village/post|village>");
                return "sent    silence to " + a[1] + " (" + send(w, key, target(a[1]), "silence", args) + ")";
            }
            case "clear" -> {
                need(a, 2, "clear <village/post|village> [#n|identifier...]");
                if (a.length > 2) {
                    var refs = args.putArray("refs");
                    for (String r : Arrays.copyOfRange(a, 2, a.length)) {
                        CentreView.AlertState s = view.alert(r);
                        refs.add(s == null ? r : s.alert.identifier());
                    }
                }
                send(w, key, target(a[1]), "all-clear", args);
                return "sent    all-clear to " + a[1];
            }
            case "alert", "drill", "test" -> {
                need(a, a[0].equals("test") ? 2 : 3, a[0] + " <village> <kind> [pattern] [zones]");
                args.put("kind", a.length > 2 ? a[2] : "panic");
                if (a[0].equals("alert") && a.length > 3) {
                    args.put("pattern", a[3]);
                }
                if (a[0].equals("alert") && a.length > 4) {
                    var z = args.putArray("zones");
                    Arrays.stream(a[4].split(",")).forEach(z::add);
                }
                send(w, key, a[1].contains("/") ? a[1] : a[1] + "/all", a[0], args);
                return "sent    " + a[0] + " to " + a[1];
            }
            case "replay" -> {
                need(a, 4, "replay <village/post> <from> <to>");
                args.put("from", Long.parseLong(a[2]));
                args.put("to", Long.parseLong(a[3]));
                send(w, key, a[1], "replay", args);
                return "sent    replay " + a[2] + ".." + a[3] + " to " + a[1];
            }
            default -> throw new IllegalArgumentException("unknown command '" + a[0] + "'; type 'help'");
        }
    }

    private static void need(String[] a, int n, String usage) {
        if (a.length < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static String target(String t) {
        return t.contains("/") ? t : t + "/all";
    }

    private String send(Watcher w, byte[] key, String target, String verb, ObjectNode args) throws Exception {
        String topic = root + "/" + target + "/cmd/" + verb;
        String nonce = SignedCommand.newNonce(random);
        w.publish(topic, SignedCommand.sign(topic, args, keyId, key, Instant.now(), nonce));
        return nonce;
    }

    private void acknowledgeIfAnswered(CentreView view, byte[] payload) {
        try {
            var r = new ObjectMapper().readTree(payload);
            String refs = pendingAcks.remove(r.path("nonce").asText());
            if (refs != null && r.path("result").asText().equals("accepted")) {
                new ObjectMapper().readTree(refs).forEach(id -> view.acknowledged(id.asText()));
            }
        } catch (IOException ignored) {
            // not ours to read
        }
    }
}
