package id.kentongan.it;

import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway kills, short form (#6): a field node sends events in a burst while the gateway process is
 * SIGKILLed at a random moment, five times over. Every event acknowledged to the node before a kill
 * reaches the command centre after the restarts; the journal passes SQLite's integrity check; the
 * counts are printed.
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES) // the long form's 100 kills take about 10 minutes
class GatewayKillsIT {

    /** Short form in the suite; {@code -Dkentongan.faults=long} runs the long form. */
    static final int KILLS = "long".equals(System.getProperty("kentongan.faults")) ? 100 : 5;

    @TempDir
    Path tmp;

    @Test
    void every_event_acknowledged_before_a_sigkill_is_delivered_after_the_restart() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261123);
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/telemetry",
                     "kentongan/v1/+/+/alert")) {
            int coap = Ports.freeUdp();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), coap, 0);
            Path state = tmp.resolve("state");
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicLong sent = new AtomicLong();
            long seq = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(),
                        tmp.resolve("gw-" + kill + ".log"));
                     NodeClient node = NodeClient.connect("127.0.0.1", coap, "sungai-1", null)
                             .timeout(Duration.ofSeconds(2))) {
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicLong ackedThisRound = new AtomicLong();
                    long first = seq;
                    Thread burst = Thread.ofPlatform().start(() -> {
                        long s = first;
                        while (!stop.get()) {
                            sent.incrementAndGet();
                            try {
                                NodeClient.Reply r = node.event(1, s++, "level", 1.0);
                                if (r.code().equals("2.01")) {
                                    acked.add(r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                                    ackedThisRound.incrementAndGet();
                                }
                            } catch (java.io.IOException unanswered) {
                                // the gateway is gone, or busy past the node's timeout: nothing acknowledged
                            }
                        }
                    });
                    try {
                        // the kill lands in the burst: once the node is being answered, at a random moment after
                        try {
                            await().atMost(Duration.ofSeconds(60)).until(() -> ackedThisRound.get() > 0);
                        } catch (org.awaitility.core.ConditionTimeoutException e) {
                            throw new AssertionError("round " + (kill + 1) + ": the node was not answered 2.01 "
                                    + "within 60 s; the gateway's log:\n" + gw.log(), e);
                        }
                        Thread.sleep(rnd.nextInt(400)); // the fault's random moment, not a wait for a condition
                        gw.kill();
                    } finally {
                        // the burst ends before its node client closes, whatever happened: a client still
                        // sending after close binds a fresh port, which can be the gateway's next one
                        stop.set(true);
                        burst.join();
                    }
                    seq = first + 100_000; // the node's next boot numbers its events anew
                }
                assertEquals("ok", JournalFile.integrity(state.resolve("journal.db")), "after kill " + (kill + 1));
            }
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw-final.log"))) {
                await().atMost(Duration.ofMinutes(5)).until(() -> JournalFile.owed(state.resolve("journal.db")) == 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> centre.distinctEvents().stream()
                        .map(r -> r.alert().identifier()).toList().containsAll(acked));
                Set<String> delivered = new HashSet<>();
                centre.distinctEvents().forEach(r -> delivered.add(r.alert().identifier()));
                long duplicates = centre.events().size() - centre.distinctEvents().size();
                Set<String> lost = new HashSet<>(acked);
                lost.removeAll(delivered);
                System.out.printf("gateway kills: %d kills, %d events sent, %d acknowledged, %d delivered, "
                                + "%d duplicates (same identifier), %d lost%n", KILLS, sent.get(), acked.size(),
                        delivered.size(), duplicates, lost.size());
                assertTrue(acked.size() > KILLS * 5, "the bursts ran: " + acked.size());
                assertEquals(Set.of(), lost, "acknowledged to the node, so never lost");
                gw.stop();
            }
        }
    }
}
