package id.kentongan.cli;

import id.kentongan.alert.CapJson;
import id.kentongan.uplink.PostVerifier;
import id.kentongan.uplink.Topics;
import id.kentongan.uplink.Watcher;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code kentongan watch}: the command centre's view; prints each alert as it arrives, marked
 * {@code verified} when its post's signature checks out with the keys the centre holds, else
 * {@code UNVERIFIED} (unsigned, or a post whose key the centre lacks) or {@code FORGED}, with the reason.
 * With {@code --json} only verified alerts reach standard output; the others are named on standard error.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Subscribe to a broker and print every post's alerts as they arrive.")
final class WatchCommand implements Callable<Integer> {

    @Option(names = "--broker", paramLabel = "URI", defaultValue = "tcp://127.0.0.1:1883",
            description = "Broker to watch (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--root", defaultValue = "kentongan/v1", description = "Topic root (default ${DEFAULT-VALUE}).")
    String root;

    @Option(names = "--telemetry", description = "Also print telemetry.")
    boolean telemetry;

    @Option(names = "--json", description = "Print each CAP alert as received (one JSON object per line).")
    boolean json;

    @Option(names = "--count", defaultValue = "0", description = "Exit after this many alerts (0: never).")
    int count;

    @Mixin
    CentreLogin login;

    @Override
    public Integer call() throws Exception {
        List<String> topics = new ArrayList<>(List.of(Topics.allAlerts(root), root + "/+/+/status"));
        if (telemetry) {
            topics.add(root + "/+/+/telemetry");
        }
        PrintStream out = System.out;
        Watcher.Login as = login.login(broker);
        PostVerifier verifier = login.verifier();
        if (!verifier.holdsKeys()) {
            System.err.println("watch: " + CentreLogin.noKeysWarning());
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        Watcher watcher = null;
        while (watcher == null) {
            try {
                watcher = Watcher.start(broker, as, topics, m -> {
                    PostVerifier.Verdict v = verifier.check(m.topic(), m.payload());
                    if (m.topic().endsWith("/status")) {
                        if (!json) {
                            out.println(marked(v, "status  " + m.topic() + "  "
                                    + new String(m.payload(), StandardCharsets.UTF_8)));
                        }
                        return;
                    }
                    if (!json) {
                        out.println(marked(v, line(m.payload())));
                    } else if (v.verified()) {
                        out.println(new String(m.payload(), StandardCharsets.UTF_8));
                    } else {
                        System.err.println("watch: " + v.label() + ": not printed, on " + m.topic());
                    }
                    out.flush();
                    if (count > 0 && seen.incrementAndGet() >= count) {
                        done.countDown();
                    }
                }, state -> System.err.println("watch: " + state));
            } catch (MqttException e) {
                System.err.println("watch: cannot reach " + broker + " (" + e.getMessage() + "); retrying in 2 s");
                Thread.sleep(2000);
            }
        }
        System.err.println("watch: subscribed to " + String.join(", ", topics));
        try {
            done.await();
        } finally {
            watcher.close();
        }
        return 0;
    }

    /**
     * A line as a centre shows it: the mark first, where the eye starts ({@code verified},
     * {@code UNVERIFIED}, {@code FORGED}), and the reason last for anything not verified.
     */
    static String marked(PostVerifier.Verdict v, String line) {
        // a forged payload may carry control characters (a carriage return, a terminal escape) to
        // overwrite its own mark on the operator's screen: none reach it
        return String.format("%-10s  %s%s", v.verified() ? "verified" : v.mark().name(),
                line.replaceAll("\\p{Cntrl}", "?"), v.verified() ? "" : "  (" + v.reason() + ")");
    }

    static String line(byte[] payload) {
        try {
            CapJson.Summary s = CapJson.decode(payload);
            // an unsynchronised post clock: the time is marked, and the sequence number is the order
            return String.format("%s%s  %s/%s #%d  %-11s %-14s %-8s from %-10s %s / %s  [%s]", s.sent(),
                    s.unsynchronised() ? " (clock?)" : "", s.village(),
                    s.post(), s.seq(), s.priority(), s.kind(), s.msgType(), s.source(), s.headlineId(),
                    s.headlineEn(), s.identifier());
        } catch (IllegalArgumentException e) {
            return "(not a CAP alert: " + e.getMessage() + ")";
        }
    }
}
