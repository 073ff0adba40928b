package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Priority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The phone tree (<i>pohon telepon</i>) as the dispatch loop runs it: a real alarm nobody has
 * acknowledged pages its kind's level 1 when that level's time has come, then level 2 after its wait, and
 * so on; the centre's acknowledgement, an {@code OK} from a person listed for the alarm's kind, or the
 * all-clear stops it. An {@code OK} only acknowledges: it never sounds anything. And while the uplink is
 * lost, each life-safety alarm goes to the centre's duty phone too. Part of the loop: called on the loop
 * thread only; what it decides, the loop journals (the SMS themselves are the journal's to plan).
 */
final class PhoneTree {

    /** What the phone tree asks of the dispatch loop. */
    interface Loop {
        /** Level {@code level} of the tree is paged for {@code alarm}: journal it (the SMS follow from it). */
        void page(OpenAlert alarm, int level);

        /** A listed person took {@code alarm}: acknowledge it as the centre's word would, naming their role. */
        void acknowledged(OpenAlert alarm, String role);

        /** Send {@code alarm} to the centre's duty phone by SMS, the uplink being lost: journal that. */
        void relay(OpenAlert alarm);
    }

    /** An alarm being escalated: levels paged so far, and when the next one is due (nano clock). */
    private static final class Escalation {
        final OpenAlert alarm;
        final List<Site.People.Level> levels;
        int paged;
        long next;

        Escalation(OpenAlert alarm, List<Site.People.Level> levels) {
            this.alarm = alarm;
            this.levels = levels;
            this.next = alarm.raisedAt + levels.get(0).afterNanos();
        }
    }

    private final Site.People people;
    private final Loop loop;
    private final LinkedHashMap<Long, Escalation> escalating = new LinkedHashMap<>();
    private boolean uplinkLost;

    PhoneTree(Site.People people, Loop loop) {
        this.people = people;
        this.loop = loop;
    }

    /** A new alert: a real alarm with a tree starts its escalation; while the uplink is lost a life-safety one is relayed. */
    void raised(OpenAlert a) {
        Event e = a.event;
        if (!e.priority().isAlarm() || e.status() != Event.CapStatus.Actual) {
            return; // tests and drills page nobody: a drill of the tree is a drill the people agree to
        }
        List<Site.People.Level> levels = people.tree().get(e.kind());
        if (levels != null && !levels.isEmpty()) {
            escalating.put(e.seq(), new Escalation(a, levels));
        }
        if (uplinkLost && people.duty() && e.priority() == Priority.LIFE_SAFETY) {
            loop.relay(a);
        }
    }

    /**
     * Owner thread, at start: the levels already paged for the alarms held open again, from the journal's
     * recent events, so a restart pages no level twice.
     */
    void restore(List<Event> recent) {
        for (Event e : recent) {
            if (e.kind() != AlertKind.PAGED || e.value() == null) {
                continue;
            }
            for (String id : CapJson.referencedIdentifiers(e.references())) {
                for (Escalation x : escalating.values()) {
                    if (x.alarm.event.identifier().equals(id) && e.value() > x.paged) {
                        x.paged = e.value().intValue();
                        x.next = x.paged < x.levels.size() ? x.alarm.raisedAt + x.levels.get(x.paged).afterNanos()
                                : Long.MAX_VALUE;
                    }
                }
            }
        }
    }

    /** The centre acknowledged it, the all-clear came, or the loop let it go: no more paging. */
    void stop(OpenAlert a) {
        escalating.remove(a.event.seq());
    }

    /**
     * An {@code OK} from a person of the register. It takes the alarm it names ({@code alarmSeq}), else the
     * newest open real alarm the person is listed for; a person not listed for it, or no such alarm, changes
     * nothing but a counter.
     */
    void reply(Input.Reply r, Collection<OpenAlert> open) {
        OpenAlert hit = null;
        for (OpenAlert a : open) {
            Event e = a.event;
            boolean named = r.alarmSeq() < 0 || e.seq() == r.alarmSeq();
            if (named && e.priority().isAlarm() && e.status() == Event.CapStatus.Actual
                    && a.state != OpenAlert.State.ACKNOWLEDGED && people.lists(e.kind(), r.person())) {
                hit = a; // the newest wins: open alerts are oldest first
            }
        }
        if (hit == null) {
            return; // not listed for any open alarm, or naming none: nothing changes
        }
        escalating.remove(hit.event.seq());
        loop.acknowledged(hit, r.role());
    }

    /** The uplink has been lost for its grace period: open unacknowledged life-safety alarms go to the duty phone. */
    void uplinkLost(Collection<OpenAlert> open) {
        uplinkLost = true;
        if (!people.duty()) {
            return;
        }
        for (OpenAlert a : new ArrayList<>(open)) {
            Event e = a.event;
            if (e.priority() == Priority.LIFE_SAFETY && e.status() == Event.CapStatus.Actual
                    && e.msgType() == Event.MsgType.Alert && a.state != OpenAlert.State.ACKNOWLEDGED) {
                loop.relay(a);
            }
        }
    }

    void uplinkBack() {
        uplinkLost = false;
    }

    void timers(long now) {
        if (escalating.isEmpty()) {
            return; // every turn of the loop: no iterator made for nothing
        }
        for (Iterator<Escalation> it = escalating.values().iterator(); it.hasNext(); ) {
            Escalation x = it.next();
            if (x.alarm.state == OpenAlert.State.ACKNOWLEDGED) {
                it.remove(); // taken some other way
                continue;
            }
            while (x.paged < x.levels.size() && now >= x.next) {
                x.paged++;
                loop.page(x.alarm, x.paged);
                x.next = x.paged < x.levels.size() ? x.alarm.raisedAt + x.levels.get(x.paged).afterNanos()
                        : Long.MAX_VALUE;
            }
            if (x.paged >= x.levels.size()) {
                it.remove();
            }
        }
    }

    long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (escalating.isEmpty()) {
            return next; // every turn asks: no iterator made (an allocation under C1) when nobody is paged
        }
        for (Escalation x : escalating.values()) {
            next = Math.min(next, x.next);
        }
        return next;
    }

    /** Status: each alarm being escalated, the levels paged and the time to the next. */
    List<LoopStatus.PagingView> views(long now) {
        List<LoopStatus.PagingView> out = new ArrayList<>();
        for (Escalation x : escalating.values()) {
            out.add(new LoopStatus.PagingView(x.alarm.event.seq(), x.paged, Math.max(0, (x.next - now) / 1_000_000)));
        }
        return out;
    }
}
