package id.kentongan.bench;

import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.Inbox;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.uplink.Publisher;

import java.io.StringReader;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;
import java.nio.file.Path;
import java.io.IOException;
import java.nio.file.Files;

/** The post the benchmarks run: the example post's wiring, no debounce (the bench presses faster than a finger). */
final class BenchPost {

    private BenchPost() {
    }

    static SiteProfile profile(String broker, int nodes) throws ProfileException {
        return ProfileLoader.load(Path.of("bench.yaml"), new StringReader(yaml(broker, nodes)));
    }

    /** An uplink to {@code broker} and the journal writer that marks its deliveries, wired as the gateway wires them. */
    record Uplink(Publisher publisher, JournalWriter writer) {
    }

    static Uplink uplink(SiteProfile profile, String broker, Journal journal, Inbox inbox)
            throws org.eclipse.paho.client.mqttv3.MqttException {
        Publisher publisher = new Publisher(profile.uplink(), List.of(broker), profile.post(), journal.boot(), journal,
                inbox, InstantSource.system(), RandomGenerator.getDefault());
        JournalWriter writer = new JournalWriter(journal, publisher);
        publisher.attach(writer);
        return new Uplink(publisher, writer);
    }

    /** Writes the bench post to {@code file}, for a whole gateway to start from. */
    static Path write(Path file, String broker, int nodes) throws IOException {
        return write(file, broker, nodes, "1h");
    }

    /** @param heartbeat how often each node promises a heartbeat, e.g. {@code 30s} */
    static Path write(Path file, String broker, int nodes, String heartbeat) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, yaml(broker, nodes, heartbeat));
        return file;
    }

    private static String yaml(String broker, int nodes) {
        return yaml(broker, nodes, "1h");
    }

    private static String yaml(String broker, int nodes, String heartbeat) {
        StringBuilder y = new StringBuilder("""
                post: { id: bench, village: bench }
                zones: [z1]
                inputs:
                  - { id: panic-1, pin: 17, debounce: 0ms }
                  - { id: door-1, pin: 24, active: high, debounce: 0ms }
                  - { id: silence, pin: 25, role: silence, debounce: 0ms }
                outputs:
                  - { id: siren-1, pin: 5, role: siren }
                  - { id: strobe-1, pin: 6, role: strobe }
                rules:
                  - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1, strobe-1] }
                  - { input: door-1, kind: door }
                uplink:
                  brokers: [%s]
                  window: 64
                  backoff: { min: 100ms, max: 1s }
                status: { port: 0 }
                """.formatted(broker));
        if (nodes > 0) {
            // a few sockets speak for thousands of nodes, far faster than a node does: the rate limits off
            y.append("field:\n  bind: 127.0.0.1\n  plain_port: 0\n  dtls_port: 0\n  max_peers: ").append(nodes + 16)
                    .append("\n  peer_rate: 1000000\n  source_rate: 1000000\n  total_rate: 1000000\n  nodes:\n");
            for (int i = 0; i < nodes; i++) {
                y.append("    - { id: n").append(i).append(", zone: z1, heartbeat: ").append(heartbeat)
                        .append(", events: [level, panic] }\n");
            }
        }
        return y.toString();
    }
}
