package id.kentongan.field;

import id.kentongan.alert.AlertKind;
import id.kentongan.config.SiteProfile;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The profile's field nodes, looked up by id, and who a request comes from. Immutable; any thread. */
final class Nodes {

    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Set<AlertKind>> allowed = new HashMap<>();
    private final String[] ids;

    Nodes(SiteProfile profile) {
        ids = new String[profile.nodes().size()];
        for (int i = 0; i < ids.length; i++) {
            SiteProfile.NodeSpec n = profile.nodes().get(i);
            ids[i] = n.id();
            index.put(n.id(), i);
            allowed.put(n.id(), n.events());
        }
    }

    /**
     * Who sent this: under DTLS the authenticated PSK identity (a body naming another node is refused);
     * over plain CoAP (simulation, loopback) the body's {@code node}.
     *
     * @return the node's index in the profile
     */
    int sender(CoapExchange exchange, String claimed) throws NodeRequest.Refusal {
        Principal p = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        String id = claimed;
        if (p instanceof PreSharedKeyIdentity psk) {
            if (claimed != null && !claimed.equals(psk.getIdentity())) {
                throw new NodeRequest.Refusal(ResponseCode.FORBIDDEN, "you are '" + psk.getIdentity()
                        + "', not '" + claimed + "'");
            }
            id = psk.getIdentity();
        } else if (id == null) {
            throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.MISSING_KEY, "'node' is missing");
        }
        Integer i = index.get(id);
        if (i == null) {
            throw new NodeRequest.Refusal(ResponseCode.NOT_FOUND, "unknown node '" + id + "'");
        }
        return i;
    }

    String id(int index) {
        return ids[index];
    }

    boolean allows(String node, AlertKind kind) {
        return allowed.getOrDefault(node, Set.of()).contains(kind);
    }
}
