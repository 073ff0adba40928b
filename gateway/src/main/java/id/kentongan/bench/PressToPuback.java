package id.kentongan.bench;

import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import id.kentongan.hardware.Gpio;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.uplink.Publisher;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Priority;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * P2: press to PUBACK. A mock GPIO edge, through the loop, the journal hand-off and the uplink, to the
 * broker's PUBACK of the CAP alert, on a real local Mosquitto; one press at a time. Baseline in the
 * same run: a bare Paho QoS 1 publish of a payload of the same size, to its PUBACK, on the same broker.
 */
final class PressToPuback {

    private PressToPuback() {
    }

    record Result(Latency gateway, Latency bare) {
    }

    static Result run(Path dir, String broker, int presses) throws Exception {
        SiteProfile profile = BenchPost.profile(broker, 0);
        Latency lat = new Latency();
        int payloadBytes;
        try (Journal journal = Journal.open(dir.resolve("p2.db"))) {
            Inbox inbox = new Inbox(1 << 16);
            BenchPost.Uplink uplink = BenchPost.uplink(profile, broker, journal, inbox);
            Publisher publisher = uplink.publisher();
            JournalWriter writer = uplink.writer();
            // The pressing thread parks until the PUBACK's hook wakes it, as the baseline's waitForCompletion
            // does: a thread spinning here would take one of the machine's cores from the gateway under test.
            AtomicLong acked = new AtomicLong();
            Thread presser = Thread.currentThread();
            publisher.onPuback(seq -> {
                acked.accumulateAndGet(seq, Math::max);
                LockSupport.unpark(presser);
            });
            Gpio gpio = Gpio.open(Gpio.Mode.MOCK, profile, inbox, System::nanoTime);
            DispatchLoop loop = new DispatchLoop(profile.toSite(), journal.boot(), journal.lastSeq(), inbox, gpio,
                    writer, publisher, InstantSource.system(), System::nanoTime);
            long base = journal.lastSeq();
            writer.start();
            loop.start();
            loop.armed().get(5, TimeUnit.SECONDS);
            publisher.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!publisher.status().get().connected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the uplink did not connect to " + broker);
                }
                Thread.sleep(10);
            }
            int warmup = Math.min(500, presses / 5);
            long seq = base;
            for (int i = -warmup; i < presses; i++) {
                long alertSeq = seq + 1; // the panic alert; seq + 2 is the silence's update
                long t0 = System.nanoTime();
                gpio.simulate("panic-1", true);
                awaitAck(acked, alertSeq);
                if (i >= 0) {
                    lat.record(System.nanoTime() - t0);
                }
                gpio.simulate("panic-1", false);
                gpio.simulate("silence", true);
                gpio.simulate("silence", false);
                seq += 2;
                awaitAck(acked, seq);
            }
            payloadBytes = CapJson.encode(new Event(1, 1, Event.identifier(profile.post(), 1, 1),
                    AlertKind.PANIC, Priority.LIFE_SAFETY, "panic-1", "z1",
                    System.currentTimeMillis(), Event.CapStatus.Actual, Event.MsgType.Alert, null), profile.post()).length;
            loop.stop();
            publisher.stop();
            writer.stop();
            gpio.close();
        }
        return new Result(lat, bare(broker, presses, payloadBytes));
    }

    private static void awaitAck(AtomicLong acked, long seq) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acked.get() < seq) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no PUBACK for event " + seq + " within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    static Latency bare(String broker, int n, int payloadBytes) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker, "bench-bare-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000); // Paho counts a message in flight a moment after its PUBACK completes the token
        c.connect(o).waitForCompletion(10_000);
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        Latency lat = new Latency();
        try {
            for (int i = -Math.min(500, n / 5); i < n; i++) {
                long t0 = System.nanoTime();
                MqttMessage m = new MqttMessage(payload);
                m.setQos(1);
                c.publish("bench/bare", m).waitForCompletion(10_000);
                if (i >= 0) {
                    lat.record(System.nanoTime() - t0);
                }
            }
        } finally {
            c.disconnect().waitForCompletion(5_000);
            c.close();
        }
        return lat;
    }

    static List<Figure> figures(Result r) {
        return List.of(
                new Figure("P2", "press -> PUBACK p50", r.gateway().p(50), "us", "bare Paho publish -> PUBACK p50",
                        r.bare().p(50), "gateway: " + r.gateway().summary() + "; bare: " + r.bare().summary()),
                new Figure("P2", "press -> PUBACK p99", r.gateway().p(99), "us", "bare Paho publish -> PUBACK p99",
                        r.bare().p(99), ""));
    }
}
