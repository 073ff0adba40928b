package id.kentongan.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** The JSON form's longer sections: equipment, the people's side, the table per post, and the timelines. */
final class JsonSections {

    private JsonSections() {
    }

    static void equipment(JsonGenerator g, Equipment.Figures e, ZoneId zone) throws IOException {
        g.writeObjectFieldStart("equipment");
        g.writeObjectFieldStart("uplinkOutages");
        g.writeNumberField("count", e.outageCount());
        g.writeNumberField("knownMs", e.outageMs());
        g.writeNumberField("longestMs", e.longestOutageMs());
        g.writeArrayFieldStart("list");
        for (Equipment.Outage o : e.outages()) {
            g.writeStartObject();
            g.writeStringField("post", o.post());
            g.writeStringField("lost", Stamps.time(o.lostMs(), zone));
            g.writeBooleanField("clockTrusted", o.trusted());
            g.writeStringField("back", o.backMs() == Row.NONE ? null : Stamps.time(o.backMs(), zone));
            if (o.lengthMs() >= 0) {
                g.writeNumberField("lengthMs", o.lengthMs());
            } else {
                g.writeNullField("lengthMs");
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("nodes");
        for (Equipment.Node n : e.nodes()) {
            g.writeStartObject();
            g.writeStringField("post", n.post());
            g.writeStringField("node", n.node());
            g.writeNumberField("silences", n.silences());
            g.writeNumberField("silentMs", n.silentMs());
            g.writeBooleanField("silentNow", n.silentNow());
            g.writeNumberField("lowBatteries", n.lowBatteries());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("powerLost", e.powerLost());
        g.writeObjectFieldStart("journal");
        g.writeNumberField("failing", e.journalFailing());
        g.writeNumberField("damaged", e.journalDamaged());
        g.writeNumberField("recovered", e.journalRecovered());
        g.writeEndObject();
        g.writeObjectFieldStart("clock");
        g.writeNumberField("jumps", e.clockJumps());
        g.writeArrayFieldStart("jumpSeconds");
        for (Double s : e.jumpSeconds()) {
            g.writeNumber(s);
        }
        g.writeEndArray();
        g.writeNumberField("synchronised", e.clockSynchronised());
        g.writeEndObject();
        JsonReport.counts(g, "other", e.other());
        g.writeEndObject();
    }

    /** Written only when the journal holds such events, as the HTML shows them. */
    static void community(JsonGenerator g, Community.Figures c, ZoneId zone) throws IOException {
        if (c.hasReports()) {
            g.writeObjectFieldStart("residentsReports");
            g.writeNumberField("count", c.reports());
            JsonReport.counts(g, "byOutcome", c.reportsByOutcome());
            g.writeArrayFieldStart("list");
            for (Community.Case k : c.cases()) {
                g.writeStartObject();
                g.writeStringField("post", k.post());
                g.writeStringField("identifier", k.identifier());
                g.writeStringField("raised", Stamps.time(k.raisedMs(), zone));
                g.writeBooleanField("clockTrusted", k.trusted());
                g.writeStringField("zone", k.zone());
                g.writeStringField("outcome", k.outcome());
                g.writeStringField("outcomeAt", k.outcomeMs() == Row.NONE ? null : Stamps.time(k.outcomeMs(), zone));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        if (c.hasWatch()) {
            g.writeObjectFieldStart("watch");
            JsonReport.counts(g, "byKind", c.watchByKind());
            g.writeArrayFieldStart("byPlace");
            for (var e : c.watchByPlace().entrySet()) {
                String[] kindAndPlace = e.getKey().split("\t", 2);
                g.writeStartObject();
                g.writeStringField("kind", kindAndPlace[0]);
                g.writeStringField("place", kindAndPlace.length > 1 ? kindAndPlace[1] : "");
                g.writeNumberField("count", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static void perPost(JsonGenerator g, List<Report.PostLine> lines) throws IOException {
        g.writeArrayFieldStart("perPost");
        for (Report.PostLine p : lines) {
            g.writeStartObject();
            g.writeStringField("post", p.post());
            g.writeNumberField("events", p.events());
            g.writeNumberField("alarms", p.alarms());
            g.writeNumberField("drills", p.drills());
            JsonReport.spread(g, "acknowledged", p.acknowledged());
            g.writeNumberField("uplinkOutages", p.outages());
            g.writeNumberField("untrustedClock", p.untrusted());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void alerts(JsonGenerator g, List<Timeline> alerts, ZoneId zone) throws IOException {
        g.writeArrayFieldStart("alerts");
        for (Timeline t : alerts) {
            g.writeStartObject();
            g.writeStringField("post", t.post);
            g.writeStringField("identifier", t.identifier);
            g.writeNumberField("seq", t.seq);
            g.writeStringField("kind", t.kind);
            g.writeStringField("priority", Stamps.priority(t.priority));
            g.writeStringField("status", t.status);
            g.writeStringField("zone", t.zone);
            g.writeStringField("source", t.source);
            g.writeStringField("raised", Stamps.time(t.raisedMs, zone));
            g.writeStringField("clock", t.trusted() ? "trusted" : "unsynchronised");
            g.writeBooleanField("sounded", t.sounded());
            step(g, "delivered", t, t.delivered(), zone);
            step(g, "acknowledged", t, t.acknowledged, zone);
            step(g, "sirenEnded", t, t.sirenEnded, zone);
            g.writeStringField("sirenEnd", t.sirenEnd == null ? null
                    : t.sirenEnd == Timeline.SirenEnd.SILENCED ? "silenced" : "timed-out");
            step(g, "cleared", t, t.cleared, zone);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code name}, {@code nameBy} (when someone took it) and {@code nameAfterMs}; nulls when it did not happen. */
    private static void step(JsonGenerator g, String name, Timeline t, Timeline.Step s, ZoneId zone) throws IOException {
        g.writeStringField(name, s == null ? null : Stamps.time(s.ms(), zone));
        if (s != null && s.by() != null) {
            g.writeStringField(name + "By", s.by());
        }
        if (s == null) {
            g.writeNullField(name + "AfterMs");
        } else {
            g.writeNumberField(name + "AfterMs", t.after(s));
        }
    }
}
