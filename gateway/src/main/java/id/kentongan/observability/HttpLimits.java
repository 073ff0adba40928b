package id.kentongan.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where the status server's HTTP limits are set. The JDK's server ({@code jdk.httpserver})
 * takes its limits only from system properties, and reads them once, when its first server is made in
 * the process ({@code sun.net.httpserver.ServerConfig}'s static initialiser): so {@link #apply} runs
 * before {@code HttpServer.create}, and nothing else in the gateway makes an HTTP server. A property
 * already given on the command line ({@code KENTONGAN_JAVA_OPTS}) is left as the installer set it.
 *
 * <p>What each bounds, against what (read in JDK 25's sources; JDK 21 documents the same names):
 * <ul>
 * <li>{@code sun.net.httpserver.maxReqTime} 5 s: from a request's first byte to its last (line, headers,
 *     body), or the connection is closed. A browser or Prometheus sends a request in milliseconds; a
 *     slowloris client that trickles headers is closed after 5 to 6 s. The same bound (the lesser of
 *     this and idleInterval) closes a connection that sends nothing at all.
 * <li>{@code sun.net.httpserver.maxRspTime} 15 s: from the request read to the response taken. The
 *     answer may wait up to 10 s for a part that does not answer ({@code /health} then says which).
 * <li>{@code jdk.httpserver.maxConnections} 256: connections open at once, idle ones included; beyond
 *     it the JDK closes a new connection as soon as it is accepted (uncounted: the JDK tells no one).
 *     Each connection being read holds one thread ({@link HttpThreads}): 200 slow clients fit, with
 *     room for the page's real users.
 * <li>{@code sun.net.httpserver.maxIdleConnections} 32, {@code idleInterval} 10 s, checked every
 *     {@code clockTick} 1 s: a browser polls the page every 2 s over one kept-alive connection.
 * <li>{@code sun.net.httpserver.maxReqHeaders} 64 and {@code maxReqHeaderSize} 16 KiB (request line
 *     and headers together): a browser sends about 15 headers in well under 2 KiB. The size limit
 *     came with JDK 21.0.5 ({@link #headerSizeBounded}); an older 21 bounds only the count and the
 *     time, and the gateway says so at start.
 * </ul>
 *
 * <p>Threads: {@link #apply} from the owner, before the first server.
 */
final class HttpLimits {

    private static final Logger log = LoggerFactory.getLogger(HttpLimits.class);

    static final int MAX_CONNECTIONS = 256;
    static final int REQUEST_SECONDS = 5;
    static final int RESPONSE_SECONDS = 15;

    /** Property, value: in the order the class comment explains them. */
    static final Map<String, String> PROPERTIES = properties();

    private HttpLimits() {
    }

    private static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        p.put("sun.net.httpserver.maxRspTime", Integer.toString(RESPONSE_SECONDS));
        p.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        p.put("sun.net.httpserver.maxIdleConnections", "32");
        p.put("sun.net.httpserver.idleInterval", "10");
        p.put("sun.net.httpserver.clockTick", "1000");
        p.put("sun.net.httpserver.maxReqHeaders", "64");
        p.put("sun.net.httpserver.maxReqHeaderSize", "16384");
        return Collections.unmodifiableMap(p);
    }

    /** Sets each limit the command line did not; says so if this JDK cannot bound header sizes. */
    static void apply() {
        PROPERTIES.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        if (!headerSizeBounded(Runtime.version())) {
            log.warn("status page: this Java ({}) does not bound the size of HTTP request headers (that came with "
                    + "21.0.5); requests are still bounded in time and header count. Update Java, and keep "
                    + "status.lan off until then", Runtime.version());
        }
    }

    /** Whether this JDK's HTTP server reads {@code sun.net.httpserver.maxReqHeaderSize}. */
    static boolean headerSizeBounded(Runtime.Version v) {
        return switch (v.feature()) {
            case 21 -> v.update() >= 5;
            case 22 -> false;
            case 23 -> v.update() >= 1;
            default -> v.feature() > 23;
        };
    }
}
