package id.kentongan.uplink;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.util.Properties;

/**
 * The built-in MQTT broker for simulation and for a post without one: Moquette 0.17, bound to one
 * address (loopback by default), in memory, telemetry off (Moquette phones home unless told not to).
 * On a real post prefer the system's Mosquitto as its own service. Owner thread only.
 *
 * <p>It accepts an empty client id, MQTT 3.1.1's way for a client to ask the broker for one (Moquette
 * then makes one; for a clean session only), so that {@code mosquitto_sub -t 'kentongan/#'} works
 * against the simulation as it does against Mosquitto. It refuses any packet over
 * {@link PacketLimit#MAX_PACKET_BYTES}, before reading its payload, and drops that client's connection.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /**
     * Moquette's {@code netty.mqtt.message_size} goes to Netty's {@code MqttDecoder}, which compares it with a
     * packet's remaining length: the packet less its fixed header. A packet near the limit has a 4-byte fixed
     * header (the type byte and a 3-byte length), so this makes {@link PacketLimit#MAX_PACKET_BYTES} the
     * whole packet's, as the post's own limit and Mosquitto's max_packet_size count it.
     */
    static final int MAX_REMAINING_LENGTH = PacketLimit.MAX_PACKET_BYTES - 4;

    private final Server server = new Server();
    private final String host;
    private final int port;

    private EmbeddedBroker(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static EmbeddedBroker start(String host, int port) throws IOException {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_REMAINING_LENGTH));
        p.setProperty("immediate_buffer_flush", "true");
        p.setProperty("netty.epoll", "false");
        EmbeddedBroker b = new EmbeddedBroker(host, port);
        try {
            b.server.startServer(new MemoryConfig(p));
        } catch (RuntimeException e) { // Moquette reports a taken port as an unchecked exception
            b.server.stopServer();
            throw new IOException(e.getMessage(), e);
        }
        return b;
    }

    public String uri() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
