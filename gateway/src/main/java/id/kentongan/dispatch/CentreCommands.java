package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;

import java.util.List;

/**
 * The centre's commands and the guard's silence: acknowledge or clear named alerts (all-clear naming none
 * clears every one), silence the sirens, decide a resident's report, sound a centre's alert, test or drill.
 * Each is journaled when it changed something, so it outlives a restart and other centres see who took it.
 * Loop thread only; it raises and hands events on through the {@link Loop}.
 */
final class CentreCommands {

    /** What a command asks of the loop. */
    interface Loop {
        /** Raises a centre's alert, test or drill on the post's sounders: outputs first. */
        OpenAlert raise(CentreOrder order, String issuer);

        /** Hands a new event to the journal and the uplink. */
        void hand(Event e);
    }

    private final Site site;
    private final Stamper stamper;
    private final OpenAlerts open;
    private final Sirens sirens;
    private final People people;
    private final Loop loop;

    CentreCommands(Site site, Stamper stamper, OpenAlerts open, Sirens sirens, People people, Loop loop) {
        this.site = site;
        this.stamper = stamper;
        this.open = open;
        this.sirens = sirens;
        this.people = people;
        this.loop = loop;
    }

    void command(Input.Command c) {
        String issuer = "centre:" + c.issuer();
        switch (c.verb()) {
            case ACK, ALL_CLEAR -> { // the centre's word on named alerts (all-clear naming none: every one)
                boolean ack = c.verb() == Input.Command.Verb.ACK;
                boolean all = !ack && c.refs().isEmpty();
                List<OpenAlert> found = all ? open.all() : open.find(c.refs());
                if (found == null) {
                    c.reply().rejected("no open alert " + open.missing(c.refs()));
                    return;
                }
                if (ack) {
                    open.acknowledge(found);
                } else {
                    sirens.clear(found, all);
                    open.clear(found);
                    people.cleared(found);
                }
                sirens.showAcknowledged(open.latestAcknowledged());
                if (!found.isEmpty()) { // journaled: it outlives a restart, and other centres see who took it
                    loop.hand(stamper.own(ack ? AlertKind.ACKNOWLEDGED : AlertKind.ALL_CLEAR, issuer,
                            site.post().zone(), ack ? Event.MsgType.Update : Event.MsgType.Cancel, references(found)));
                }
                c.reply().accepted((ack ? "acknowledged " : "cleared ") + found.size());
            }
            case SILENCE -> {
                silenceAll();
                c.reply().accepted("silenced");
            }
            case REPORT_CONFIRM, REPORT_DISMISS -> people.decide(c);
            case ALERT, TEST, DRILL -> {
                CentreOrder o = CentreOrder.read(c, site.centre(), site.post().zone());
                if (o != null) {
                    OpenAlert a = loop.raise(o, issuer);
                    c.reply().accepted(o.answer(a.event.identifier()));
                }
            }
        }
    }

    /** The sirens silenced, by a press of the silence input or a command; journaled if any was sounding. */
    void silenceAll() {
        List<OpenAlert> silenced = sirens.silence();
        if (!silenced.isEmpty()) {
            loop.hand(stamper.own(AlertKind.SIREN_SILENCED, "silence", site.post().zone(), Event.MsgType.Update,
                    references(silenced)));
        }
    }

    String references(List<OpenAlert> alerts) {
        return open.references(alerts, site.post());
    }
}
