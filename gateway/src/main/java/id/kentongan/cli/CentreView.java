package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.CapJson;
import id.kentongan.uplink.PostVerifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a command centre knows of its posts, built only from what the broker carries: each post's
 * retained status (online/offline), the alerts it published with their acknowledgement state, and the
 * gaps in its sequence numbers (events the centre has not seen; a replay asks for them). Thread-safe:
 * MQTT messages and the operator's commands arrive on different threads.
 *
 * <p>Every line carries its message's mark ({@link WatchCommand#marked}). Only a message the centre
 * trusts changes what it knows: one whose post's signature checks out, or, when the centre holds no
 * post's key at all (and has said so at start), one that is merely unsigned. A forged message is shown
 * and changes nothing: a forged Cancel clears no alert, a forged alert cannot take a real one's
 * identifier, a forged "offline" takes no post offline.
 */
final class CentreView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PostVerifier verifier;

    /** A view that holds no post's key: every message is unverified, and believed as before. */
    CentreView() {
        this(new PostVerifier(Map.of()));
    }

    CentreView(PostVerifier verifier) {
        this.verifier = verifier;
    }

    PostVerifier.Verdict verdict(String topic, byte[] payload) {
        return verifier.check(topic, payload);
    }

    /** Whether a message with this verdict may change what the centre knows. */
    boolean trusts(PostVerifier.Verdict v) {
        return v.verified() || (!verifier.holdsKeys() && v.mark() == PostVerifier.Mark.UNVERIFIED);
    }

    /** A post as the centre sees it. */
    static final class PostState {
        String status = "unknown";
        long boot;
        long highestSeq;
        final TreeSet<Long> missing = new TreeSet<>();
    }

    /** An alert as the centre sees it. */
    static final class AlertState {
        final int number;
        final CapJson.Summary alert;
        String state = "open";

        AlertState(int number, CapJson.Summary alert) {
            this.number = number;
            this.alert = alert;
        }
    }

    private final Map<String, PostState> posts = new LinkedHashMap<>();
    private final Map<String, AlertState> alerts = new LinkedHashMap<>();

    /** @return a line worth printing about the message, or {@code null} */
    String onMessage(String topic, byte[] payload) {
        return onMessage(topic, payload, verdict(topic, payload));
    }

    /** As {@link #onMessage(String, byte[])}, with the message's verdict already made. */
    synchronized String onMessage(String topic, byte[] payload, PostVerifier.Verdict v) {
        String[] t = topic.split("/");
        if (t.length < 2) {
            return null;
        }
        String last = t[t.length - 1];
        String post = t.length >= 3 ? t[t.length - 3] + "/" + t[t.length - 2] : topic;
        if (!trusts(v)) {
            return switch (last) {
                case "status", "alert", "result" -> WatchCommand.marked(v, last + "  " + topic + "  "
                        + (last.equals("alert") ? WatchCommand.line(payload) : printable(payload)));
                default -> null;
            };
        }
        try {
            switch (last) {
                case "status" -> {
                    JsonNode s = JSON.readTree(payload);
                    PostState p = posts.computeIfAbsent(post, k -> new PostState());
                    p.status = s.path("state").asText("unknown");
                    p.boot = s.path("boot").asLong(p.boot);
                    return WatchCommand.marked(v, "post    " + post + " is "
                            + p.status.toUpperCase(Locale.ROOT));
                }
                case "alert" -> {
                    CapJson.Summary a = CapJson.decode(payload);
                    String postId = a.village() + "/" + a.post();
                    PostState p = posts.computeIfAbsent(postId, k -> new PostState());
                    String gap = seen(p, a.seq());
                    AlertState known = alerts.get(a.identifier());
                    if (known != null) {
                        return null; // a re-publish of one we have: it is still unacknowledged there
                    }
                    if (a.msgType().equals("Cancel") || a.msgType().equals("Update")) {
                        Set<String> referenced = new HashSet<>();
                        // CAP references: space-separated "sender,identifier,sent" triples; compare exactly
                        for (String triple : JSON.readTree(payload).path("references").asText("").split(" ")) {
                            String[] parts = triple.split(",");
                            if (parts.length == 3) {
                                referenced.add(parts[1]);
                            }
                        }
                        for (AlertState s : alerts.values()) {
                            if (referenced.contains(s.alert.identifier())) {
                                s.state = a.msgType().equals("Cancel") ? "cleared" : s.state.equals("open")
                                        ? a.kind() : s.state;
                            }
                        }
                    }
                    AlertState s = new AlertState(alerts.size() + 1, a);
                    alerts.put(a.identifier(), s);
                    return "#" + s.number + "  " + WatchCommand.marked(v, WatchCommand.line(payload))
                            + (gap == null ? "" : "\n" + gap);
                }
                case "result" -> {
                    JsonNode r = JSON.readTree(payload);
                    return WatchCommand.marked(v, "result  " + post + " " + r.path("verb").asText() + ": "
                            + r.path("result").asText() + " " + r.path(r.has("detail") ? "detail" : "reason").asText());
                }
                default -> {
                    return null;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return "(unreadable message on " + topic + ": " + e.getMessage() + ")";
        }
    }

    /** A payload shown as text, cut short: a forged one may be anything. */
    private static String printable(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 300), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?") + (payload.length > 300 ? "..." : "");
    }

    private static String seen(PostState p, long seq) {
        if (seq <= 0) {
            return null;
        }
        p.missing.remove(seq);
        String gap = null;
        if (p.highestSeq > 0 && seq > p.highestSeq + 1) {
            for (long s = p.highestSeq + 1; s < seq && p.missing.size() < 10_000; s++) {
                p.missing.add(s);
            }
            gap = "gap     events " + (p.highestSeq + 1) + ".." + (seq - 1) + " not seen (ask: replay <post> "
                    + (p.highestSeq + 1) + " " + (seq - 1) + ")";
        }
        p.highestSeq = Math.max(p.highestSeq, seq);
        return gap;
    }

    /** The alert's identifier for {@code #n} or an identifier; {@code null} if unknown. */
    synchronized AlertState alert(String ref) {
        if (ref.startsWith("#")) {
            for (AlertState a : alerts.values()) {
                if (("#" + a.number).equals(ref)) {
                    return a;
                }
            }
            return null;
        }
        return alerts.get(ref);
    }

    synchronized void acknowledged(String identifier) {
        AlertState a = alerts.get(identifier);
        if (a != null && a.state.equals("open")) {
            a.state = "acknowledged";
        }
    }

    synchronized List<String> postsReport() {
        List<String> out = new ArrayList<>();
        posts.forEach((id, p) -> out.add(String.format("%-28s %-8s boot %-3d last #%-6d%s", id, p.status, p.boot,
                p.highestSeq, p.missing.isEmpty() ? "" : "  missing " + ranges(p.missing))));
        return out;
    }

    synchronized List<String> alertsReport() {
        List<String> out = new ArrayList<>();
        for (AlertState a : alerts.values()) {
            if (!a.alert.priority().equals("telemetry") && a.alert.msgType().equals("Alert")) {
                out.add(String.format("#%-4d %-13s %-12s %-14s %-28s %s", a.number, a.state, a.alert.priority(),
                        a.alert.kind(), a.alert.village() + "/" + a.alert.post(), a.alert.identifier()));
            }
        }
        return out;
    }

    private static String ranges(TreeSet<Long> s) {
        StringBuilder b = new StringBuilder();
        Long start = null;
        Long prev = null;
        for (long v : s) {
            if (start == null) {
                start = v;
            } else if (v != prev + 1) {
                b.append(start).append(start.equals(prev) ? "" : ".." + prev).append(' ');
                start = v;
            }
            prev = v;
        }
        if (start != null) {
            b.append(start).append(start.equals(prev) ? "" : ".." + prev);
        }
        return b.toString().trim();
    }
}
