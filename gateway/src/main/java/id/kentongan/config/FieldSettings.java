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
 */
public record FieldSettings(String bind, int dtlsPort, int plainPort, int maxPeers, int threads, int maxBody) {

    public static final FieldSettings DEFAULTS = new FieldSettings("0.0.0.0", 5684, 5683, 256, 2, 512);
}
