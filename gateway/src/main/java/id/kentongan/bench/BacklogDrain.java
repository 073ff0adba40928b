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
import java.util.function.Predicate;
import java.util.Arrays;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;

/**
 * P4: backlog drain. Events journaled during an outage (one in ten life-safety, the rest telemetry,
 * interleaved) are delivered when the uplink connects: events/s to the broker (its last PUBACK), the
 * time to the first PUBACK, and whether every life-safety event arrived before any telemetry (an
 * independent subscriber counts). Baseline in the same run: bare Paho QoS 1 pipelined at the same
 * window, same payload size, same subscriber.
 *
 * <p>The subscriber shares the two cores, and it is not the same load for both sides within their
 * windows: at its last PUBACK the baseline, the faster, had left 9,273-11,920 of its 20,000 messages
 * to the subscriber after its window, the gateway 2,545-6,288 (2026-12-02). So the same rounds are
 * also timed to the subscriber's last arrival, which gives both the whole of it and pulls the ratio
 * towards 1; neither ratio alone is the gateway's own cost, which the CPU per event of each side's
 * own threads shows beside them.
 */
final class BacklogDrain {

    private BacklogDrain() {
    }

    record Result(Rate gateway, double resumeMillis, double afterConnectionMillis, boolean alertsFirst, Rate bare,
                  int window) {
    }

    /**
     * One side's drain: events/s to the subscriber's last arrival and to the last PUBACK, and how many
     * the subscriber still had to receive at the last PUBACK.
     */
    record Rate(double toCentre, double toBroker, long behindAtLastPuback, Cpu cpu) {
    }

    /**
     * CPU per event in one side's round, in microseconds, to the last arrival: the publishing side's own
     * threads (the gateway's uplink, journal writer and client; bare Paho's publishing thread and client)
     * and the independent subscriber's. Not counted: the JVM's own threads (its collector) and Mosquitto.
     */
    record Cpu(double own, double subscriber) {
        static Cpu of(ThreadCpu from, ThreadCpu to, long events, Predicate<String> own) {
            return new Cpu(to.microsPerEvent(from, events, own),
                    to.microsPerEvent(from, events, t -> t.contains(SUBSCRIBER)));
        }

        @Override
        public String toString() {
            return String.format("%.1f us its own, %.1f us the subscriber's", own, subscriber);
        }
    }

    private static final String SUBSCRIBER = "bench-centre-";

