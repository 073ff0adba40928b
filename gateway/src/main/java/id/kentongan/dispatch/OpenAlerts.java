package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The alerts the post holds open, oldest first, until a centre clears them: found by identifier for
 * the centre's acknowledgements and all-clears, and an alarm (life-safety, security) published again at
 * growing intervals and escalated to the village until a centre acknowledges it, since a broker's
 * PUBACK is only the broker's word, and a broker that dies loses what it held. Part of the dispatch
 * loop: called on the loop thread only, publishing through the {@link UplinkSink} (which never
 * blocks), with its own deadlines reported through {@link #nextDeadline()}.
 */
final class OpenAlerts {

    /** Open alerts kept; beyond this the oldest quiet ones are forgotten (they stay journaled). */
    static final int MAX_OPEN_ALERTS = 256;
    /** After a restart, alerts older than this are not held open again (when their age can be told). */
    static final long RESTORE_WITHIN_MILLIS = TimeUnit.DAYS.toMillis(1);

    private final Site.Centre centre;
    private final UplinkSink uplink;
    /**
     * Oldest (lowest sequence) first, so found by binary search. A list walked by index, not a map: the
     * loop reads it every turn (deadlines, timers, the level), and a map's iterator is an allocation each
     * time under C1, the service's compiler (bench P1's allocation profile, 2026-12-02).
     */
    private final ArrayList<OpenAlert> open = new ArrayList<>();
    private final StringBuilder refs = new StringBuilder(256);

    OpenAlerts(Site.Centre centre, UplinkSink uplink) {
        this.centre = centre;
        this.uplink = uplink;
    }

    /**
     * Holds {@code alert}, raised at nano time {@code at}, open; an alarm (not a test or drill) is then
     * published again until a centre acknowledges it.
     *
     * <p>Past {@link #MAX_OPEN_ALERTS} the oldest that is neither sounding nor waiting for the centre's
     * acknowledgement gives way; only when every open alert is one of those does the oldest silent one
     * go (and is no longer published again). Evicting by age alone dropped alarms the centre had never
     * received while hundreds of acknowledged ones stayed (BrokerKillsIT found it).
     */
    void hold(OpenAlert alert, long at) {
        alert.raisedAt = at;
        if (alert.event.priority().isAlarm() && alert.event.status() == Event.CapStatus.Actual) {
            alert.republishGap = centre.republishFirstNanos();
            alert.nextRepublish = at + alert.republishGap;
        }
        keep(alert);
    }

    /** No longer open (its node spoke again): nothing more is published for it. */
    void close(OpenAlert alert) {
        remove(alert.event.seq());
    }

    /** The broker PUBACKed event {@code seq}: if it is an open alert, it is delivered (not acknowledged). */
    void delivered(long seq) {
        int i = indexOf(seq);
        OpenAlert a = i < 0 ? null : open.get(i);
        if (a != null && a.state == OpenAlert.State.RAISED) {
            a.state = OpenAlert.State.DELIVERED;
        }
    }

    /** The open alerts named by {@code identifiers}; {@code null} if any is not open, or none is named. */
    List<OpenAlert> find(List<String> identifiers) {
        if (identifiers.isEmpty()) {
            return null; // an ack of nothing would be journaled and answered as if it had acknowledged
        }
        List<OpenAlert> out = new ArrayList<>();
        for (String id : identifiers) {
            OpenAlert hit = byIdentifier(id);
            if (hit == null) {
                return null;
            }
            if (!out.contains(hit)) { // named twice, acted on and answered once
                out.add(hit);
            }
        }
        return out;
    }

    /** Why {@link #find} found nothing to act on: the identifiers not open. */
    String missing(List<String> identifiers) {
        return identifiers.isEmpty() ? "named (give 'refs')" : String.join(", ", identifiers.stream()
                .filter(id -> byIdentifier(id) == null).toList());
    }

    /** Every open alert, oldest first, in a list of its own. */
    List<OpenAlert> all() {
        return new ArrayList<>(open);
    }

    /** A centre acknowledged {@code alerts}: no more publishing again, no escalation. */
    void acknowledge(List<OpenAlert> alerts) {
        for (OpenAlert a : alerts) {
            a.state = OpenAlert.State.ACKNOWLEDGED; // PUBACK never gets here: only the centre's word
            a.nextRepublish = Long.MAX_VALUE;
        }
    }

    /** A centre cleared {@code alerts}: they are no longer open. */
    void clear(List<OpenAlert> alerts) {
        for (OpenAlert a : alerts) {
            remove(a.event.seq());
        }
    }

    /** What the "acknowledged" LED shows: whether a centre has acknowledged the latest open alarm. */
    boolean latestAcknowledged() {
        OpenAlert latest = null;
        for (int i = 0; i < open.size(); i++) {
            OpenAlert a = open.get(i);
            if (a.event.priority().ordinal() <= Priority.SECURITY.ordinal()) {
                latest = a;
            }
        }
        return latest != null && latest.state == OpenAlert.State.ACKNOWLEDGED;
    }

    void timers(long now) {
        for (int i = 0; i < open.size(); i++) {
            OpenAlert a = open.get(i);
            if (now >= a.nextRepublish) {
                uplink.publish(a.event); // the same event, so the same identifier: subscribers deduplicate
                a.republishGap = Math.min(a.republishGap * 2, centre.republishMaxNanos());
                a.nextRepublish = now + a.republishGap;
            }
            if (!a.escalated && a.nextRepublish != Long.MAX_VALUE
                    && now - a.raisedAt >= centre.escalateAfterNanos()) {
                a.escalated = true; // the uplink keeps it until it is sent
                uplink.escalate(a.event);
            }
        }
    }

    /** The earliest re-publish or escalation, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < open.size(); i++) {
            OpenAlert a = open.get(i);
            next = Math.min(next, a.nextRepublish);
            if (!a.escalated && a.nextRepublish != Long.MAX_VALUE) {
                next = Math.min(next, a.raisedAt + centre.escalateAfterNanos());
            }
        }
        return next;
    }

    /**
     * The alerts the post held open when it stopped, from the journal's recent events in sequence order
     * (alerts not since cancelled by an all-clear), so that an unacknowledged alarm is still published
     * again and escalated after a restart, and a centre's ack or all-clear still finds it.
     *
     * <p>An alert's age comes from the wall clock only when both its stamp and the clock now are trusted
     * ({@code clockTrusted}); otherwise (a Pi that journaled on fake-hwclock's time and restarted after
     * NTP's step) its age is unknown: it is held open, and its escalation is timed from now, never
     * skipped or fired at once.
     */
    void restore(List<Event> recent, long now, long wallNow, boolean clockTrusted) {
        Map<String, OpenAlert> byId = new LinkedHashMap<>();
        for (Event e : recent) {
            if (e.msgType() == Event.MsgType.Alert && e.status() == Event.CapStatus.Actual
                    && e.priority().ordinal() <= Priority.SECURITY.ordinal()) {
                long age = clockTrusted && !e.unsynchronised() ? wallNow - e.sentMillis() : -1;
                if (age > RESTORE_WITHIN_MILLIS) {
                    continue;
                }
                OpenAlert a = new OpenAlert(e);
                a.raisedAt = now - TimeUnit.MILLISECONDS.toNanos(Math.max(0, age));
                if (e.priority().isAlarm()) {
                    a.republishGap = centre.republishFirstNanos();
                    a.nextRepublish = now + a.republishGap;
                }
                byId.put(e.identifier(), a);
            } else if (e.kind() == AlertKind.ALL_CLEAR) {
                CapJson.referencedIdentifiers(e.references()).forEach(byId::remove);
            } else if (e.kind() == AlertKind.ACKNOWLEDGED) {
                for (String id : CapJson.referencedIdentifiers(e.references())) {
                    OpenAlert a = byId.get(id);
                    if (a != null) {
                        a.state = OpenAlert.State.ACKNOWLEDGED;
                        a.nextRepublish = Long.MAX_VALUE;
                    }
                }
            }
        }
        byId.values().forEach(this::keep);
    }

    int size() {
        return open.size();
    }

    /**
     * The most important class among the alerts that sound (the post's alert level): its wire name, or
     * the status of a sounding test or drill if no real alert sounds, or {@code none}.
     */
    String soundingLevel() {
        Priority top = null;
        Event.CapStatus drill = null;
        for (int i = 0; i < open.size(); i++) {
            OpenAlert a = open.get(i);
            if (!a.stillSounding()) {
                continue;
            }
            if (a.event.status() != Event.CapStatus.Actual) {
                drill = a.event.status(); // test or exercise
            } else if (top == null || a.event.priority().ordinal() < top.ordinal()) {
                top = a.event.priority();
            }
        }
        return top != null ? top.wireName() : drill != null ? LoopStatus.wire(drill) : "none";
    }

    List<LoopStatus.AlertView> views() {
        List<LoopStatus.AlertView> out = new ArrayList<>(open.size());
        for (OpenAlert a : open) {
            Event e = a.event;
            out.add(new LoopStatus.AlertView(e.seq(), e.identifier(), e.kind().wireName(), e.priority().wireName(),
                    e.source(), e.sentMillis(), e.unsynchronised(), LoopStatus.wire(a.state), LoopStatus.wire(a.sound)));
        }
        return out;
    }

    /**
     * CAP references to {@code alerts}: space-separated {@code sender,identifier,sent} triples, written in
     * this part's own buffer (a triple is ~80 characters), so only the string itself is made.
     */
    String references(List<OpenAlert> alerts, Post post) {
        refs.setLength(0);
        for (int i = 0; i < alerts.size(); i++) {
            if (i > 0) {
                refs.append(' ');
            }
            CapJson.appendReference(refs, alerts.get(i).event, post);
        }
        return refs.toString();
    }

    private void keep(OpenAlert alert) {
        int i = indexOf(alert.event.seq());
        if (i >= 0) {
            open.set(i, alert);
        } else {
            open.add(-i - 1, alert); // at the end, but for a restore out of order
        }
        if (open.size() > MAX_OPEN_ALERTS && !evictFirst(a -> !a.stillSounding() && a.nextRepublish == Long.MAX_VALUE)) {
            evictFirst(a -> !a.stillSounding());
        }
    }

    private boolean evictFirst(Predicate<OpenAlert> which) {
        for (int i = 0; i < open.size(); i++) {
            if (which.test(open.get(i))) {
                open.remove(i);
                return true;
            }
        }
        return false;
    }

    private OpenAlert byIdentifier(String id) {
        for (int i = 0; i < open.size(); i++) {
            OpenAlert a = open.get(i);
            if (a.event.identifier().equals(id)) {
                return a;
            }
        }
        return null;
    }

    /** The index of the alert of event {@code seq}, or {@code -(insertion point) - 1}. */
    private int indexOf(long seq) {
        int lo = 0;
        int hi = open.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = open.get(mid).event.seq();
            if (at < seq) {
                lo = mid + 1;
            } else if (at > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    private void remove(long seq) {
        int i = indexOf(seq);
        if (i >= 0) {
            open.remove(i);
        }
    }
}
