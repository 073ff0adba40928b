package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.config.Secrets;
import id.kentongan.report.CentreJournal;
import id.kentongan.report.CentreRecorder;
import id.kentongan.uplink.SignedCommand;
import id.kentongan.uplink.Watcher;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code kentongan centre}: a small service beside the console that keeps everything the posts publish in
 * the centre's own SQLite journal (deduplicated on identifier) and asks posts for the events it missed with
 * a signed {@code replay}. A service of its own, not part of the console: it must run while no operator
 * sits at the console, outlive the console's restarts, and be restarted by systemd on its own.
 *
 * <p>Threads: the main thread connects (retrying until the broker answers) and waits for SIGTERM; Paho's
 * thread hands messages to the recorder; the recorder's {@code kentongan-centre} thread does the rest.
 */
@Command(name = "centre", mixinStandardHelpOptions = true,
        description = "Keep every event the posts publish in the centre's own journal, and ask for gaps.")
final class CentreCommand implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--root", defaultValue = "kentongan/v1", description = "Topic root (default ${DEFAULT-VALUE}).")
    String root;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The centre's journal (made if new).")
    Path db;

    @Option(names = "--key-id", description = "A centre key id to sign replay requests with; without it gaps are "
            + "only logged. Give the service its own key, apart from the operator's console.")
    String keyId;

    @Option(names = "--secrets", description = "The centre's secrets file (its key under 'centres').")
    Path secrets;

    @Option(names = "--replay-after", defaultValue = "30", paramLabel = "SECONDS",
            description = "Ask for a gap once it has lasted this long (default ${DEFAULT-VALUE}).")
    int replayAfter;

    @Option(names = "--replay-every", defaultValue = "60", paramLabel = "SECONDS",
            description = "Ask again while it stays open, up to 5 times (default ${DEFAULT-VALUE}).")
    int replayEvery;

    @Override
    public Integer call() throws Exception {
        byte[] key = null;
        if (keyId != null) {
            if (secrets == null) {
                System.err.println("kentongan: --key-id needs --secrets");
                return 2;
            }
            key = Secrets.load(secrets).centreKeys().get(keyId);
            if (key == null) {
                System.err.println("kentongan: no key '" + keyId + "' under 'centres' in " + secrets);
                return 2;
            }
        }
        if (replayAfter < 1 || replayEvery < 1) {
            System.err.println("kentongan: --replay-after and --replay-every are at least 1 second");
            return 2;
        }
        PrintStream out = System.out;
        AtomicReference<Watcher> watcher = new AtomicReference<>();
        CentreRecorder.Asker asker = key == null ? null : replays(watcher, key);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS); // let the journal commit what it took
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kentongan-centre-stop"));
        try (CentreJournal journal = CentreJournal.open(db)) {
            CentreRecorder recorder = new CentreRecorder(journal, asker, new CentreRecorder.Timing(
                    TimeUnit.SECONDS.toNanos(replayAfter), TimeUnit.SECONDS.toNanos(replayEvery)), System::nanoTime,
                    System::currentTimeMillis, line -> print(out, line));
            recorder.start();
            try {
                List<String> topics = List.of(root + "/+/+/alert", root + "/+/+/telemetry", root + "/+/+/status",
                        root + "/+/+/result");
                while (watcher.get() == null && stop.getCount() > 0) {
                    try {
                        watcher.set(Watcher.start(broker, topics, m -> recorder.offer(m.topic(), m.payload()),
                                s -> print(out, "centre: " + s)));
                    } catch (MqttException e) {
                        print(out, "centre: broker " + broker + " not reached (" + e.getMessage() + "); trying again");
                        stop.await(2, TimeUnit.SECONDS); // Paho reconnects by itself only after a first connection
                    }
                }
                print(out, "centre: keeping " + db.toAbsolutePath() + " from " + broker
                        + (asker == null ? " (no key: gaps are logged, not asked for)" : ", asking gaps as " + keyId));
                stop.await();
            } finally {
                Watcher w = watcher.get();
                if (w != null) {
                    w.close();
                }
                recorder.close();
                CentreRecorder.Counts c = recorder.counts();
                print(out, "centre: stopped; kept " + c.received() + ", duplicates " + c.duplicates() + ", refused "
                        + c.refused() + ", dropped " + c.dropped() + ", replays asked " + c.asked() + ", missing "
                        + c.missing());
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private CentreRecorder.Asker replays(AtomicReference<Watcher> watcher, byte[] key) {
        SecureRandom random = new SecureRandom();
        return (village, post, from, to) -> {
            Watcher w = watcher.get();
            if (w == null) {
                throw new IllegalStateException("not connected yet");
            }
            String topic = root + "/" + village + "/" + post + "/cmd/replay";
            ObjectNode args = new ObjectMapper().createObjectNode();
            args.put("from", from);
            args.put("to", to);
            w.publish(topic, SignedCommand.sign(topic, args, keyId, key, Instant.now(), SignedCommand.newNonce(random)));
        };
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
