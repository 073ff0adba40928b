package id.kentongan.config;

/**
 * The status server's settings, from the site profile's {@code status} section. Immutable.
 *
 * @param enabled       serve metrics, health and the status page at all
 * @param address       IP address to listen on: loopback unless {@code lan}
 * @param port          TCP port (0: any free one, for tests)
 * @param lan           the technician opted in to being reachable from the post's network
 * @param requireUplink {@code /health} also fails while the uplink is down
 */
public record StatusSettings(boolean enabled, String address, int port, boolean lan, boolean requireUplink) {

    public static final int DEFAULT_PORT = 9464;
    public static final StatusSettings DEFAULTS = new StatusSettings(true, "127.0.0.1", DEFAULT_PORT, false, false);
}
