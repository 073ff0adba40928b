package id.kentongan.uplink;

import id.kentongan.config.UplinkSettings;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link MqttLink} over Eclipse Paho mqttv3: clean session, memory persistence only (the journal
 * is the one durable store), Paho's own failover across the broker list, no automatic reconnect (the
 * {@link Publisher} reconnects with its own backoff, the first connect included), TLS with the broker's
 * name checked against its certificate, and every byte from the broker through the {@link PacketLimit}
 * before Paho allocates anything.
 *
 * <p>Threads: called on the {@code kentongan-uplink} thread ({@link #close} by the owner after it
 * stopped); Paho's callbacks ({@code MQTT Call}) go straight to the {@link MqttLink.Events} and
 * {@link MqttLink.Completion}s, which hand them over.
 */
final class PahoLink implements MqttLink {

    private static final Logger log = LoggerFactory.getLogger(PahoLink.class);
    /** A SUBACK's return code for a topic the broker refused (MQTT 3.1.1, 3.9.3). */
    private static final int SUBACK_FAILURE = 0x80;

    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final PacketLimit packetLimit;
    private volatile Events events;

    /** @throws MqttException if the client cannot be made, or the TLS files cannot be read */
    PahoLink(UplinkSettings spec, List<String> brokers, PacketLimit packetLimit) throws MqttException {
        this.packetLimit = packetLimit;
        this.client = new MqttAsyncClient(brokers.get(0), spec.clientId(), new MemoryPersistence());
        options.setServerURIs(brokers.toArray(String[]::new));
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) Math.max(1, spec.keepAlive().toSeconds()));
        options.setConnectionTimeout(10);
        options.setMaxInflight(spec.window() * 2 + 16); // our window, plus residents' messages, results, status
        SSLSocketFactory tls = null;
        if (spec.tlsCa() != null) {
            try {
                tls = Tls.socketFactory(spec.tlsCa(), spec.tlsCert(), spec.tlsKey());
            } catch (IOException e) {
                throw new MqttException(MqttException.REASON_CODE_SSL_CONFIG_ERROR, e);
            }
            options.setHttpsHostnameVerificationEnabled(true); // the broker's name must be in its certificate
        } else if (brokers.stream().anyMatch(b -> b.startsWith("ssl://"))) {
            tls = (SSLSocketFactory) SSLSocketFactory.getDefault(); // --broker ssl://: the JDK's trusted CAs
            options.setHttpsHostnameVerificationEnabled(true);
        }
        // every byte from the broker passes the packet limit before Paho allocates anything
        options.setSocketFactory(BoundedSockets.around(tls, packetLimit));
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                events.lost(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                // an empty payload may be one the packet limit dropped unread: it knows how large it was
                long oversized = payload.length == 0 ? PahoLink.this.packetLimit.takeDropped(topic, message.getId()) : -1;
                events.arrived(topic, payload, message.isRetained(), oversized);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // handled per message by its completion
            }
        });
    }

    @Override
    public void login(String username, char[] password) {
        options.setUserName(username);
        options.setPassword(password);
    }

    @Override
    public void will(String topic, byte[] payload) {
        options.setWill(topic, payload, 1, true);
    }

    @Override
    public void connect(Events events) {
        this.events = events;
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    events.connected(client.getCurrentServerURI());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    events.connectFailed(cause);
                }
            });
        } catch (MqttException e) {
            events.connectFailed(e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Completion done) throws IOException {
        try {
            client.publish(topic, payload, 1, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.done(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.done(cause != null ? cause : new IOException("publish failed"));
                }
            });
        } catch (MqttException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(Completion done, String... topics) throws IOException {
        int[] qos = new int[topics.length];
        Arrays.fill(qos, 1);
        try {
            // asynchronous and from the uplink's own thread: subscribing from Paho's callback can deadlock
            client.subscribe(topics, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // the asynchronous client reports a SUBACK's 0x80 as a success: only MqttClient checks it
                    int[] granted = token.getGrantedQos();
                    List<String> refused = new ArrayList<>();
                    for (int i = 0; i < topics.length; i++) {
                        if (granted == null || i >= granted.length || granted[i] == SUBACK_FAILURE) {
                            refused.add(topics[i]);
                        }
                    }
                    done.done(refused.isEmpty() ? null : new Refused(refused));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.done(cause != null ? cause : new IOException("subscribe failed"));
                }
            });
        } catch (MqttException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void disconnect(String topic, byte[] payload) throws IOException {
        try {
            client.publish(topic, payload, 1, true).waitForCompletion(2000);
            client.disconnect(2000).waitForCompletion(3000);
        } catch (MqttException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException ignored) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("uplink: close: {}", e.getMessage());
        }
    }
}
