package id.kentongan.uplink;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The command centre's view of the posts: subscribes to topics on a broker and hands each message to a
 * consumer. Reconnects and resubscribes on its own. Messages reach the consumer on Paho's
 * {@code MQTT Call} thread, one at a time; the consumer must not block for long.
 */
public final class Watcher implements AutoCloseable {

    /** A message as received. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    /**
     * How a centre's tool logs in to the broker.
     *
     * @param username its name on the broker, or {@code null} for none (anonymous)
     * @param password its password (from its secrets file), or {@code null}
     * @param tlsCa    PEM of the CA that signed an {@code ssl://} broker's certificate, or {@code null} for
     *                 the JVM's own trust store
     */
    public record Login(String username, String password, Path tlsCa) {

        public static final Login ANONYMOUS = new Login(null, null, null);

        /** Names who logs in, never the password (a record would print it). */
        @Override
        public String toString() {
            return "Login[" + (username == null ? "anonymous" : username) + (tlsCa == null ? "" : ", ca " + tlsCa)
                    + "]";
        }
    }

    private final MqttAsyncClient client;

    private Watcher(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects to {@code brokerUri} and subscribes to {@code topics} at QoS 1.
     *
     * @param onState told "connected" or "connection lost: ..." as the link changes
     */
    public static Watcher start(String brokerUri, List<String> topics, Consumer<Message> onMessage,
                                Consumer<String> onState) throws MqttException {
        return start(brokerUri, Login.ANONYMOUS, topics, onMessage, onState);
    }

    /** As {@link #start(String, List, Consumer, Consumer)}, logged in as {@code login}. */
    public static Watcher start(String brokerUri, Login login, List<String> topics, Consumer<Message> onMessage,
                                Consumer<String> onState) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(brokerUri, "kentongan-watch-" + UUID.randomUUID().toString()
                .substring(0, 8), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(10_000);
        o.setConnectionTimeout(10);
        if (login.username() != null) {
            o.setUserName(login.username());
        }
        if (login.password() != null) {
            o.setPassword(login.password().toCharArray());
        }
        if (login.tlsCa() != null) {
            try {
                o.setSocketFactory(Tls.socketFactory(login.tlsCa(), null, null));
            } catch (IOException e) {
                throw new MqttException(MqttException.REASON_CODE_SSL_CONFIG_ERROR, e);
            }
            o.setHttpsHostnameVerificationEnabled(true);
        }
        IMqttMessageListener listener = (topic, m) -> onMessage.accept(new Message(topic, m.getPayload(),
                m.isRetained()));
        String[] filters = topics.toArray(String[]::new);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
        java.util.Arrays.fill(listeners, listener);
        c.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                onState.accept("connected to " + serverURI);
                if (reconnect) {
                    // Paho's reconnect does not restore a clean session's subscriptions; do it off its thread
                    Thread.ofVirtual().start(() -> {
                        try {
                            c.subscribe(filters, qos, null, null, listeners);
                        } catch (MqttException e) {
                            onState.accept("resubscribe failed: " + e.getMessage());
                        }
                    });
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                onState.accept("connection lost: " + cause.getMessage() + "; reconnecting");
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        try {
            c.connect(o).waitForCompletion(15_000);
            c.subscribe(filters, qos, null, null, listeners).waitForCompletion(15_000);
        } catch (MqttException e) {
            new Watcher(c).close();
            throw e;
        }
        return new Watcher(c);
    }

    /** Publishes {@code payload} at QoS 1 and waits for the broker's PUBACK. */
    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(10_000);
    }

    @Override
    public void close() {
        try {
            client.disconnect(1000).waitForCompletion(2000);
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // closing anyway
        }
    }
}
