package id.kentongan.field;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.alert.Post;
import id.kentongan.dispatch.AlertLevel;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code GET /level}, observable: the post's alert level, for a field display or a remote siren node
 * that follows it. Notifications are confirmable, so a siren node that missed one hears it again.
 * {@link #set} from the {@code kentongan-field-ack} thread; GETs on Californium's threads.
 *
 * <pre>{"village":"sukamaju","post":"rt03-rw05","level":"life-safety","pattern":"titir","openAlerts":1,"seq":42}</pre>
 * ({@code level} is {@code none} when nothing sounds.) Until village-wide alerts exist, the village's
 * level is the post's own.
 */
final class LevelResource extends CoapResource {

    private final Post post;
    private volatile AlertLevel level = AlertLevel.QUIET;

    LevelResource(Post post) {
        super("level");
        this.post = post;
        setObservable(true);
        setObserveType(CoAP.Type.CON);
        getAttributes().setObservable();
        getAttributes().setTitle("alert level of the post (GET, observable)");
    }

    void set(AlertLevel l) {
        level = l;
        changed();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        AlertLevel l = level;
        ObjectNode o = JsonNodeFactory.instance.objectNode(); // no mapper of its own: one costs a start 70 ms
        o.put("village", post.village());
        o.put("post", post.id());
        o.put("level", l.level());
        o.put("pattern", l.pattern());
        o.put("openAlerts", l.openAlerts());
        o.put("seq", l.lastSeq());
        exchange.respond(ResponseCode.CONTENT, o.toString(), MediaTypeRegistry.APPLICATION_JSON);
    }
}
