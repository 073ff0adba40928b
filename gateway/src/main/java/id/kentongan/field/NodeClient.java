package id.kentongan.field;

import id.kentongan.config.FieldSettings;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A field node's side of the protocol, with Californium's client: what {@code kentongan node send} and
 * the simulated nodes use. Plain CoAP, or DTLS-PSK when given a key. Owner thread only.
 */
public final class NodeClient implements AutoCloseable {

    private final CoapEndpoint endpoint;
    private final String base;
    private final String node;
    private long timeoutMillis = 30_000;

    private NodeClient(CoapEndpoint endpoint, String base, String node) {
        this.endpoint = endpoint;
        this.base = base;
        this.node = node;
    }

    /** How long to wait for an answer (default 30 s, which covers CoAP's own retransmissions). */
    public NodeClient timeout(java.time.Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
        return this;
    }

    /**
     * @param psk the node's key, or {@code null} for plain CoAP
     */
    public static NodeClient connect(String host, int port, String node, byte[] psk) throws IOException {
        Configuration cfg = FieldServer.configuration(FieldSettings.DEFAULTS);
        CoapEndpoint ep;
        if (psk == null) {
            ep = CoapEndpoint.builder().setConfiguration(cfg).build();
        } else {
            DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(cfg)
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(node, psk))
                    .build();
            ep = CoapEndpoint.builder().setConfiguration(cfg).setConnector(new DTLSConnector(dtls)).build();
        }
        ep.start();
        return new NodeClient(ep, (psk == null ? "coap://" : "coaps://")
                + new InetSocketAddress(host, port).getHostString() + ":" + port, node);
    }

    /** A reply as the node sees it. */
    public record Reply(String code, String body) {
        public boolean ok() {
            return code.startsWith("2.");
        }
    }

    /** Sends one event ({@code boot/seq} names it across retries); waits for the durable answer. */
    public Reply event(long boot, long seq, String kind, Double value) throws IOException {
        return event(boot, seq, kind, value, null);
    }

    /** The same, with the card a checkpoint's reader read ({@code card}, uppercase hex; #14), or none. */
    public Reply event(long boot, long seq, String kind, Double value, String card) throws IOException {
        var o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(); // quoted as JSON, whatever it is
        o.put("node", node).put("boot", boot).put("seq", seq).put("kind", kind);
        if (value != null) {
            o.put("value", value);
        }
        if (card != null) {
            o.put("card", card);
        }
        return post("events", o.toString());
    }

    public Reply heartbeat(boolean batteryLow, boolean tamper) throws IOException {
        return post("hb", "{\"node\":\"" + node + "\",\"battery_low\":" + batteryLow + ",\"tamper\":" + tamper + "}");
    }

    public Reply level() throws IOException {
        CoapClient c = client("level");
        try {
            return reply(c.get());
        } catch (ConnectorException e) {
            throw new IOException(e);
        } finally {
            c.shutdown();
        }
    }

    private Reply post(String path, String json) throws IOException {
        CoapClient c = client(path);
        try {
            return reply(c.post(json.getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.APPLICATION_JSON));
        } catch (ConnectorException e) {
            throw new IOException(e);
        } finally {
            c.shutdown();
        }
    }

    private CoapClient client(String path) {
        CoapClient c = new CoapClient(base + "/" + path);
        c.setEndpoint(endpoint);
        c.setTimeout(timeoutMillis);
        return c;
    }

    private static Reply reply(CoapResponse r) throws IOException {
        if (r == null) {
            throw new IOException("no answer (gateway unreachable, or the DTLS handshake was refused)");
        }
        return new Reply(r.getCode().toString(), r.getResponseText());
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
