package id.kentongan.uplink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Residents;
import id.kentongan.dispatch.AlertLevel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the uplink publishes beside the events, none of it journaled: the answer to each command,
 * residents' messages and Home Assistant's (once per event, in the run it happened in), and alerts
 * escalated to the village. Makes the messages and sends them through its {@link SideQueue}, at most a
 * window in flight, so a burst waits its turn and the events keep their slots.
 *
 * <p>Threads: the {@code kentongan-uplink} thread only; {@code whenDone} is given each completion
 * and must hand it back to that thread, where {@link #done} is called.
 */
final class BesideEvents {

    private final MqttLink link;
    private final Topics topics;
    private final Post post;
    private final long boot;
    private final String topicRoot;
    private final UnaryOperator<byte[]> sign;
    private final MqttLink.Completion whenDone;
    private final SideQueue queue;
    private final OncePerRun toldResidents = new OncePerRun();
    private final OncePerRun toldHomeAssistant = new OncePerRun();
    private Residents residents = Residents.DEFAULTS;
    private HomeAssistant homeAssistant;

    BesideEvents(MqttLink link, Topics topics, Post post, long boot, String topicRoot, int window,
                 UnaryOperator<byte[]> sign, MqttLink.Completion whenDone) {
        this.link = link;
        this.topics = topics;
        this.post = post;
        this.boot = boot;
        this.topicRoot = topicRoot;
        this.sign = sign;
        this.whenDone = whenDone;
        this.queue = new SideQueue(window);
    }

    /** Before start: the residents' message templates. */
    void tellResidents(Residents residents) {
        this.residents = residents;
    }

    /** Before start: announce the post to Home Assistant (opt-in). */
    void announceTo(HomeAssistant ha) {
        this.homeAssistant = ha;
    }

    boolean announces() {
        return homeAssistant != null;
    }

    /**
     * The broker has an event (its PUBACK): a press is news once, in its run; a replay or an earlier run's
     * is old news.
     */
    void eventDelivered(Event e) {
        if (e.boot() != boot) {
            return;
        }
        if (homeAssistant != null && toldHomeAssistant.first(e.seq())) {
            ha(homeAssistant.event(e));
        }
        if (Residents.concerns(e) && toldResidents.first(e.seq())) {
            add(Residents.topic(topicRoot, post.village(), e.zone()), residents.message(e, post), false);
        }
    }

    /** The post's level changed; Home Assistant's siren state follows it. */
    void level(AlertLevel level) {
        if (homeAssistant != null) {
            ha(homeAssistant.level(level));
        }
    }

    /** A new connection: Home Assistant's discovery and availability again, then whatever waits. */
    void connected() {
        if (homeAssistant != null) {
            homeAssistant.discovery().forEach(this::ha);
            ha(homeAssistant.uplinkOn());
        }
        pump();
    }

    /** The answer to a command, on this post's result topic. */
    void result(String verb, String nonce, boolean accepted, String detail) {
        ObjectNode o = SignedCommand.JSON.createObjectNode();
        o.put("verb", verb);
        o.put("nonce", nonce);
        o.put("result", accepted ? "accepted" : "rejected");
        o.put(accepted ? "detail" : "reason", detail);
        o.put("village", post.village());
        o.put("post", post.id());
        add(topics.result(), sign.apply(o.toString().getBytes(StandardCharsets.UTF_8)), false);
    }

    /** An unacknowledged alert, for the whole village: waits until a connection takes it. */
    void escalate(Event event) {
        queue.add(SideQueue.Side.escalation(topics.villageAlert(), sign.apply(CapJson.encode(event, post)),
                event.seq()));
        pump();
    }

    private void ha(HomeAssistant.Message m) {
        if (m != null) {
            add(m.topic(), m.payload(), m.retained());
        }
    }

    private void add(String topic, byte[] payload, boolean retained) {
        queue.add(SideQueue.Side.message(topic, payload, retained));
        pump();
    }

    /** Sends what the link takes now; the rest waits for the next completion or connect. */
    void pump() {
        for (SideQueue.Side m = queue.next(); m != null && link.isConnected(); m = queue.next()) {
            try {
                link.publish(m.topic(), m.payload(), m.retained(), whenDone);
            } catch (IOException e) {
                return; // in-flight limit or link trouble
            }
            queue.sent();
        }
    }

    /** One message is done with (side messages are not sent again). */
    void done() {
        queue.done();
        pump();
    }

    void lost() {
        queue.lost();
    }

    Map<String, Long> dropped() {
        return queue.dropped();
    }
}