    static Result run(Path dir, String broker, int events) throws Exception {
        SiteProfile profile = BenchPost.profile(broker, 0);
        int window = profile.uplink().window();
        try (Journal journal = Journal.open(dir.resolve("p4.db"))) {
            Arrivals arrivals = new Arrivals();
            MqttClient centre = new MqttClient(broker, SUBSCRIBER + System.nanoTime(), new MemoryPersistence());
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
                bare(broker, warmup, window, payloadBytes, arrivals); // returns once the subscriber has them all
                drain(journal, profile, broker, base, warmup, arrivals);
                Round round = drain(journal, profile, broker, base + warmup, events, arrivals);
                Rate bare = bare(broker, events, window, payloadBytes, arrivals);
                return new Result(round.rate(), round.resumeMillis(), round.afterConnectionMillis(), round.alertsFirst(),
                        bare, window);
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
        /** When the last message of any kind arrived (the rounds do not overlap). */
        volatile long lastNanos;

        void expect(long alerts) {
            lifeSafety.set(0);
            telemetryBeforeLastAlert.set(0);
            received.set(0);
            this.alerts = alerts;
        }

        void alert() {
            received.incrementAndGet();
            lifeSafety.incrementAndGet();
            lastNanos = System.nanoTime();
        }

        void telemetry() {
            received.incrementAndGet();
            if (lifeSafety.get() < alerts) {
                telemetryBeforeLastAlert.incrementAndGet();
            }
            lastNanos = System.nanoTime();
        }

        void bare() {
            bare.incrementAndGet();
            lastNanos = System.nanoTime();
        }

        /** Waits until {@code count} reaches {@code n}: the subscriber has them all. */
        void await(AtomicLong count, long n, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (count.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the subscriber had " + count.get() + " of " + n + " " + what
                            + " after a minute");
                }
                Thread.sleep(5); // a calm pace beside two busy cores: the last arrival stamps the end, not this wait
            }
        }
    }

    private record Round(Rate rate, double resumeMillis, double afterConnectionMillis, boolean alertsFirst) {
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
        AtomicLong behind = new AtomicLong();
        publisher.onPuback(seq -> {
            long now = System.nanoTime();
            firstAck.compareAndSet(0, now);
            lastAck.set(now);
            if (acked.incrementAndGet() == events) {
                behind.set(events - arrivals.received.get());
            }
        });
        // The drain's clock starts when the client has its connection (Paho's callback, before the hand-off
        // to the uplink thread): before the uplink's subscription, its first read of the backlog and its first
        // publish, as the baseline's starts before its first publish on a connected client. The time to
        // connect and resume is its own figure. Until 2026-12-03 the clock started when the uplink's status
        // said connected, which its thread answered only after that first read and publish.
        AtomicLong connected = new AtomicLong();
        publisher.onConnected(() -> connected.compareAndSet(0, System.nanoTime()));
        writer.start();
        ThreadCpu cpu0 = ThreadCpu.now();
        long t0 = System.nanoTime();
        publisher.start();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (acked.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (acked.get() < events) {
            throw new IllegalStateException("only " + acked.get() + " of " + events + " drained within 5 minutes");
        }
        arrivals.await(arrivals.received, events, "drained events");
        Cpu cpu = Cpu.of(cpu0, ThreadCpu.now(), events, t -> t.startsWith("kentongan-") || t.contains("kentongan-bench"));
        publisher.stop();
        writer.stop();
        long from = connected.get();
        Rate rate = new Rate(events / ((arrivals.lastNanos - from) / 1e9), events / ((lastAck.get() - from) / 1e9),
                behind.get(), cpu);
        return new Round(rate, (firstAck.get() - t0) / 1e6, (firstAck.get() - from) / 1e6,
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

    /** Bare Paho: QoS 1 publishes kept {@code window} in flight, to the same broker and subscriber. */
    private static Rate bare(String broker, int n, int window, int payloadBytes, Arrivals arrivals) throws Exception {
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
        long before = arrivals.bare.get();
        ThreadCpu cpu0 = ThreadCpu.now();
        Thread publishing = Thread.currentThread();
        String publishingName = publishing.getName() + "#" + publishing.threadId();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            c.publish("bench/bare", m, null, release);
        }
        inFlight.acquire(window);
        long lastPuback = System.nanoTime();
        long behind = before + n - arrivals.bare.get();
        arrivals.await(arrivals.bare, before + n, "bare messages");
        Cpu cpu = Cpu.of(cpu0, ThreadCpu.now(), n, t -> t.equals(publishingName) || t.contains("bench-bare-"));
        c.disconnect().waitForCompletion(5_000);
        c.close();
        return new Rate(n / ((arrivals.lastNanos - t0) / 1e9), n / ((lastPuback - t0) / 1e9), behind, cpu);
    }

    static List<Figure> figures(Result r) {
        return List.of(new Figure("P4", "backlog drain: events/s to the broker (window " + r.window() + ")",
                        r.gateway().toBroker(), "events/s", "bare Paho QoS 1 pipelined, same window",
                        r.bare().toBroker(),
                        "to the last PUBACK, from the connection (the baseline: from its first publish); first PUBACK "
                                + String.format("%.0f ms after the uplink started, %.1f ms after its connection; ",
                                r.resumeMillis(), r.afterConnectionMillis())
                                + (r.alertsFirst() ? "every life-safety event arrived before any telemetry"
                                : "TELEMETRY ARRIVED BEFORE SOME LIFE-SAFETY EVENTS")),
                new Figure("P4", "backlog drain: events/s to the subscriber's last arrival", r.gateway().toCentre(),
                        "events/s", "bare Paho, the same round and subscriber", r.bare().toCentre(),
                        String.format("the subscriber shares the two cores: at the last PUBACK it still had %,d of "
                                + "the gateway's and %,d of bare Paho's to receive, and timed to its last "
                                + "arrival it costs both sides alike, which pulls this ratio towards 1; CPU per "
                                + "event, to the last arrival: the gateway %s; bare Paho %s",
                                r.gateway().behindAtLastPuback(), r.bare().behindAtLastPuback(),
                                r.gateway().cpu(), r.bare().cpu())),
                new Figure("P4", "backlog drain: time to resume (first PUBACK)", r.resumeMillis(), "ms",
                        "(target <= 2,000 ms)", 2_000, ""));
    }
}
