package id.kentongan.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Event;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command centre's commands as they arrive over MQTT: checked by the {@link CommandGuard}, then
 * handed to the dispatch loop (ack, all-clear, silence, alert, test, drill, a relayed CAP alert) or
 * answered here (replay from the journal). Every command gets an answer on the result topic.
 * Owned by the {@code kentongan-uplink} thread, like the {@link Publisher} it belongs to.
 */
final class CommandReceiver {

    private static final Logger log = LoggerFactory.getLogger(CommandReceiver.class);

    private final CommandGuard guard;
    private final Publisher publisher;
    private final Journal journal;
    private final Inbox loop;

    CommandReceiver(CommandGuard guard, Publisher publisher, Journal journal, Inbox loop) {
        this.guard = guard;
        this.publisher = publisher;
        this.journal = journal;
        this.loop = loop;
    }

    /**
     * @param oversized the size of the MQTT packet if the packet limit dropped its payload unread
     *                  ({@code payload} is then empty), otherwise -1
     */
    void receive(String topic, byte[] payload, boolean retained, long oversized) {
        CommandGuard.Verified v;
        try {
            if (oversized >= 0) {
                throw guard.refuse(CommandGuard.Reason.OVERSIZED, String.format(Locale.ROOT, "a%s message of %,d "
                        + "bytes, over the MQTT packet limit of %,d: its payload was dropped unread",
                        retained ? " retained" : "", oversized, PacketLimit.MAX_PACKET_BYTES));
            }
            if (retained) {
                // a retained command would be handed to every post at every connect: never obeyed
                throw guard.refuse(CommandGuard.Reason.RETAINED, "retained commands are refused: the broker would "
                        + "hand it to every post at every connect");
            }
            v = guard.check(topic, payload);
        } catch (CommandGuard.Refused r) {
            log.warn("uplink: command on {} refused: {}", topic, r.getMessage());
            publisher.result(topic.substring(topic.lastIndexOf('/') + 1), r.nonce, false, r.getMessage());
            return;
        }
        String verb = v.verb();
        JsonNode a = v.args();
        try {
            if (verb.equals("replay")) {
                replay(v, a.path("from").asLong(), a.path("to").asLong());
                return;
            }
            if (verb.equals("cap")) {
                relayCap(v, a.path("xml").asText());
                return;
            }
            Input.Command.Verb loopVerb = switch (verb) {
                case "ack" -> Input.Command.Verb.ACK;
                case "all-clear" -> Input.Command.Verb.ALL_CLEAR;
                case "silence" -> Input.Command.Verb.SILENCE;
                case "alert" -> Input.Command.Verb.ALERT;
                case "test" -> Input.Command.Verb.TEST;
                case "drill" -> Input.Command.Verb.DRILL;
                case "report-confirm" -> Input.Command.Verb.REPORT_CONFIRM; // a resident's SMS report (#13)
                case "report-dismiss" -> Input.Command.Verb.REPORT_DISMISS;
                default -> throw new IllegalArgumentException("unknown verb '" + verb + "' (ack, all-clear, silence, "
                        + "alert, test, drill, report-confirm, report-dismiss, replay, cap)");
            };
            String kindName = a.path("kind").isTextual() ? a.path("kind").asText() : null;
            id.kentongan.alert.AlertKind kind = kindName == null ? null
                    : id.kentongan.alert.AlertKind.fromWireName(kindName);
            if (kindName != null && kind == null) {
                throw new IllegalArgumentException("unknown kind '" + kindName + "'");
            }
            List<String> refs = a.path("report").canConvertToLong() ? List.of(Long.toString(a.path("report").asLong()))
                    : strings(a.path("refs"));
            Input.Command c = new Input.Command(loopVerb, refs, kind,
                    a.path("pattern").isTextual() ? a.path("pattern").asText() : null, strings(a.path("zones")),
                    v.keyId(), new id.kentongan.dispatch.CommandReply() {
                        @Override
                        public void accepted(String detail) {
                            publisher.commandResult(verb, v.nonce(), true, detail);
                        }

                        @Override
                        public void rejected(String reason) {
                            publisher.commandResult(verb, v.nonce(), false, reason);
                        }
                    });
            log.info("uplink: command {} from {} accepted for the dispatch loop", verb, v.keyId());
            if (!loop.offer(c)) {
                publisher.result(verb, v.nonce(), false, "busy: the post's inbox is full, send it again");
            }
        } catch (IllegalArgumentException e) {
            publisher.result(verb, v.nonce(), false, guard.refuse(CommandGuard.Reason.MALFORMED, e.getMessage())
                    .getMessage());
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            n.forEach(x -> {
                if (!x.isTextual()) {
                    throw new IllegalArgumentException("lists must hold strings");
                }
                out.add(x.asText());
            });
        } else if (!n.isMissingNode() && !n.isNull()) {
            throw new IllegalArgumentException("expected a string or a list of strings");
        }
        return out;
    }

