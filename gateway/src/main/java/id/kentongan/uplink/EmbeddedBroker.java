package id.kentongan.uplink;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.util.Properties;

/**
 * The built-in MQTT broker for simulation and for a post without one: Moquette 0.17, bound to one
 * address (loopback by default), in memory, telemetry off (Moquette phones home unless told not to).
 * On a real post prefer the system's Mosquitto as its own service. Owner thread only.
 */
public final class EmbeddedBroker implements AutoCloseable {

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
