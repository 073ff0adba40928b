package id.kentongan.uplink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link MqttLink} driven by hand: the test says when a connection comes up, is lost, and when each
 * publish is acknowledged or fails, and reads what was published. Any thread; the uplink's calls and
 * the test's are serialised on this object.
 */
final class FakeLink implements MqttLink {

    /** One publish as the broker would see it, and its completion. */
    record Published(String topic, byte[] payload, boolean retained, Completion done) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final List<Published> published = new ArrayList<>();
    /** What went to the broker, in order: "subscribe TOPIC..." and "publish TOPIC". */
    private final List<String> wire = new ArrayList<>();
    private Events events;
    private boolean connected;
    private int connects;
    /** Publishes the client takes while connected before it refuses ("too many publishes in progress"). */
    private int limit = Integer.MAX_VALUE;
    private int outstanding;
    private boolean refuseSubscriptions;

    @Override
    public void login(String username, char[] password) {
    }

    @Override
    public void will(String topic, byte[] payload) {
    }

    @Override
    public synchronized void connect(Events events) {
        this.events = events;
        connects++;
        notifyAll();
    }

    @Override
    public synchronized boolean isConnected() {
        return connected;
    }

    @Override
    public synchronized void publish(String topic, byte[] payload, boolean retained, Completion done)
            throws IOException {
        if (!connected) {
            throw new IOException("not connected");
        }
        if (outstanding >= limit) {
            throw new IOException("too many publishes in progress");
        }
        outstanding++;
        published.add(new Published(topic, payload, retained, done));
        wire.add("publish " + topic);
    }

    @Override
    public void subscribe(Completion done, String... topics) throws IOException {
        boolean refuse;
        synchronized (this) {
            if (!connected) {
                throw new IOException("not connected");
            }
            wire.add("subscribe " + String.join(" ", topics));
            refuse = refuseSubscriptions;
        }
        done.done(refuse ? new Refused(List.of(topics)) : null); // the SUBACK, at once
    }

    /** From now on the broker's SUBACK refuses every topic (an ACL without the post's). */
    synchronized void refuseSubscriptions() {
        refuseSubscriptions = true;
    }

    @Override
    public synchronized void disconnect(String topic, byte[] payload) {
        connected = false;
    }

    @Override
    public void close() {
    }

    /** Waits until the uplink has begun its {@code n}-th connection attempt. */
    synchronized void awaitConnects(int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (connects < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no connection attempt " + n + " (" + connects + " so far)");
            }
            wait(left / 1_000_000 + 1);
        }
    }

    /** The attempt under way succeeds. */
    void up() {
        Events e;
        synchronized (this) {
            connected = true;
            outstanding = 0;
            e = events;
        }
        e.connected("tcp://127.0.0.1:1883");
    }

    /** The connection is lost; what was outstanding is not failed here (Paho's failures may come later). */
    void drop() {
        Events e;
        synchronized (this) {
            connected = false;
            e = events;
        }
        e.lost(new IOException("broker gone"));
    }

    void limit(int publishes) {
        this.limit = publishes;
    }

    /** What went to the broker so far, in order. */
    synchronized List<String> wire() {
        return List.copyOf(wire);
    }

    synchronized List<Published> published() {
        return List.copyOf(published);
    }

    /** The publishes on topics ending with {@code suffix}. */
    synchronized List<Published> on(String suffix) {
        return published.stream().filter(p -> p.topic().endsWith(suffix)).toList();
    }

    /** The broker acknowledges publish {@code p}. */
    void ack(Published p) {
        synchronized (this) {
            outstanding--;
        }
        p.done().done(null);
    }

    /** Publish {@code p} fails (as Paho fails what was outstanding on a lost connection). */
    void fail(Published p) {
        synchronized (this) {
            outstanding--;
        }
        p.done().done(new IOException("connection lost"));
    }
}
