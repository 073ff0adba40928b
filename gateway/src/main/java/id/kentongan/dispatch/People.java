package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;

import java.util.List;
import java.util.function.Consumer;

/**
 * The loop's side of SMS (#13), in one room: the {@link PhoneTree} and the residents' {@link Reports},
 * and what they ask of the loop (journal this, acknowledge that, raise a confirmed report's alarm) done
 * with the loop's other parts. The loop calls it at a handful of points and otherwise knows nothing of
 * people. Loop thread only.
 */
final class People {

    /** How the loop raises an alarm with its sirens, as a centre's alert sounds. */
    interface Raise {
        OpenAlert alarm(AlertKind kind, String zone, String source);
    }

    private final Site site;
    private final Stamper stamper;
    private final OpenAlerts open;
    private final Sirens sirens;
    private final Consumer<Event> hand;
    private final PhoneTree tree;
    private final Reports reports;

    People(Site site, Stamper stamper, OpenAlerts open, Sirens sirens, Consumer<Event> hand, Raise raise) {
        this.site = site;
        this.stamper = stamper;
        this.open = open;
        this.sirens = sirens;
        this.hand = hand;
        this.tree = new PhoneTree(site.people(), new PhoneTree.Loop() {
            @Override
            public void page(OpenAlert alarm, int level) {
                hand.accept(about(AlertKind.PAGED, "phone-tree", alarm).withValue((double) level));
            }

            @Override
            public void acknowledged(OpenAlert alarm, String role) {
                open.acknowledge(List.of(alarm)); // as the centre's word: publishing again stops too
                sirens.showAcknowledged(open.latestAcknowledged());
                hand.accept(about(AlertKind.ACKNOWLEDGED, "sms:" + role, alarm));
            }

            @Override
            public void relay(OpenAlert alarm) {
                hand.accept(about(AlertKind.SENT_BY_SMS, "sms", alarm));
            }
        });
        this.reports = new Reports(site.post(), new Reports.Loop() {
            @Override
            public Event journal(AlertKind kind, String source, String zone, Event.MsgType type, String references,
                                 String words) {
                Event e = stamper.own(kind, source, zone, type, references).withText(words);
                hand.accept(e);
                return e;
            }

            @Override
            public OpenAlert alarm(AlertKind kind, String zone, String source) {
                return raise.alarm(kind, zone, source);
            }
        });
    }

    private Event about(AlertKind kind, String source, OpenAlert alarm) {
        return stamper.own(kind, source, alarm.event.zone(), Event.MsgType.Update,
                CapJson.reference(alarm.event, site.post()));
    }

    /** A new alert, after its own event was handed on. */
    void raised(OpenAlert alert) {
        tree.raised(alert);
    }

    /** Owner thread, at start: after the open alerts were restored. */
    void restore(List<Event> recent) {
        open.all().forEach(tree::raised);
        tree.restore(recent); // levels already paged are not paged again
        reports.restore(recent);
    }

    void cleared(List<OpenAlert> alerts) {
        alerts.forEach(tree::stop);
    }

    void input(Input.Reply r) {
        tree.reply(r, open.all()); // acknowledges at most; sounds nothing
    }

    void input(Input.Report r) {
        reports.report(r); // held for the guard; sounds nothing by itself
    }

    void decide(Input.Command c) {
        reports.decide(c);
    }

    void uplinkLost() {
        tree.uplinkLost(open.all()); // the second path: life-safety alarms to the duty phone
    }

    void uplinkChanged() {
        tree.uplinkBack(); // lost again only after the grace period
    }

    void timers(long now) {
        tree.timers(now);
    }

    long nextDeadline() {
        return tree.nextDeadline();
    }

    List<LoopStatus.PagingView> paging(long now) {
        return tree.views(now);
    }

    List<LoopStatus.ReportView> reports() {
        return reports.views();
    }
}
