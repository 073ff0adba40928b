package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.uplink.PostVerifier;
import id.kentongan.uplink.SignedCommand;
import id.kentongan.uplink.Watcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code kentongan command}: the command centre's side. Signs a command with the centre's key
 * (HMAC-SHA256), publishes it, and prints the post's answer from its result topic, marked as
 * {@code watch} marks alerts. When the centre holds posts' keys only a verified answer counts: the
 * command's nonce is public on the broker, so anyone could answer "accepted" to it.
 */
@Command(name = "command", mixinStandardHelpOptions = true,
        description = "Send a signed command to a post (or the whole village) and print its answer.")
final class CommandCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VERB", description = "ack, all-clear, silence, alert, test, drill, replay")
    String verb;

    @Option(names = "--post", paramLabel = "VILLAGE/POST", description = "The post, e.g. sukamaju/rt03-rw05.")
    String post;

    @Option(names = "--village", description = "Every post of this village (village-wide topic).")
    String village;

    @Option(names = "--refs", split = ",", description = "Alert identifiers (ack, all-clear).")
    List<String> refs;

    @Option(names = "--kind", description = "What to raise (alert, test, drill), e.g. flood.")
    String kind;

    @Option(names = "--pattern", description = "Pattern for an alert, e.g. temporal-3.")
    String pattern;

    @Option(names = "--zones", split = ",", description = "Zones an alert is for (default: all).")
    List<String> zones;

    @Option(names = "--from", description = "replay: first sequence number.")
    Long from;

    @Option(names = "--until", description = "replay: last sequence number.")
    Long until;

    @Option(names = "--key-id", required = true, description = "The centre's key id, as the posts know it.")
    String keyId;

    @Mixin
    CentreLogin login;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--root", defaultValue = "kentongan/v1", description = "Topic root (default ${DEFAULT-VALUE}).")
    String root;

    @Option(names = "--wait", defaultValue = "10", description = "Seconds to wait for the answer (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if ((post == null) == (village == null)) {
            System.err.println("kentongan: give exactly one of --post VILLAGE/POST or --village VILLAGE");
            return 2;
        }
        if (login.secrets == null) {
            System.err.println("kentongan: give the centre's secrets file with --secrets (its key under 'centres')");
            return 2;
        }
        byte[] key = login.secrets().centreKeys().get(keyId);
        if (key == null) {
            System.err.println("kentongan: no key '" + keyId + "' under 'centres' in " + login.secrets);
            return 2;
        }
        PostVerifier verifier = login.verifier();
        String target = post != null ? post : village + "/all";
        String topic = root + "/" + target + "/cmd/" + verb;
        ObjectNode args = new ObjectMapper().createObjectNode();
        if (refs != null) {
            ArrayNode a = args.putArray("refs");
            refs.forEach(a::add);
        }
        if (kind != null) {
            args.put("kind", kind);
        }
        if (pattern != null) {
            args.put("pattern", pattern);
        }
        if (zones != null) {
            ArrayNode z = args.putArray("zones");
            zones.forEach(z::add);
        }
        if (from != null) {
            args.put("from", from);
        }
        if (until != null) {
            args.put("to", until);
        }
        String nonce = SignedCommand.newNonce(new SecureRandom());
        byte[] payload = SignedCommand.sign(topic, args, keyId, key, Instant.now(), nonce);
        String results = root + "/" + (post != null ? post : village + "/+") + "/result";
        CompletableFuture<String> answered = new CompletableFuture<>();
        int[] answers = {0};
        try (Watcher w = Watcher.start(broker, login.login(broker), List.of(results), m -> {
            String text = new String(m.payload(), StandardCharsets.UTF_8);
            if (text.contains("\"" + nonce + "\"")) {
                PostVerifier.Verdict v = verifier.check(m.topic(), m.payload());
                System.out.println(WatchCommand.marked(v, m.topic() + "  " + text));
                if (v.verified() || (!verifier.holdsKeys() && v.mark() == PostVerifier.Mark.UNVERIFIED)) {
                    answers[0]++;
                    if (post != null) {
                        answered.complete(text);
                    }
                }
            }
        }, s -> { })) {
            w.publish(topic, payload);
            try {
                answered.get(waitSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (answers[0] == 0) {
                    System.err.println("kentongan: no answer within " + waitSeconds + " s (is the post online?)");
                    return 1;
                }
            }
        }
        return 0;
    }
}
