package id.kentongan.field;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers to field nodes that wait until their event is durable: a node's event is acknowledged
 * (2.01) only once the journal's commit holding it has returned, so a node that hears nothing retries,
 * and an acknowledged event survives a crash. Owned by the {@code kentongan-field-ack} thread.
 */
final class Acks {

    private final TreeMap<Long, List<Pending>> waiting = new TreeMap<>();
    private final FieldCounters counters;
    private long durable;

    /** An answer to send once {@code seq} is durable. */
    record Pending(CoapExchange exchange, Response response) {
    }

    Acks(long durable, FieldCounters counters) {
        this.durable = durable;
        this.counters = counters;
    }

    /** Ack thread: answers now if the row is durable already, else when it is. */
    void answerWhenDurable(long seq, CoapExchange exchange, Response response) {
        if (seq <= durable) {
            exchange.respond(response);
        } else {
            waiting.computeIfAbsent(seq, k -> new ArrayList<>(1)).add(new Pending(exchange, response));
        }
    }

    /** Ack thread: the journal committed every event up to {@code seq}. */
    void durableUpTo(long seq) {
        durable = Math.max(durable, seq);
        Map<Long, List<Pending>> due = waiting.headMap(seq, true);
        for (List<Pending> list : due.values()) {
            for (Pending p : list) {
                p.exchange().respond(p.response());
            }
        }
        due.clear();
    }

    int waiting() {
        return waiting.size();
    }

    static Response created(byte[] payload, int contentFormat) {
        Response r = new Response(ResponseCode.CREATED);
        r.setPayload(payload);
        r.getOptions().setContentFormat(contentFormat);
        return r;
    }
}
