package id.kentongan.uplink;

import java.io.IOException;

/**
 * The uplink's view of an MQTT client: what {@link Publisher} needs and nothing more, so that its
 * delivery logic can be driven by hand in tests. {@link PahoLink} is the one real implementation.
 *
 * <p>Threads: every method is called on the {@code kentongan-uplink} thread. {@link Events} and
 * {@link Completion} are called on the client's own threads and must only hand work over.
 */
interface MqttLink {

    /** What the client reports; called on its threads, never blocking. */
    interface Events {
        /** The connection {@link #connect} began is up, to {@code broker}. */
        void connected(String broker);

        /** The connection {@link #connect} began failed; no {@link #connected} follows. */
        void connectFailed(Throwable cause);

        /** A connection that was up is gone. */
        void lost(Throwable cause);

        /**
         * A message on a subscribed topic. {@code oversizedBytes} is the size of a payload the packet
         * limit dropped unread (the payload is then empty), or -1.
         */
        void arrived(String topic, byte[] payload, boolean retained, long oversizedBytes);
    }

    /**
     * The end of one QoS 1 publish or subscribe: {@code failure} is null when the broker acknowledged it
     * (a PUBACK; a SUBACK granting every topic), a {@link Refused} when its SUBACK refused a topic.
     */
    @FunctionalInterface
    interface Completion {
        void done(Throwable failure);
    }

    /** The broker's SUBACK refused these topics (its ACL, most likely): nothing published there arrives. */
    final class Refused extends IOException {
        Refused(java.util.List<String> topics) {
            super(String.join(", ", topics));
        }
    }

    /** Before the first connect: the account the post logs in with. */
    void login(String username, char[] password);

    /** Before a connect: the retained message the broker publishes if the post vanishes. */
    void will(String topic, byte[] payload);

    /** Begins a connection to the next broker; exactly one of connected or connectFailed follows. */
    void connect(Events events);

    boolean isConnected();

    /**
     * Publishes at QoS 1; {@code done} is called once the broker acknowledges it or the attempt fails.
     *
     * @throws IOException if the client takes nothing now (not connected, its in-flight limit reached)
     */
    void publish(String topic, byte[] payload, boolean retained, Completion done) throws IOException;

    /**
     * Subscribes at QoS 1, asynchronously; {@code done} is called with the broker's SUBACK, or when the
     * attempt fails.
     *
     * @throws IOException if the client takes nothing now (not connected)
     */
    void subscribe(Completion done, String... topics) throws IOException;

    /** A clean goodbye: publishes {@code payload} retained on {@code topic}, waits for it, and disconnects. */
    void disconnect(String topic, byte[] payload) throws IOException;

    /** Releases the client, connected or not; from the owner after the uplink thread has stopped. */
    void close();
}
