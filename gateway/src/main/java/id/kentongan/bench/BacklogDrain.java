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
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
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
        int payloadBytes;
        try (Journal journal = Journal.open(dir.resolve("p4.db"))) {
            JournalWriter fill = new JournalWriter(journal, JournalWriter.Listener.all());
            fill.start();
            long base = journal.lastSeq();
            for (int i = 1; i <= events; i++) {
                boolean alert = i % 10 == 0;
                long seq = base + i;
                AlertKind kind = alert ? AlertKind.FLOOD : AlertKind.LEVEL;
                fill.append(new Event(seq, journal.boot(), Event.identifier(profile.post(), journal.boot(), seq), kind,
                        alert ? Priority.LIFE_SAFETY : Priority.TELEMETRY, "n1", "z1", System.currentTimeMillis(),
                        Event.CapStatus.Actual, Event.MsgType.Alert, null, "1/" + i, alert ? null : 1.5));
            }
            fill.stop();
            payloadBytes = CapJson.encode(journal.pending(1, s -> false).get(0), profile.post()).length;

            AtomicLong lifeSafety = new AtomicLong();
            AtomicLong telemetryBeforeLastAlert = new AtomicLong();
            AtomicLong received = new AtomicLong();
            MqttClient centre = new MqttClient(broker, "bench-centre-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions co = new MqttConnectOptions();
            co.setMaxInflight(1000);
            centre.connect(co);
            long alerts = events / 10;
            centre.subscribe(new String[] {"kentongan/v1/bench/bench/alert", "kentongan/v1/bench/bench/telemetry"},
                    new int[] {1, 1}, new IMqttMessageListener[] {
                        (t, m) -> {
                            received.incrementAndGet();
                            lifeSafety.incrementAndGet();
                        },
                        (t, m) -> {
                            received.incrementAndGet();
                            if (lifeSafety.get() < alerts) {
                                telemetryBeforeLastAlert.incrementAndGet();
                            }
                        }});

            Inbox inbox = new Inbox(1 << 16);
            Publisher publisher = new Publisher(profile.uplink(), List.of(broker), profile.post(), journal.boot(),
                    journal, inbox, InstantSource.system(), RandomGenerator.getDefault());
            JournalWriter writer = new JournalWriter(journal, publisher);
            publisher.attach(writer);
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
            long t1 = System.nanoTime();
            while (received.get() < events && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            publisher.stop();
            writer.stop();
            // the same subscriber takes the baseline's messages too, so both runs carry the same load
            centre.subscribe("bench/bare", 1, (t, m) -> received.incrementAndGet());
            double bare = bare(broker, events, window, payloadBytes);
            centre.disconnect();
            centre.close();
            // the rate from the first PUBACK to the last, as the baseline's starts on a connected client;
            // the time to connect and resume is its own figure
            return new Result((acked.get() - 1) / ((lastAck.get() - firstAck.get()) / 1e9), (firstAck.get() - t0) / 1e6,
                    telemetryBeforeLastAlert.get() == 0 && lifeSafety.get() >= alerts, bare, window);
        }
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
