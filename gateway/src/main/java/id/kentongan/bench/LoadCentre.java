package id.kentongan.bench;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * P4's independent subscriber (the centre), in the load's process ({@link LoadNodes}, started by
 * {@link LoadProcess}), pinned apart from the gateway as P3's and P6's nodes are: in the bench's own
 * process it took about 100 us of CPU a message on the same two cores as the drain it watched, more
 * than the gateway and bare Paho together (2026-12-02), so P4's ratio said as much of the subscriber
 * as of either side. It subscribes to the gateway's alert and telemetry topics and the baseline's, and
 * speaks in lines, as {@link LoadNodes} does:
 *
 * <pre>
 * (start)                  "load: subscribed", once its SUBACK is in
 * round EXPECTED ALERTS    a new round: counts from zero; ALERTS life-safety events expected -> "load: round"
 * await BY_NANOS           waits for the round's EXPECTED messages ->
 *                          "load: arrived LAST_NANOS BY COUNT_ALERTS EARLY CPU_US", or "load: late COUNT" after a minute:
 *                          LAST_NANOS its last arrival; BY how many had arrived at BY_NANOS; COUNT_ALERTS the
 *                          life-safety events; EARLY the telemetry that came before the last of them; CPU_US its
 *                          threads' CPU per message over the round
 * </pre>
 *
 * Times are {@link System#nanoTime()}, which on Linux is the machine's monotonic clock in every process,
 * so the bench compares them with its own. Threads: the main thread reads commands; Paho's callback
 * thread counts. A round's counts are reset and counted under this object's lock, so a message that
 * strays in during a reset is counted in one round or the other, not half in each; {@link #received}
 * is also volatile, for the main thread's wait.
 */
final class LoadCentre {

    static final String ALERT_TOPIC = "kentongan/v1/bench/bench/alert";
    static final String TELEMETRY_TOPIC = "kentongan/v1/bench/bench/telemetry";
    static final String BARE_TOPIC = "bench/bare";

    private long[] arrivals = new long[0];
    private long alerts;
    private long lifeSafety;
    private long early;
    /** Written last by the callback for each message: reading it first makes the counts above visible. */
    private volatile int received;

    private LoadCentre() {
    }

    static void run(String broker, PrintStream out) throws IOException, MqttException, InterruptedException {
        LoadCentre centre = new LoadCentre();
        MqttClient client = new MqttClient(broker, "bench-centre-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        client.connect(o);
        client.subscribe(new String[] {ALERT_TOPIC, TELEMETRY_TOPIC, BARE_TOPIC}, new int[] {1, 1, 1},
                new IMqttMessageListener[] {(t, m) -> centre.arrived(true, false), (t, m) -> centre.arrived(false, true),
                    (t, m) -> centre.arrived(false, false)});
        out.println(LoadNodes.PREFIX + "subscribed");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ThreadCpu cpu0 = ThreadCpu.now();
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.split(" ");
            if (w[0].equals("round") && w.length == 3) {
                centre.round(Integer.parseInt(w[1]), Long.parseLong(w[2]));
                cpu0 = ThreadCpu.now();
                out.println(LoadNodes.PREFIX + "round");
            } else if (w[0].equals("await") && w.length == 2) {
                out.println(LoadNodes.PREFIX + centre.await(Long.parseLong(w[1]), cpu0));
            }
        }
        client.disconnect();
        client.close();
    }

    /** Main thread, between rounds: nothing should arrive now (each round waited for all of its messages). */
    private synchronized void round(int expected, long alerts) {
        arrivals = new long[expected];
        this.alerts = alerts;
        lifeSafety = 0;
        early = 0;
        received = 0;
    }

    /** Paho's callback thread. */
    private synchronized void arrived(boolean alert, boolean telemetry) {
        int n = received;
        if (n >= arrivals.length) {
            return; // beyond the round (a resend after its end): not counted
        }
        arrivals[n] = System.nanoTime();
        if (alert) {
            lifeSafety++;
        } else if (telemetry && lifeSafety < alerts) {
            early++;
        }
        received = n + 1;
    }

    private String await(long byNanos, ThreadCpu cpu0) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int n;
        while ((n = received) < arrivals.length) {
            if (System.nanoTime() > deadline) {
                return "late " + n;
            }
            Thread.sleep(5); // the arrivals carry their own times; this wait only ends the round
        }
        double cpu = ThreadCpu.now().microsPerEvent(cpu0, Math.max(1, n), t -> t.contains("bench-centre-"));
        synchronized (this) {
            int by = 0;
            while (by < n && arrivals[by] <= byNanos) {
                by++;
            }
            return String.format(Locale.ROOT, "arrived %d %d %d %d %.1f", n == 0 ? 0 : arrivals[n - 1], by,
                    lifeSafety, early, cpu);
        }
    }
}
