package id.kentongan.uplink;

import java.time.Duration;
import java.util.List;

/**
 * Where alerts go and how hard to try, from the site profile's {@code uplink} section. Immutable.
 *
 * @param brokers   broker URIs in failover order, or the single word {@code embedded} for the built-in broker
 * @param topicRoot versioned root of every topic, e.g. {@code kentongan/v1}
 * @param window    PUBLISHes in flight at once (awaiting PUBACK)
 * @param lostAfter how long the link may be down before the post journals an {@code uplink-lost} alert
 */
public record UplinkSettings(List<String> brokers, String topicRoot, String clientId, Duration keepAlive,
                             int window, Duration backoffMin, Duration backoffMax, Duration lostAfter) {

    public UplinkSettings {
        brokers = List.copyOf(brokers);
    }

    public boolean embedded() {
        return brokers.size() == 1 && brokers.get(0).equals("embedded");
    }
}
