package id.kentongan.field;

import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.alert.AlertKind;
import id.kentongan.config.Register;
import id.kentongan.dispatch.FieldReply;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.ObjIntConsumer;

/**
 * {@code POST /events}: a field node's event. Validated here (size, format, sender, kind), then offered
 * to the dispatch loop, which raises the alert (or recognises a retry by the node's {@code boot/seq})
 * and names its journal row; the answer, 2.01 with {@code {"seq":..,"id":..}}, leaves only once that
 * row is durable. The response is piggybacked when the commit is quick (it normally takes
 * milliseconds), which spares a battery node a separate exchange.
 *
 * <p>Refusals, each counted and changing nothing: 4.13 too large, 4.15 not JSON/CBOR, 4.00 malformed
 * (a duplicated or unknown key, data after the map, a key without a value or of the wrong type, a
 * missing {@code seq} or {@code kind}, a {@code level} without a number: {@link NodeRequest}),
 * 4.04 unknown node, 4.03 a kind the node may not report or a body naming another node than its DTLS
 * identity; 5.03 with Max-Age when the loop's inbox is full (the node retries; nothing is lost).
 * An accepted event makes its sender's endpoint known to the {@link SourceLimiter}.
 *
 * <p>Runs on Californium's protocol-stage threads.
 */
final class EventsResource extends CoapResource {

    static final int RETRY_AFTER_SECONDS = 5;

    private final Nodes nodes;
    private final Inbox inbox;
    private final Acks acks;
    private final Executor ackThread;
    private final int maxBody;
    private final FieldCounters counters;
    private final ObjIntConsumer<InetSocketAddress> heard;

    EventsResource(Nodes nodes, Inbox inbox, Acks acks, Executor ackThread, int maxBody, FieldCounters counters,
                   ObjIntConsumer<InetSocketAddress> heard) {
        super("events");
        this.nodes = nodes;
        this.inbox = inbox;
        this.acks = acks;
        this.ackThread = ackThread;
        this.maxBody = maxBody;
        this.counters = counters;
        this.heard = heard;
        getAttributes().setTitle("field node events (POST, JSON or CBOR)");
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        int format = exchange.getRequestOptions().getContentFormat();
        try {
            NodeRequest.Body body = NodeRequest.read(exchange, maxBody, NodeRequest.EVENT);
            int node = nodes.sender(exchange, body.text("node"));
            String nodeId = nodes.id(node);
            long seq = body.natural("seq");
            long boot = body.natural("boot", 0);
            String kindName = body.text("kind");
            if (kindName == null) {
                throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.MISSING_KEY, "'kind' is missing");
            }
            AlertKind kind = AlertKind.fromWireName(kindName);
            if (kind == null) {
                throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.UNKNOWN_KIND, "unknown kind '" + kindName + "'");
            }
            Double value = body.number("value");
            if (kind == AlertKind.LEVEL && value == null) {
                // a reading without its number is no reading: journaled it would say nothing
                throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.MISSING_KEY, "'level' needs a number in 'value'");
            }
            String card = body.text("card");
            if (kind == AlertKind.CHECKPOINT && card == null) {
                throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.MISSING_KEY, "'checkpoint' needs the card's UID "
                        + "in 'card'");
            } else if (card != null && kind != AlertKind.CHECKPOINT) {
                throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.UNKNOWN_KEY, "'card' belongs to kind 'checkpoint'");
            } else if (card != null && !Register.CARD.matcher(card).matches()) {
                // the node's reader gave something that is no UID: refused here, never handed to the loop
                throw NodeRequest.Refusal.malformed(NodeRequest.Flaw.BAD_CARD, "'card' must be the card's UID in "
                        + "uppercase hex, 8 to 20 digits");
            }
            if (!nodes.allows(nodeId, kind)) {
                throw new NodeRequest.Refusal(ResponseCode.FORBIDDEN, "node '" + nodeId + "' may not report '"
                        + kindName + "'");
            }
            int replyFormat = format == MediaTypeRegistry.APPLICATION_CBOR ? format : MediaTypeRegistry.APPLICATION_JSON;
            FieldReply reply = new FieldReply() {
                @Override
                public void accepted(long gatewaySeq, String identifier, boolean fresh) {
                    ackThread.execute(() -> {
                        (fresh ? counters.events : counters.retries).incrementAndGet();
                        acks.answerWhenDurable(gatewaySeq, exchange, Acks.created(answer(gatewaySeq, identifier,
                                replyFormat), replyFormat));
                    });
                }

                @Override
                public void refused(String reason) { // the watch does not know the card or the checkpoint
                    ackThread.execute(() -> NodeRequest.refuse(exchange,
                            new NodeRequest.Refusal(ResponseCode.FORBIDDEN, reason), counters));
                }
            };
            if (!inbox.offer(new Input.FieldEvent(node, boot + "/" + seq, kind, value, reply, card))) {
                NodeRequest.busy(exchange, counters, RETRY_AFTER_SECONDS);
                return;
            }
            heard.accept(exchange.getSourceSocketAddress(), node);
        } catch (NodeRequest.Refusal r) {
            NodeRequest.refuse(exchange, r, counters);
        }
    }

    /** The same bytes for the first answer and for every retry's: {@code {"seq":N,"id":"KTG-..."}}. */
    static byte[] answer(long seq, String identifier, int format) {
        ObjectNode o = NodeRequest.mapperFor(format).createObjectNode();
        o.put("seq", seq);
        o.put("id", identifier);
        try {
            return NodeRequest.mapperFor(format).writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
