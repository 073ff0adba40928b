package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The field nodes as the dispatch loop sees them: retries recognised by the node's own event names,
 * the same danger answered with its open alert, heartbeats, one node-silent alert per silence and one
 * node-returned once the node has spoken steadily again for a silence period (a flapping node keeps its
 * silence open rather than giving a pair per flap), low battery and tamper once per episode. Part of the loop:
 * called on the loop thread only, raising alerts through the loop.
 */
final class FieldNodes {

    /** What field nodes ask of the dispatch loop. */
    interface Loop {
        /** Raises an alert (outputs first, then journal and uplink), as the loop does for any input. */
        OpenAlert raise(AlertKind kind, String source, String zone, String ref, Double value, int[] outs,
                        SirenPattern pattern, long at, long maxSoundingNanos);

        /** A node reported silent speaks again: the loop closes that alert and says so. */
        void returned(OpenAlert silent);

        /** A checkpoint node read a guard's card (#14): the visit journaled, or {@code null} and {@code why}. */
        Event visit(int node, String card, long at, StringBuilder why);
    }

    /**
     * A node repeating an alarm that sounds nothing within this time gets its open alert back, as an
     * input that sounds nothing must rest for its {@code rearm} (default the same second) before its next
     * activation is a new event: a chattering contact beats the debounce many times a second, and each
     * beat would otherwise be one more alert. An alarm with a siren needs no such rule: a repeat while its
     * siren sounds already adds nothing.
     */
    static final long REARM_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int[] NO_OUTPUTS = new int[0];
    private static final long NOT_SPEAKING = Long.MIN_VALUE;

    private final Site site;
    private final InstantSource wall;
    private final Loop loop;
    private final NodeState[] nodes;
    /**
     * No node can fall silent before this nano time. A lower bound, not the exact minimum: a heartbeat
     * only moves a node's deadline later, so the loop rescans the nodes only when this passes (about
     * once per silence period), not on every turn: with 10,000 nodes a scan per turn cost more than
     * the press it delayed (P6).
     */
    private long nextCheck;

    /** @param start nano time from which a node never heard from is given its full grace */
    FieldNodes(Site site, long start, InstantSource wall, Loop loop) {
        this.site = site;
        this.wall = wall;
        this.loop = loop;
        this.nodes = new NodeState[site.nodes().size()];
        for (int n = 0; n < nodes.length; n++) {
            nodes[n] = new NodeState(start);
        }
        nextCheck = earliestSilence();
    }

    void remember(Map<String, Map<String, SourceEvent>> bySource) {
        for (int n = 0; n < nodes.length; n++) {
            var known = bySource.get(site.nodes().get(n).id());
            if (known != null) {
                known.forEach(nodes[n]::remember);
            }
        }
    }

    void event(Input.FieldEvent f, long now) {
        Site.NodeRule rule = site.nodes().get(f.node());
        NodeState node = nodes[f.node()];
        SourceEvent known = node.recent.get(f.ref());
        if (known != null && known.answers(f.kind(), wall.millis(), now)) {
            f.reply().accepted(known.seq(), known.identifier(), false); // a retry: the same answer
            return;
        }
        seen(f.node(), now);
        if (f.kind() == AlertKind.CHECKPOINT) { // the night watch's: a visit by a guard, not an alert of the node
            StringBuilder why = new StringBuilder();
            Event v = loop.visit(f.node(), f.card(), now, why);
            if (v == null) {
                f.reply().refused(why.toString());
                return;
            }
            node.remember(f.ref(), new SourceEvent(v.seq(), v.identifier(), f.kind(), v.sentMillis(), now));
            f.reply().accepted(v.seq(), v.identifier(), true);
            return;
        }
        OpenAlert previous = node.alertsByKind.get(f.kind());
        Long lastOfKind = node.lastEventAt.put(f.kind(), now);
        // as for an input: only an alarm that sounds nothing needs the rest (a sounding one is answered
        // with its alert while it sounds, and is new after a silence); telemetry is journaled every time
        boolean chatter = lastOfKind != null && now - lastOfKind < REARM_NANOS
                && f.kind().defaultPriority().isAlert() && (rule.pattern() == null || rule.outputs().length == 0);
        if (previous != null && (previous.stillSounding() || chatter)) {
            SourceEvent same = new SourceEvent(previous.event.seq(), previous.event.identifier(), f.kind(),
                    wall.millis(), now);
            // the same danger, still sounding, or a node repeating it within a second (as for a chattering
            // input): answered with the open alert
            node.remember(f.ref(), same);
            f.reply().accepted(same.seq(), same.identifier(), false);
            return;
        }
        OpenAlert alert = loop.raise(f.kind(), rule.id(), rule.zone(), f.ref(), f.value(), rule.outputs(),
                rule.pattern(), now, rule.maxSoundingNanos());
        node.alertsByKind.put(f.kind(), alert);
        node.remember(f.ref(), new SourceEvent(alert.event.seq(), alert.event.identifier(), f.kind(),
                alert.event.sentMillis(), now));
        f.reply().accepted(alert.event.seq(), alert.event.identifier(), true);
    }

