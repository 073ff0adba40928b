package id.kentongan.config;

import java.time.Duration;
import java.util.List;
import java.nio.file.Path;

/**
 * Where alerts go and how hard to try, from the site profile's {@code uplink} section. Immutable.
 *
 * @param brokers   broker URIs in failover order, or the single word {@code embedded} for the built-in broker
 * @param topicRoot versioned root of every topic, e.g. {@code kentongan/v1}
 * @param window    PUBLISHes in flight at once (awaiting PUBACK)
 * @param lostAfter how long the link may be down before the post journals an {@code uplink-lost} alert
 * @param tlsCa     PEM file of the CA that signed the brokers' certificates (for {@code ssl://}), or null
 * @param tlsCert   the post's own certificate (PEM), for brokers that want client certificates, or null
 * @param tlsKey    its unencrypted PKCS#8 key (PEM), or null
 * @param allowPlaintext outside simulation, {@code tcp://} to a broker not on this machine is refused
 *                       unless this is set
 * @param username  the post's name on the broker, given with the password from the secrets file;
 *                  by default {@code {village}/{post}}, which the broker's {@code %u} ACL patterns expect
 */
public record UplinkSettings(List<String> brokers, String topicRoot, String clientId, Duration keepAlive,
                             int window, Duration backoffMin, Duration backoffMax, Duration lostAfter,
                             Path tlsCa, Path tlsCert, Path tlsKey,
                             boolean allowPlaintext, String username) {

    public UplinkSettings(List<String> brokers, String topicRoot, String clientId, Duration keepAlive, int window,
                          Duration backoffMin, Duration backoffMax, Duration lostAfter) {
        this(brokers, topicRoot, clientId, keepAlive, window, backoffMin, backoffMax, lostAfter, null, null, null,
                false, null);
    }

    /** Brokers reached in the clear and not on this machine: refused outside simulation unless allowed. */
    public List<String> plaintextRemote() {
        return plaintextRemote(brokers);
    }

    /** Those of {@code brokers} reached in the clear and not on this machine. */
    public static List<String> plaintextRemote(List<String> brokers) {
        return brokers.stream().filter(b -> b.startsWith("tcp://") && !b.startsWith("tcp://127.")
                && !b.startsWith("tcp://localhost") && !b.startsWith("tcp://[::1]")).toList();
    }

    /** The default name of a post on the broker: {@code {village}/{post}}. */
    public static String defaultUsername(String village, String post) {
        return village + "/" + post;
    }

    public UplinkSettings {
        brokers = List.copyOf(brokers);
    }

    public boolean embedded() {
        return brokers.size() == 1 && brokers.get(0).equals("embedded");
    }
}
