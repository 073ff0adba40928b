package id.kentongan.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.util.Map;

/**
 * The JSON form, for other tools: every figure the HTML shows, times in ISO 8601 with offset, durations in
 * milliseconds ({@code ...Ms}), then one object per alert with its timeline. Written as a stream, never
 * built as a tree. Stateless; the caller's thread.
 */
final class JsonReport {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {
    }

    static void write(Report r, Writer out) throws IOException {
        ZoneId zone = r.window().zone();
        JsonGenerator g = FACTORY.createGenerator(out).useDefaultPrettyPrinter();
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the writer is the caller's
        g.writeStartObject();
        g.writeObjectFieldStart("report");
        g.writeStringField("title", r.titleIn(new Words(Lang.EN, zone)));
        g.writeStringField("from", Stamps.time(r.window().fromMs(), zone));
        g.writeStringField("to", Stamps.time(r.window().toMs(), zone));
        g.writeStringField("zone", zone.getId());
        g.writeStringField("month", r.window().month() == null ? null : r.window().month().toString());
        g.writeArrayFieldStart("posts");
        for (String p : r.posts()) {
            g.writeString(p);
        }
        g.writeEndArray();
        g.writeEndObject();

        Report.Totals t = r.totals();
        g.writeObjectFieldStart("totals");
        g.writeNumberField("rows", t.rows());
        g.writeNumberField("inWindow", t.inWindow());
        g.writeNumberField("untrustedClock", t.untrusted());
        g.writeNumberField("telemetry", t.telemetry());
        g.writeNumberField("unmatchedFollowUps", t.unmatchedFollowUps());
        g.writeNumberField("untracked", t.untracked());
        g.writeEndObject();

        Report.Counts c = r.counts();
        g.writeObjectFieldStart("alarms");
        g.writeNumberField("count", c.alarms());
        counts(g, "byKind", c.byKind());
        counts(g, "byZone", c.byZone());
        numbers(g, "byHour", c.byHour());
        numbers(g, "byWeekday", c.byWeekday());
        g.writeNumberField("notPlaced", c.notPlaced());
        g.writeEndObject();

        g.writeArrayFieldStart("responseTimes");
        for (Report.Response x : r.response()) {
            g.writeStartObject();
            g.writeStringField("kind", x.kind());
            g.writeNumberField("alarms", x.alarms());
            g.writeNumberField("unacknowledged", x.unacknowledged());
            spread(g, "acknowledged", x.acknowledged());
            spread(g, "cleared", x.cleared());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("acknowledgementDistribution");
        for (int i = 0; i < r.ackBuckets().length; i++) {
            g.writeStartObject();
            long upper = Report.ACK_BUCKET_UPPER_S[i];
            if (upper == Long.MAX_VALUE) {
                g.writeNullField("underSeconds");
            } else {
                g.writeNumberField("underSeconds", upper);
            }
            g.writeNumberField("count", r.ackBuckets()[i]);
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("sirens");
        g.writeNumberField("silenced", r.sirens().silenced());
        g.writeNumberField("timedOut", r.sirens().timedOut());
        g.writeNumberField("soundingMs", r.sirens().totalMs());
        spread(g, "sounding", r.sirens().sounding());
        g.writeEndObject();

        g.writeArrayFieldStart("drills");
        for (Report.Drill d : r.drills()) {
            g.writeStartObject();
            g.writeStringField("status", d.status());
            g.writeStringField("kind", d.kind());
            g.writeNumberField("held", d.held());
            g.writeNumberField("acknowledged", d.acknowledged());
            spread(g, "acknowledgedIn", d.acknowledgedIn());
            g.writeNumberField("cleared", d.cleared());
            g.writeEndObject();
        }
        g.writeEndArray();

        JsonSections.equipment(g, r.equipment(), zone);
        JsonSections.community(g, r.community(), zone);
        JsonSections.perPost(g, r.perPost());
        JsonSections.alerts(g, r.alerts(), zone);
        g.writeEndObject();
        g.flush();
    }

    static void counts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void numbers(JsonGenerator g, String name, long[] values) throws IOException {
        g.writeArrayFieldStart(name);
        for (long v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    static void spread(JsonGenerator g, String name, Spread s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("n", s.n());
        if (!s.isEmpty()) {
            g.writeNumberField("medianMs", s.medianMs());
            g.writeNumberField("p90Ms", s.p90Ms());
            g.writeNumberField("maxMs", s.maxMs());
        }
        g.writeEndObject();
    }
}
