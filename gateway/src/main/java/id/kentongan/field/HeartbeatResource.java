package id.kentongan.field;

import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import java.util.function.ObjIntConsumer;

/**
 * {@code POST /hb}: a field node is alive ({@code battery_low} and {@code tamper} flags optional).
 * Answered 2.04 at once: a heartbeat itself is not journaled; what it changes (a silent node back,
 * a low battery, an opened case) becomes an event in the dispatch loop. The body is read as strictly
 * as an event's ({@link NodeRequest}); an accepted heartbeat makes its sender's endpoint known to the
 * {@link SourceLimiter}. Runs on Californium's threads.
 */
final class HeartbeatResource extends CoapResource {

    private final Nodes nodes;
    private final Inbox inbox;
    private final int maxBody;
    private final FieldCounters counters;
    private final LongSupplier nanos;
    private final ObjIntConsumer<InetSocketAddress> heard;

    HeartbeatResource(Nodes nodes, Inbox inbox, int maxBody, FieldCounters counters, LongSupplier nanos,
                      ObjIntConsumer<InetSocketAddress> heard) {
        super("hb");
        this.nodes = nodes;
        this.inbox = inbox;
        this.maxBody = maxBody;
        this.counters = counters;
        this.nanos = nanos;
        this.heard = heard;
        getAttributes().setTitle("field node heartbeat (POST)");
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        try {
            NodeRequest.Body body = NodeRequest.read(exchange, maxBody, NodeRequest.HEARTBEAT);
            int node = nodes.sender(exchange, body.text("node"));
            boolean batteryLow = body.flag("battery_low");
            boolean tamper = body.flag("tamper");
            if (!inbox.offer(new Input.Heartbeat(node, batteryLow, tamper, nanos.getAsLong()))) {
                NodeRequest.busy(exchange, counters, EventsResource.RETRY_AFTER_SECONDS);
                return;
            }
            heard.accept(exchange.getSourceSocketAddress(), node);
            counters.heartbeats.incrementAndGet();
            exchange.respond(ResponseCode.CHANGED);
        } catch (NodeRequest.Refusal r) {
            NodeRequest.refuse(exchange, r, counters);
        }
    }
}
