package id.kentongan.it;

import id.kentongan.alert.Priority;
import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.AckingCentre;
import id.kentongan.fixtures.ControlSocket;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broker kills (#6): a real Mosquitto is SIGKILLed and restarted on the same port again and again while
 * a gateway process takes a steady mixed load: field-node events over CoAP (telemetry and alarms) and
 * guards' presses through the control socket. A command centre records everything and acknowledges
 * every alarm with a signed {@code ack}. Counted and printed: sent, acknowledged to the node or pressed,
 * journaled, PUBACKed, received by the centre, duplicates, lost; asserted: no alarm lost, all telemetry
 * PUBACKed, duplicates only under the same identifier and byte for byte, the order within each class
 * (see {@link #orderBreaks}), and a sound journal.
 *
 * <p>Short form by default (runs in {@code ./kentongan test}); {@code -Dkentongan.faults=long} runs the
 * long form: 100,000 events and a kill every 2-5 s.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class BrokerKillsIT {

    static final boolean LONG = "long".equals(System.getProperty("kentongan.faults"));
    /** Events sent: node events and presses together. */
    static final int EVENTS = LONG ? 100_000 : 5_000;
    /** Node events per second, all nodes together (presses come on top). */
    static final double NODE_RATE = LONG ? 500 : 150;
    /** One guard's round (panic-1, tamper-1, door-1, silence) starts this often. */
    static final long ROUND_MS = 400;
    static final long KILL_EVERY_MIN_MS = LONG ? 2000 : 1000;
    static final long KILL_EVERY_MAX_MS = LONG ? 5000 : 2500;
    static final long DOWN_MAX_MS = 1500;
    static final String ROOT = "kentongan/v1/desa-uji/pos-uji";
    static final String KEY_ID = "polsek-1";
    static final String KEY = "centre-key-0123456789-abcdefghijkl";
    static final String[] PRESSED = {"panic-1", "tamper-1", "door-1", "silence"};

    @TempDir
    Path tmp;

    /** What the test sent and how it was answered, by node kind or pressed input. */
    final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
    /** node/boot/seq -> the identifier the node was answered with. */
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final AtomicLong total = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Test
    void no_alarm_is_lost_while_the_broker_is_killed_again_and_again_under_load() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261130);
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            int coap = Ports.freeUdp();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), coap, 0);
            Files.writeString(profile, Files.readString(profile)
                    + "centre:\n  republish: { first: 2s, max: 4s }\n  escalate_after: 1h\n");
            Profiles.writeCentreKey(profile, KEY_ID, KEY);
            Path state = tmp.resolve("state");
            Path db = state.resolve("journal.db");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong kills = new AtomicLong();
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"));
                 AckingCentre centre = AckingCentre.connect(broker.uri(), KEY_ID, KEY, ROOT + "/alert",
                         ROOT + "/telemetry", ROOT + "/result")) {
                long started = System.nanoTime();
                List<Thread> nodes = List.of(
                        node("sungai-1", 1, coap, NODE_RATE * 0.45, rnd.split()),
                        node("sungai-1", 2, coap, NODE_RATE * 0.45, rnd.split()),
                        node("masjid-1", 3, coap, NODE_RATE * 0.10, rnd.split()));
                Thread guard = guard(state, stop);
                Thread killer = Thread.ofPlatform().name("broker-killer").start(() -> {
                    SplittableRandom k = rnd.split();
                    try {
                        while (!stop.get()) {
                            // the faults' random moments: sleeping is the point here, not a wait for a condition
                            Thread.sleep(k.nextLong(KILL_EVERY_MIN_MS, KILL_EVERY_MAX_MS));
                            broker.kill();
                            kills.incrementAndGet();
                            Thread.sleep(k.nextLong(50, DOWN_MAX_MS));
                            broker.start();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                for (Thread t : nodes) {
                    t.join();
                }
                stop.set(true);
                guard.join();
                killer.join();
                if (failure.get() != null) {
                    throw new AssertionError("the harness failed", failure.get());
                }
                double loadSeconds = (System.nanoTime() - started) / 1e9;

                // the broker is up for good: everything owed is delivered and every alarm acknowledged
                boolean settled = settle(db, centre, Duration.ofSeconds(LONG ? 300 : 120));
                double settleSeconds = (System.nanoTime() - started) / 1e9 - loadSeconds;
                assertEquals(143, gw.stop(), "a clean stop");
                List<JournalFile.Row> rows = JournalFile.events(db);
                Tally t = new Tally(rows, centre);
                System.out.println(t.table(kills.get(), loadSeconds, settleSeconds, sent, answered, unanswered.get()));

                assertEquals("ok", JournalFile.integrity(db));
                assertEquals(0, unanswered.get(), "every node event answered (the gateway never went down)");
                assertTrue(kills.get() >= (LONG ? 20 : 5), "the broker was killed often: " + kills.get());
                Map<String, JournalFile.Row> byId = t.byId;
                List<String> unjournaled = answers.values().stream().filter(id -> !byId.containsKey(id)).toList();
                assertEquals(List.of(), unjournaled, "every answer to a node names a journaled event");
                assertEquals(List.of(), t.lost(Priority.LIFE_SAFETY), "life-safety alerts lost");
                assertEquals(List.of(), t.lost(Priority.SECURITY), "security alerts lost");
                assertEquals(List.of(), t.unpubacked(Priority.TELEMETRY), "telemetry never PUBACKed");
                assertEquals(0, JournalFile.owed(db), "nothing owed");
                assertTrue(settled, "every alarm acknowledged by the centre: missing "
                        + t.unacknowledged().stream().limit(20).toList());
                assertEquals(List.of(), t.strangers(), "received, but never journaled");
                assertEquals(List.of(), t.copiesThatDiffer(), "copies of one identifier that differ");
                assertEquals(List.of(), t.journaledTwice(), "one node event journaled under two identifiers");
                assertEquals(List.of(), t.orderBreaks(), "order within a class");
            }
        }
    }

    /** A field node sending at a steady rate until the harness has sent its events; retries as a node does. */
    Thread node(String id, long boot, int port, double rate, SplittableRandom rnd) {
        return Thread.ofPlatform().name("node-" + id + "-" + boot).start(() -> {
            try (NodeClient node = NodeClient.connect("127.0.0.1", port, id, null).timeout(Duration.ofSeconds(5))) {
                long periodNanos = (long) (1e9 / rate);
                long next = System.nanoTime();
                for (long seq = 1; total.incrementAndGet() <= EVENTS; seq++) {
                    String kind = id.equals("masjid-1") ? (seq % 2 == 0 ? "panic" : "fire")
                            : rnd.nextInt(10) == 0 ? "flood" : "level";
                    Double value = kind.equals("level") ? Math.round(rnd.nextDouble(0.5, 3.0) * 100) / 100.0 : null;
                    sent.computeIfAbsent("node " + kind, k -> new LongAdder()).increment();
                    String reply = send(node, boot, seq, kind, value);
                    if (reply == null) {
                        unanswered.incrementAndGet();
                    } else {
                        answered.computeIfAbsent("node " + kind, k -> new LongAdder()).increment();
                        answers.put(id + "/" + boot + "/" + seq, reply);
                    }
                    next += periodNanos;
                    LockSupport.parkNanos(next - System.nanoTime()); // the node's steady rate; returns at once if late
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** @return the identifier the gateway answered with, or null if five tries went unanswered */
    static String send(NodeClient node, long boot, long seq, String kind, Double value) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                NodeClient.Reply r = node.event(boot, seq, kind, value);
                if (r.code().equals("2.01") || r.code().equals("2.04")) {
                    return r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                }
            } catch (java.io.IOException timedOut) {
                // no answer in time: the node tries the same event again, as a real node does
            }
        }
        return null;
    }

    /** A guard's rounds: panic, tamper, door, then silence (which ends the sirens, so the next panic is new). */
    Thread guard(Path state, AtomicBoolean stop) {
        return Thread.ofPlatform().name("guard").start(() -> {
            long next = System.nanoTime();
            try {
                while (!stop.get()) {
                    for (String input : PRESSED) {
                        if (total.incrementAndGet() > EVENTS) {
                            return;
                        }
                        sent.computeIfAbsent("press " + input, k -> new LongAdder()).increment();
                        if (ControlSocket.press(state, input, 5)) {
                            answered.computeIfAbsent("press " + input, k -> new LongAdder()).increment();
                        }
                    }
                    next += TimeUnit.MILLISECONDS.toNanos(ROUND_MS);
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** Waits until nothing is owed and the centre has every alarm acknowledged; @return whether it came to that. */
    static boolean settle(Path db, AckingCentre centre, Duration atMost) {
        try {
            await("settled").atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (JournalFile.owed(db) != 0) {
                    return false;
                }
                Set<String> acked = centre.acknowledged();
                return JournalFile.events(db).stream().filter(Tally::isAlarm)
                        .allMatch(r -> acked.contains(r.identifier()));
            });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
