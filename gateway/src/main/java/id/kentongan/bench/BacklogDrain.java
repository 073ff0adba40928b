package id.kentongan.bench;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.Inbox;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.uplink.Publisher;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Arrays;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;

/**
 * P4: backlog drain. Events journaled during an outage (one in ten life-safety, the rest telemetry,
 * interleaved) are delivered when the uplink connects: events/s to PUBACK, the time to the first
 * PUBACK, and whether every life-safety event arrived before any telemetry (an independent subscriber
 * counts). Baseline in the same run: bare Paho QoS 1 pipelined at the same window, same payload size.
 */
final class BacklogDrain {

    private BacklogDrain() {
    }

    record Result(double eventsPerSecond, double resumeMillis, boolean alertsFirst, double bare, int window) {
    }

    static Result run(Path dir, String broker, int events) throws Exception {
        SiteProfile profile = BenchPost.profile(broker, 0);
        int window = profile.uplink().window();
        try (Journal journal = Journal.open(dir.resolve("p4.db"))) {
            Arrivals arrivals = new Arrivals();
            MqttClient centre = new MqttClient(broker, "bench-centre-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions co = new MqttConnectOptions();
            co.setMaxInflight(1000);
            centre.connect(co);
            try {
                // the same subscriber takes the baseline's messages too, so both runs carry the same load
                centre.subscribe(new String[] {"kentongan/v1/bench/bench/alert", "kentongan/v1/bench/bench/telemetry",
                    "bench/bare"}, new int[] {1, 1, 1}, new IMqttMessageListener[] {
                        (t, m) -> arrivals.alert(), (t, m) -> arrivals.telemetry(), (t, m) -> arrivals.bare()});
                long base = journal.lastSeq(); // as opened: the rounds' rows follow it
                // the baseline's payload as large as a measured row (a telemetry one: nine in ten)
                int payloadBytes = CapJson.encode(event(profile, journal, base + 2L * events, 1),
                        profile.post()).length;
                // Both sides run once uncounted first: a cold drain spent a third of the machine in the JIT
                // compilers (perf record, 2026-12-02), and Paho's and the subscriber's code, compiled during
                // the gateway's run, then ran hot for the baseline after it.
                int warmup = events; // as large as the measured round
                bare(broker, warmup, window, payloadBytes);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (arrivals.bare.get() < warmup) { // the subscriber done with them before the gateway is timed
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the subscriber had " + arrivals.bare.get() + " of the "
                                + warmup + " warm-up messages after a minute");
                    }
                    Thread.sleep(5);
                }
                drain(journal, profile, broker, base, warmup, arrivals);
                Round round = drain(journal, profile, broker, base + warmup, events, arrivals);
                double bare = bare(broker, events, window, payloadBytes);
                return new Result(round.eventsPerSecond(), round.resumeMillis(), round.alertsFirst(), bare, window);
            } finally {
                centre.disconnect();
                centre.close();
            }
        }
    }

    /** What the independent subscriber counted in one round. */
    private static final class Arrivals {
        final AtomicLong lifeSafety = new AtomicLong();
        final AtomicLong telemetryBeforeLastAlert = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong bare = new AtomicLong();
        volatile long alerts;

        void expect(long alerts) {
            lifeSafety.set(0);
            telemetryBeforeLastAlert.set(0);
            received.set(0);
            this.alerts = alerts;
        }

        void alert() {
            received.incrementAndGet();
            lifeSafety.incrementAndGet();
        }

        void telemetry() {
            received.incrementAndGet();
            if (lifeSafety.get() < alerts) {
                telemetryBeforeLastAlert.incrementAndGet();
            }
        }

        void bare() {
            bare.incrementAndGet();
        }
    }

    private record Round(double eventsPerSecond, double resumeMillis, boolean alertsFirst) {
    }

    /**
     * One outage: {@code events} journaled after sequence {@code base} with the uplink down (one in ten life-safety), then a new
     * uplink started and timed until every PUBACK is in and the subscriber has them all.
     */
    private static Round drain(Journal journal, SiteProfile profile, String broker, long base, int events,
                               Arrivals arrivals) throws Exception {
        JournalWriter fill = new JournalWriter(journal, JournalWriter.Listener.all());
        fill.start();
        for (int i = 1; i <= events; i++) {
            fill.append(event(profile, journal, base + i, i));
        }
        fill.stop();
        arrivals.expect(events / 10);

        Inbox inbox = new Inbox(1 << 16);
        BenchPost.Uplink uplink = BenchPost.uplink(profile, broker, journal, inbox);
        Publisher publisher = uplink.publisher();
        JournalWriter writer = uplink.writer();
        AtomicLong acked = new AtomicLong();
        AtomicLong firstAck = new AtomicLong();
        AtomicLong lastAck = new AtomicLong();
        publisher.onPuback(seq -> {
            long now = System.nanoTime();
            firstAck.compareAndSet(0, now);
            lastAck.set(now);
            acked.incrementAndGet();
        });
        writer.start();
        long t0 = System.nanoTime();
        publisher.start();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (acked.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        while (arrivals.received.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        publisher.stop();
        writer.stop();
        if (acked.get() < events) {
            throw new IllegalStateException("only " + acked.get() + " of " + events + " drained within 5 minutes");
        }
        // the rate from the first PUBACK to the last, as the baseline's starts on a connected client;
        // the time to connect and resume is its own figure
        return new Round((acked.get() - 1) / ((lastAck.get() - firstAck.get()) / 1e9), (firstAck.get() - t0) / 1e6,
                arrivals.telemetryBeforeLastAlert.get() == 0 && arrivals.lifeSafety.get() >= events / 10);
    }

    /** The {@code i}-th event of an outage: every tenth life-safety, the rest telemetry. */
    private static Event event(SiteProfile profile, Journal journal, long seq, int i) {
        boolean alert = i % 10 == 0;
        return new Event(seq, journal.boot(), Event.identifier(profile.post(), journal.boot(), seq),
                alert ? AlertKind.FLOOD : AlertKind.LEVEL, alert ? Priority.LIFE_SAFETY : Priority.TELEMETRY, "n1", "z1",
                System.currentTimeMillis(), Event.CapStatus.Actual, Event.MsgType.Alert, null, "1/" + seq,
                alert ? null : 1.5);
    }

    /** Bare Paho: QoS 1 publishes kept {@code window} in flight, to the same broker. */
    static double bare(String broker, int n, int window, int payloadBytes) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker, "bench-bare-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(window * 2 + 16);
        c.connect(o).waitForCompletion(10_000);
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        Semaphore inFlight = new Semaphore(window);
        IMqttActionListener release = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                inFlight.release();
            }
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            c.publish("bench/bare", m, null, release);
        }
        inFlight.acquire(window);
        double rate = n / ((System.nanoTime() - t0) / 1e9); // from the first publish, so if anything generous
        c.disconnect().waitForCompletion(5_000);
        c.close();
        return rate;
    }

    static List<Figure> figures(Result r) {
        return List.of(new Figure("P4", "backlog drain: events/s to PUBACK (window " + r.window() + ")",
                        r.eventsPerSecond(), "events/s", "bare Paho QoS 1 pipelined, same window", r.bare(),
                        "rate from the first PUBACK to the last; first PUBACK " + String.format("%.0f", r.resumeMillis())
                                + " ms after the uplink started; "
                                + (r.alertsFirst() ? "every life-safety event arrived before any telemetry"
                                : "TELEMETRY ARRIVED BEFORE SOME LIFE-SAFETY EVENTS")),
                new Figure("P4", "backlog drain: time to resume (first PUBACK)", r.resumeMillis(), "ms",
                        "(target <= 2,000 ms)", 2_000, ""));
    }
}
