package id.kentongan.uplink;

import id.kentongan.config.SiteProfile;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.dispatch.AlertLevel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Home Assistant MQTT discovery, opt-in ({@code home_assistant.discovery: true}): the post's sirens
 * (with the pattern names as tones), panic buttons as events, tamper contacts and the uplink as binary
 * sensors, all with availability tied to the post's status topic and its last will.
 *
 * <p>The sirens are shown, not commanded: Home Assistant's commands carry no signature, and a siren
 * that anyone on the broker could sound would be a way to cry wolf; commands come from a centre,
 * signed. Immutable; called on the uplink thread.
 *
 * @param inputs  the wired inputs: id, label, and whether it is a tamper contact (else a button)
 * @param sirens  the wired sirens and strobes: id, label
 * @param tones   the pattern names
 */
public record HomeAssistant(String prefix, Post post, Topics topics, List<Device> inputs, List<Device> sirens,
                            List<String> tones) {

    /** Discovery for the post of {@code profile}, or {@code null} when the profile does not ask for it. */
    public static HomeAssistant of(SiteProfile profile) {
        if (profile.homeAssistantPrefix() == null) {
            return null;
        }
        List<Device> ins = new ArrayList<>();
        for (SiteProfile.InputSpec i : profile.inputs()) {
            SiteProfile.Rule r = profile.rules().stream().filter(x -> x.input().equals(i.id())).findFirst().orElse(null);
            if (r != null && r.priority().isAlert()) {
                ins.add(new Device(i.id(), i.label(), r.kind() == AlertKind.TAMPER ? "tamper" : "button"));
            }
        }
        List<Device> sirens = profile.outputs().stream().filter(o -> o.role().sounds())
                .map(o -> new Device(o.id(), o.label(), "siren")).toList();
        return new HomeAssistant(profile.homeAssistantPrefix(), profile.post(),
                Topics.of(profile.uplink().topicRoot(), profile.post()), ins, sirens,
                profile.patterns().keySet().stream().sorted().toList());
    }

    /** A wired input or output, as Home Assistant names it. */
    public record Device(String id, String label, String kind) {
    }

    public record Message(String topic, byte[] payload, boolean retained) {
    }

    private String object(String id) {
        return "kentongan_" + post.village() + "_" + post.id() + "_" + id;
    }

    private String state(String what) {
        return topics.status().replace("/status", "/ha/" + what);
    }

    /** The retained discovery configs, published at every connect. */
    public List<Message> discovery() {
        List<Message> out = new ArrayList<>();
        for (Device s : sirens) {
            ObjectNode c = base(s.id(), s.label());
            c.put("state_topic", state("siren"));
            c.put("value_template", "{{ value_json.state }}");
            c.put("json_attributes_topic", state("siren"));
            ArrayNode t = c.putArray("available_tones");
            tones.forEach(t::add);
            c.put("optimistic", false);
            out.add(config("siren", s.id(), c));
        }
        for (Device in : inputs) {
            ObjectNode c = base(in.id(), in.label());
            if (in.kind().equals("tamper")) {
                c.put("device_class", "tamper");
                c.put("state_topic", state("tamper/" + in.id()));
                out.add(config("binary_sensor", in.id(), c));
            } else {
                c.put("device_class", "button");
                c.put("state_topic", state("event/" + in.id()));
                c.putArray("event_types").add("press");
                out.add(config("event", in.id(), c));
            }
        }
        ObjectNode u = base("uplink", "Uplink " + post.name());
        u.put("device_class", "connectivity");
        u.put("state_topic", state("uplink"));
        out.add(config("binary_sensor", "uplink", u));
        return out;
    }

    private ObjectNode base(String id, String name) {
        ObjectNode c = SignedCommand.JSON.createObjectNode();
        c.put("name", name);
        c.put("unique_id", object(id));
        c.put("object_id", object(id));
        c.put("availability_topic", topics.status());
        c.put("availability_template", "{{ value_json.state }}");
        c.put("payload_available", "online");
        c.put("payload_not_available", "offline");
        ObjectNode d = c.putObject("device");
        d.putArray("identifiers").add("kentongan_" + post.village() + "_" + post.id());
        d.put("name", post.name());
        d.put("manufacturer", "Kentongan");
        d.put("model", "guard post gateway");
        return c;
    }

    private Message config(String component, String id, ObjectNode c) {
        return new Message(prefix + "/" + component + "/" + object(id) + "/config",
                c.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** The uplink is up: said once per connection, retained. */
    public Message uplinkOn() {
        return new Message(state("uplink"), "ON".getBytes(StandardCharsets.UTF_8), true);
    }

    /** The post's level changed: every siren's state and tone. */
    public Message level(AlertLevel l) {
        ObjectNode o = SignedCommand.JSON.createObjectNode();
        o.put("state", l.pattern().isEmpty() ? "OFF" : "ON");
        o.put("tone", l.pattern());
        o.put("level", l.level());
        return new Message(state("siren"), o.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** What an event means to Home Assistant, if anything: a button press or a tamper contact opening. */
    public Message event(Event e) {
        for (Device in : inputs) {
            if (in.id().equals(e.source())) {
                if (e.kind() == AlertKind.TAMPER) {
                    return new Message(state("tamper/" + in.id()), "ON".getBytes(StandardCharsets.UTF_8), true);
                }
                return new Message(state("event/" + in.id()), ("{\"event_type\":\"press\",\"identifier\":\""
                        + e.identifier() + "\"}").getBytes(StandardCharsets.UTF_8), false);
            }
        }
        return null;
    }
}
