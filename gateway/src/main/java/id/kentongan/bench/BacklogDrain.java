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
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Arrays;

/**
 * P4: backlog drain. Events journaled during an outage (one in ten life-safety, the rest telemetry,
 * interleaved) are delivered when the uplink connects: events/s to the broker (its last PUBACK), the
 * time to the first PUBACK, and whether every life-safety event arrived before any telemetry (an
 * independent subscriber counts). Baseline in the same run: bare Paho QoS 1 pipelined at the same
 * window, same payload size, same subscriber.
 *
 * <p>The subscriber runs in the load's process ({@link LoadCentre}), pinned to the last core and the bench's
 * process to the others where the machine allows, as P3's and P6's nodes are. Until 2026-12-02 it ran in the
 * bench's own process, on the same two cores as the drain: it took about 100 us of CPU a message, more
 * than both publishing sides together, and was not the same load for both within their windows (the
 * faster baseline left more of its messages to it after its last PUBACK). Timed to its last arrival,
 * both sides wait on the subscriber itself (75-90 us a message on its core, about 12k messages/s), so
 * that ratio says little of either; neither ratio is a side's own cost, which the CPU per event of each
 * side's own threads shows beside them. Mosquitto is not pinned: both sides share it alike.
 */
final class BacklogDrain {

    private BacklogDrain() {
    }

    record Result(Rate gateway, double resumeMillis, double afterConnectionMillis, boolean alertsFirst, Rate bare,
                  int window, String pinning) {
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
        @Override
        public String toString() {
            return String.format("%.1f us its own, %.1f us the subscriber's", own, subscriber);
        }
    }

    static Result run(Path dir, String broker, int events, PrintStream out) throws Exception {
        SiteProfile profile = BenchPost.profile(broker, 0);
        int window = profile.uplink().window();
        try (Journal journal = Journal.open(dir.resolve("p4.db"));
             LoadProcess centre = LoadProcess.start(dir.resolve("p4/centre.log"), out, "centre", broker)) {
            // the same subscriber takes the baseline's messages too, so both runs carry the same load
            centre.await("subscribed");
            long base = journal.lastSeq(); // as opened: the rounds' rows follow it
            // the baseline's payload as large as a measured row (a telemetry one: nine in ten)
            int payloadBytes = CapJson.encode(event(profile, journal, base + 2L * events, 1),
                    profile.post()).length;
            // Both sides run once uncounted first: a cold drain spent a third of the machine in the JIT
            // compilers (perf record, 2026-12-02), and Paho's and the subscriber's code, compiled during
            // the gateway's run, then ran hot for the baseline after it.
            int warmup = events; // as large as the measured round
            bare(broker, warmup, window, payloadBytes, centre); // returns once the subscriber has them all
            drain(journal, profile, broker, base, warmup, centre);
            Round round = drain(journal, profile, broker, base + warmup, events, centre);
            Rate bare = bare(broker, events, window, payloadBytes, centre);
            return new Result(round.rate(), round.resumeMillis(), round.afterConnectionMillis(), round.alertsFirst(),
                    bare, window, centre.pinning());
        }
    }

    /**
     * The subscriber's account of one round ({@link LoadCentre}): its last arrival, how many had arrived by
     * the last PUBACK, the life-safety events, the telemetry that came before the last of them, and its
     * CPU per message.
     */
    private record Arrivals(long lastNanos, long byLastPuback, long lifeSafety, long early, double cpu) {

        /** Begins a round of {@code expected} messages, {@code alerts} of them life-safety. */
        static void begin(LoadProcess centre, int expected, long alerts) throws IOException {
            centre.send("round " + expected + " " + alerts);
            centre.await("round");
        }

        /** Waits until the subscriber has the round's messages. */
        static Arrivals await(LoadProcess centre, long lastPuback) throws IOException {
            centre.send("await " + lastPuback);
            String[] w = centre.await("").split(" ");
            if (!w[0].equals("arrived")) {
                throw new IllegalStateException("the subscriber had " + w[w.length - 1] + " of the round's messages "
                        + "a minute after the last PUBACK");
            }
            return new Arrivals(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]),
                    Double.parseDouble(w[5]));
        }
    }

    private record Round(Rate rate, double resumeMillis, double afterConnectionMillis, boolean alertsFirst) {
    }

    /**
     * One outage: {@code events} journaled after sequence {@code base} with the uplink down (one in ten life-safety), then a new
     * uplink started and timed until every PUBACK is in and the subscriber has them all.
     */
    private static Round drain(Journal journal, SiteProfile profile, String broker, long base, int events,
                               LoadProcess centre) throws Exception {
        JournalWriter fill = new JournalWriter(journal, JournalWriter.Listener.all());
        fill.start();
        for (int i = 1; i <= events; i++) {
            fill.append(event(profile, journal, base + i, i));
        }
        fill.stop();
        Arrivals.begin(centre, events, events / 10);

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
        Arrivals arrivals = Arrivals.await(centre, lastAck.get());
        Cpu cpu = new Cpu(ThreadCpu.now().microsPerEvent(cpu0, events,
                t -> t.startsWith("kentongan-") || t.contains("kentongan-bench")), arrivals.cpu());
        publisher.stop();
        writer.stop();
        long from = connected.get();
        Rate rate = new Rate(events / ((arrivals.lastNanos() - from) / 1e9), events / ((lastAck.get() - from) / 1e9),
                events - arrivals.byLastPuback(), cpu);
        return new Round(rate, (firstAck.get() - t0) / 1e6, (firstAck.get() - from) / 1e6,
                arrivals.early() == 0 && arrivals.lifeSafety() >= events / 10);
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
    private static Rate bare(String broker, int n, int window, int payloadBytes, LoadProcess centre) throws Exception {
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
        Arrivals.begin(centre, n, 0);
        ThreadCpu cpu0 = ThreadCpu.now();
        Thread publishing = Thread.currentThread();
        String publishingName = publishing.getName() + "#" + publishing.threadId();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            c.publish(LoadCentre.BARE_TOPIC, m, null, release);
        }
        inFlight.acquire(window);
        long lastPuback = System.nanoTime();
        Arrivals arrivals = Arrivals.await(centre, lastPuback);
        Cpu cpu = new Cpu(ThreadCpu.now().microsPerEvent(cpu0, n, t -> t.equals(publishingName)
                || t.contains("bench-bare-")), arrivals.cpu());
        c.disconnect().waitForCompletion(5_000);
        c.close();
        return new Rate(n / ((arrivals.lastNanos() - t0) / 1e9), n / ((lastPuback - t0) / 1e9),
                n - arrivals.byLastPuback(), cpu);
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
                        String.format("%s; at the last PUBACK it still had %,d of the gateway's "
                                + "and %,d of bare Paho's to receive; timed to its last arrival, both sides wait "
                                + "on the subscriber's own pace, so this ratio says little of either; CPU per "
                                + "event, to the last arrival: the gateway %s; bare Paho %s", r.pinning(),
                                r.gateway().behindAtLastPuback(), r.bare().behindAtLastPuback(),
                                r.gateway().cpu(), r.bare().cpu())),
                new Figure("P4", "backlog drain: time to resume (first PUBACK)", r.resumeMillis(), "ms",
                        "(target <= 2,000 ms)", 2_000, ""));
    }
}