    /**
     * A CAP 1.2 alert relayed by a centre (for example the national agency's warning): checked against
     * the OASIS schema, then sounded as the centre's alert for the zones its areas name (the profile's
     * {@code centre.cap_areas}; no area named, or one the profile does not know: the whole village; known
     * areas none of whose zones are this post's: nothing sounds, see {@link id.kentongan.alert.CapAreas}).
     * Severity picks the pattern: Extreme titir, Severe temporal-3; below that nothing sounds. CAP
     * status Exercise and Test become a drill and a test, with the test pattern.
     */
    private void relayCap(CommandGuard.Verified v, String xml) {
        id.kentongan.alert.CapXml.Incoming in;
        try {
            in = id.kentongan.alert.CapXml.parse(xml);
        } catch (IllegalArgumentException e) {
            publisher.result("cap", v.nonce(), false, guard.refuse(CommandGuard.Reason.MALFORMED, e.getMessage())
                    .getMessage());
            return;
        }
        if (!in.msgType().equals("Alert")) {
            publisher.result("cap", v.nonce(), false, "msgType " + in.msgType() + " is not sounded; clear with all-clear");
            return;
        }
        Input.Command.Verb verb = switch (in.status()) {
            case "Actual" -> Input.Command.Verb.ALERT;
            case "Exercise" -> Input.Command.Verb.DRILL;
            case "Test" -> Input.Command.Verb.TEST;
            default -> null;
        };
        String pattern = switch (in.severity()) {
            case "Extreme" -> "titir";
            case "Severe" -> "temporal-3";
            default -> null;
        };
        if (verb == null || pattern == null) {
            publisher.result("cap", v.nonce(), true, "status " + in.status() + ", severity " + in.severity()
                    + ": below what the sirens are for; not sounded");
            return;
        }
        id.kentongan.alert.AlertKind kind = switch (in.category()) {
            case "Fire" -> id.kentongan.alert.AlertKind.FIRE;
            case "Met" -> id.kentongan.alert.AlertKind.FLOOD;
            default -> id.kentongan.alert.AlertKind.OFFICIAL_WARNING;
        };
        id.kentongan.alert.CapAreas.Reach reach = publisher.capAreas().reach(in.areas());
        List<String> named = in.areas().stream().map(id.kentongan.alert.CapXml.Area::desc).toList();
        if (!reach.wholeVillage() && reach.zones().isEmpty()) {
            publisher.result("cap", v.nonce(), true, "not for this post's zones: CAP area " + named + " (CAP "
                    + in.identifier() + ")");
            return;
        }
        String where = reach.unknown().isEmpty() ? "" : "; area " + reach.unknown()
                + " not in the profile's centre.cap_areas, so the whole village";
        String issuer = v.keyId() + " relaying " + in.sender();
        Input.Command c = new Input.Command(verb, List.of(), kind, pattern, reach.zones(), issuer,
                new id.kentongan.dispatch.CommandReply() {
                    @Override
                    public void accepted(String detail) {
                        publisher.commandResult("cap", v.nonce(), true, detail + " (CAP " + in.identifier() + where
                                + ")");
                    }

                    @Override
                    public void rejected(String reason) {
                        publisher.commandResult("cap", v.nonce(), false, reason);
                    }
                });
        if (!loop.offer(c)) {
            publisher.result("cap", v.nonce(), false, "busy: the post's inbox is full, send it again");
        }
    }

    /** The centre saw a gap in the sequence numbers: send that range again from the journal. */
    private void replay(CommandGuard.Verified v, long from, long to) {
        if (from < 1 || to < from || to - from >= DeliveryQueue.CAPACITY) {
            publisher.result("replay", v.nonce(), false, guard.refuse(CommandGuard.Reason.MALFORMED, "need 1 <= from "
                    + "<= to, at most " + DeliveryQueue.CAPACITY + " events").getMessage());
            return;
        }
        List<Event> rows;
        try {
            rows = journal.range(from, to);
        } catch (SQLException e) {
            publisher.result("replay", v.nonce(), false, "journal: " + e.getMessage());
            return;
        }
        int queued = publisher.resend(rows);
        publisher.result("replay", v.nonce(), true, "resending " + queued + " of " + rows.size() + " events " + from
                + ".." + to);
    }

}
