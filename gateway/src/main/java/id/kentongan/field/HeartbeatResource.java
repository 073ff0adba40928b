package id.kentongan.field;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
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
        try {
            JsonNode tree = NodeRequest.read(exchange, maxBody, counters);
            int node = nodes.sender(exchange, NodeRequest.text(tree, "node"));
            boolean batteryLow = NodeRequest.flag(tree, "battery_low");
            boolean tamper = NodeRequest.flag(tree, "tamper");
            if (!inbox.offer(new Input.Heartbeat(node, batteryLow, tamper, nanos.getAsLong()))) {
                NodeRequest.busy(exchange, counters, EventsResource.RETRY_AFTER_SECONDS);
                return;
            }
            counters.heartbeats.incrementAndGet();
            exchange.respond(ResponseCode.CHANGED);
        } catch (NodeRequest.Refusal r) {
            NodeRequest.refuse(exchange, r, counters);
        }
    }
}
