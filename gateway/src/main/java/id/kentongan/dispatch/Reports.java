package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Residents' reports by SMS (<i>lapor</i>) as the dispatch loop holds them: each journaled and published
 * as a report (a report, not an observation: it sounds nothing), open for the guard until confirmed or
 * dismissed, by {@code kentongan report confirm|dismiss N} or the centre's signed command. Confirming
 * raises the report's alarm with its siren, as the centre's alert would; dismissing closes it. Both are
 * journaled, referring to the report. Part of the loop: called on the loop thread only.
 */
final class Reports {

    /** What reports ask of the dispatch loop. */
    interface Loop {
        /** Journals and publishes an event the loop makes (not an alarm: nothing sounds). */
        Event journal(AlertKind kind, String source, String zone, Event.MsgType type, String references, String words);

        /** Raises {@code kind} in {@code zone} with the post's sirens, as a centre's alert sounds. */
        OpenAlert alarm(AlertKind kind, String zone, String source);
    }

    /** Open reports kept for the guard; older ones stay journaled, and are dismissed by the guard from the journal. */
    static final int MAX_OPEN = 64;

    private final Post post;
    private final Loop loop;
    private final LinkedHashMap<Long, Event> open = new LinkedHashMap<>();

    Reports(Post post, Loop loop) {
        this.post = post;
        this.loop = loop;
    }

    void report(Input.Report r) {
        remember(loop.journal(r.kind(), "sms:" + r.reporter(), r.zone(), Event.MsgType.Alert, null, r.words()));
    }

    private void remember(Event e) {
        open.put(e.seq(), e);
        if (open.size() > MAX_OPEN) {
            Iterator<Long> it = open.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    /** The guard's or the centre's word on report {@code refs[0]}. */
    void decide(Input.Command c) {
        long seq;
        try {
            seq = c.refs().size() == 1 ? Long.parseLong(c.refs().get(0).replaceFirst("^#", "")) : -1;
        } catch (NumberFormatException e) {
            seq = -1;
        }
        Event report = open.remove(seq);
        if (report == null) {
            c.reply().rejected(seq < 0 ? "name one report by its number" : "no open report " + seq);
            return;
        }
        String ref = CapJson.reference(report, post);
        if (c.verb() == Input.Command.Verb.REPORT_DISMISS) {
            loop.journal(AlertKind.REPORT_DISMISSED, who(c), report.zone(), Event.MsgType.Update, ref, null);
            c.reply().accepted("dismissed report " + seq);
            return;
        }
        loop.journal(AlertKind.REPORT_CONFIRMED, who(c), report.zone(), Event.MsgType.Update, ref, null);
        AlertKind kind = switch (report.kind()) {
            case REPORT_FIRE -> AlertKind.FIRE;
            case REPORT_FLOOD -> AlertKind.FLOOD;
            default -> AlertKind.INTRUSION;
        };
        OpenAlert a = loop.alarm(kind, report.zone(), "lapor:" + seq);
        c.reply().accepted("confirmed report " + seq + ": " + kind.wireName() + " raised as " + a.event.identifier());
    }

    /** The guard at the post ({@code post:guard}) or a centre's key. */
    private static String who(Input.Command c) {
        return c.issuer().contains(":") ? c.issuer() : "centre:" + c.issuer();
    }

    /** Owner thread, at start: reports not yet confirmed or dismissed, from the journal's recent events. */
    void restore(List<Event> recent) {
        for (Event e : recent) {
            if (e.kind().isReport() && e.msgType() == Event.MsgType.Alert) {
                remember(e);
            } else if (e.kind() == AlertKind.REPORT_CONFIRMED || e.kind() == AlertKind.REPORT_DISMISSED) {
                for (String id : CapJson.referencedIdentifiers(e.references())) {
                    open.values().removeIf(r -> r.identifier().equals(id));
                }
            }
        }
    }

    List<LoopStatus.ReportView> views() {
        List<LoopStatus.ReportView> out = new ArrayList<>();
        for (Event e : open.values()) {
            out.add(new LoopStatus.ReportView(e.seq(), e.kind().wireName(), e.zone(),
                    e.source().startsWith("sms:") ? e.source().substring(4) : e.source(), e.sentMillis(), e.text()));
        }
        return out;
    }
}
