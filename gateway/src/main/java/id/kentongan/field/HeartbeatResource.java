package id.kentongan.field;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.util.function.LongSupplier;

/**
 * {@code POST /hb}: a field node is alive ({@code battery_low} and {@code tamper} flags optional).
 * Answered 2.04 at once: a heartbeat itself is not journaled; what it changes (a silent node back,
 * a low battery, an opened case) becomes an event in the dispatch loop. Runs on Californium's threads.
 */
final class HeartbeatResource extends CoapResource {

    private final Nodes nodes;
    private final Inbox inbox;
    private final int maxBody;
    private final FieldCounters counters;
    private final LongSupplier nanos;

    HeartbeatResource(Nodes nodes, Inbox inbox, int maxBody, FieldCounters counters, LongSupplier nanos) {
        super("hb");
        this.nodes = nodes;
        this.inbox = inbox;
        this.maxBody = maxBody;
        this.counters = counters;
        this.nanos = nanos;
        getAttributes().setTitle("field node heartbeat (POST)");
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        byte[] body = exchange.getRequestPayload();
        if (body != null && body.length > maxBody) {
            counters.oversized.incrementAndGet();
            exchange.respond(ResponseCode.REQUEST_ENTITY_TOO_LARGE, "body over " + maxBody + " bytes");
            return;
        }
        try {
            JsonNode tree = NodeRequest.parse(body, exchange.getRequestOptions().getContentFormat());
            int node = nodes.sender(exchange, NodeRequest.text(tree, "node"));
            boolean batteryLow = NodeRequest.flag(tree, "battery_low");
            boolean tamper = NodeRequest.flag(tree, "tamper");
            if (!inbox.offer(new Input.Heartbeat(node, batteryLow, tamper, nanos.getAsLong()))) {
                counters.overloaded.incrementAndGet();
                Response busy = new Response(ResponseCode.SERVICE_UNAVAILABLE);
                busy.getOptions().setMaxAge(EventsResource.RETRY_AFTER_SECONDS);
                exchange.respond(busy);
                return;
            }
            counters.heartbeats.incrementAndGet();
            exchange.respond(ResponseCode.CHANGED);
        } catch (NodeRequest.Refusal r) {
            switch (r.code) {
                case FORBIDDEN -> counters.forbidden.incrementAndGet();
                case NOT_FOUND -> counters.unknownNode.incrementAndGet();
                default -> counters.malformed.incrementAndGet();
            }
            exchange.respond(r.code, r.getMessage());
        }
    }
}
