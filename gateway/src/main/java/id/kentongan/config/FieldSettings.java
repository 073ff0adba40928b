package id.kentongan.config;

/**
 * The CoAP server's settings from the site profile's {@code field} section, sized for a Raspberry Pi.
 * Immutable.
 *
 * @param bind       address the DTLS endpoint listens on
 * @param dtlsPort   CoAP over DTLS 1.2 with a pre-shared key per node (5684)
 * @param plainPort  plain CoAP (5683): simulation only, and then on loopback only
 * @param maxPeers   peers (and DTLS sessions) kept at once
 * @param threads    protocol-stage threads
 * @param maxBody    largest accepted request body in bytes; larger gets 4.13
 * @param rates      datagrams per second a sender may send before it is no longer heard
 */
public record FieldSettings(String bind, int dtlsPort, int plainPort, int maxPeers, int threads, int maxBody,
                            Rates rates) {

    public static final FieldSettings DEFAULTS = new FieldSettings("0.0.0.0", 5684, 5683, 256, 2, 512, Rates.DEFAULTS);

    /**
     * Datagrams per second, each bucket holding two seconds' worth (the field server's {@code SourceLimiter}).
     *
     * @param peer   one address:port, a known node's endpoint included: what binds a known node, the
     *               others being held by their address's bucket first. A node sends one confirmable
     *               request at a time and waits for its answer (NSTART 1); the fastest it ever goes is
     *               draining its backlog after an outage, paced by our acks, each given once its event
     *               is durable (a few milliseconds apiece on an SSD, tens on an SD card). 200/s (400 at
     *               once) is above that; a node looping in broken firmware, or a stolen key, is held to it.
     * @param source one address, all its ports, for senders not yet known. A node not yet known sends a
     *               DTLS handshake (three flights of a few datagrams) and its first request: 20/s (40
     *               at once) passes that whole, and holds a flood from one address to it.
     * @param total  every sender not yet known, together: first contacts and handshakes. After a
     *               power cut the post and every node restart at once, so every node is unknown: a
     *               village of 50 nodes is ~300 datagrams of handshakes and first requests, which
     *               100 at once plus 50/s pass in four seconds. It is also what bounds the server's
     *               memory under a flood from any number of addresses: at most 50 new exchanges a
     *               second, each forgotten after the exchange lifetime ({@code FieldServer.configuration}).
     */
    public record Rates(int peer, int source, int total) {

        public static final Rates DEFAULTS = new Rates(200, 20, 50);

        public Rates {
            if (peer < 1 || source < 1 || total < 1) {
                throw new IllegalArgumentException("rates must be at least 1/s: " + peer + ", " + source + ", " + total);
            }
        }
    }
}