    void heartbeat(int n, boolean batteryLow, boolean tamper, long at) {
        Site.NodeRule rule = site.nodes().get(n);
        NodeState node = nodes[n];
        seen(n, at);
        if (batteryLow && !node.batteryLow) {
            loop.raise(AlertKind.LOW_BATTERY, rule.id(), rule.zone(), null, null, NO_OUTPUTS, null, at, 0);
        }
        node.batteryLow = batteryLow;
        if (tamper && !node.tamper) {
            loop.raise(AlertKind.TAMPER, rule.id(), rule.zone(), null, null, NO_OUTPUTS, null, at, 0);
        }
        node.tamper = tamper;
    }

    /**
     * A sign of life from node {@code n}. A silent node that speaks again is reported back once it has
     * been heard steadily (no gap of {@code silent_after}) for {@code silent_after}: a node flapping
     * around its threshold (a weak radio, a dying battery) keeps its one node-silent alert open instead of
     * giving a silent and a returned per flap. So a node gives at most one node-silent and one
     * node-returned per two silence periods, however it flaps.
     */
    private void seen(int n, long at) {
        NodeState node = nodes[n];
        long silentAfter = site.nodes().get(n).silentAfterNanos();
        if (node.silent != null && (node.speakingSince == NOT_SPEAKING || at - node.lastSeen >= silentAfter)) {
            node.speakingSince = at; // speaking again, or again after another gap: the steady time starts now
        }
        node.lastSeen = Math.max(node.lastSeen, at);
        node.everSeen = true;
        if (node.silent != null && at - node.speakingSince >= silentAfter) {
            OpenAlert silent = node.silent;
            node.silent = null;
            node.speakingSince = NOT_SPEAKING;
            nextCheck = Math.min(nextCheck, node.lastSeen + silentAfter);
            loop.returned(silent);
        }
    }

    void timers(long now) {
        if (now < nextCheck) {
            return;
        }
        for (int n = 0; n < nodes.length; n++) {
            NodeState node = nodes[n];
            Site.NodeRule rule = site.nodes().get(n);
            if (node.silent == null && now - node.lastSeen >= rule.silentAfterNanos()) {
                node.silent = loop.raise(AlertKind.NODE_SILENT, rule.id(), rule.zone(), null, null, NO_OUTPUTS, null,
                        now, 0); // once, until it speaks again
            }
        }
        nextCheck = earliestSilence();
    }

    long nextDeadline() {
        return nextCheck;
    }

    private long earliestSilence() {
        long next = Long.MAX_VALUE;
        for (int n = 0; n < nodes.length; n++) {
            if (nodes[n].silent == null) {
                next = Math.min(next, nodes[n].lastSeen + site.nodes().get(n).silentAfterNanos());
            }
        }
        return next;
    }

    List<LoopStatus.NodeView> views(long now) {
        List<LoopStatus.NodeView> out = new ArrayList<>();
        for (int n = 0; n < nodes.length; n++) {
            NodeState node = nodes[n];
            Site.NodeRule rule = site.nodes().get(n);
            out.add(new LoopStatus.NodeView(rule.id(), rule.zone(),
                    TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - node.lastSeen)),
                    node.silent == null ? (node.everSeen ? "ok" : "never-seen")
                            : node.speakingSince != NOT_SPEAKING && now - node.lastSeen < rule.silentAfterNanos()
                            ? "returning" : "silent", node.batteryLow,
                    node.tamper));
        }
        return out;
    }

    /** What the loop knows of one field node. */
    private static final class NodeState {
        static final int REMEMBERED = 64;
        long lastSeen;
        boolean everSeen;
        OpenAlert silent;
        /** While silent: since when the node has been heard again without a gap, or NOT_SPEAKING. */
        long speakingSince = NOT_SPEAKING;
        boolean batteryLow;
        boolean tamper;
        final Map<AlertKind, OpenAlert> alertsByKind = new EnumMap<>(AlertKind.class);
        /** When each kind of event last came from the node (nano clock), answered or raised. */
        final Map<AlertKind, Long> lastEventAt = new EnumMap<>(AlertKind.class);
        /** The node's recent event refs, oldest first, so its retries get the first answer. */
        final LinkedHashMap<String, SourceEvent> recent = new LinkedHashMap<>();

        NodeState(long start) {
            lastSeen = start;
        }

        void remember(String ref, SourceEvent e) {
            recent.remove(ref); // a stale entry of the same name (a reflashed node) gives way
            recent.put(ref, e);
            if (recent.size() > REMEMBERED) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }
}
