package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import id.kentongan.alert.Messages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The night watch (#14) as a guard reads it, in {@code kentongan ronda} and {@code kentongan status}:
 * tonight's roster, who signed on when, the rounds per checkpoint, what is overdue, and the card reader at
 * the post. Every word from the message bundles ({@code ronda.*}, shared with the status page), Bahasa
 * Indonesia by default, English on request. Stateless.
 */
final class RondaStatus {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private RondaStatus() {
    }

    /** The watch's lines, or nothing on a post without one; times in the post's zone. */
    static String render(JsonNode r, Messages m) {
        return render(r, MissingNode.getInstance(), m);
    }

    /** The same, with the card reader at the post ({@code cardReader} of the status; missing if none). */
    static String render(JsonNode r, JsonNode reader, Messages m) {
        if (r.isMissingNode() || r.isNull() || !r.path("watched").asBoolean()) {
            return "";
        }
        ZoneId zone = ZoneId.of(r.path("timeZone").asText("UTC"));
        StringBuilder b = new StringBuilder();
        String shift = r.path("shift").asText();
        b.append(String.format("%-8s %s%s%n", m.tr("ronda.title"), shift.isEmpty() ? m.tr("ronda.no-shift") : shift,
                r.path("judged").asBoolean() ? "" : "  " + m.tr("ronda.not-judged")));
        StringBuilder roster = new StringBuilder();
        r.path("roster").forEach(g -> roster.append(roster.isEmpty() ? "" : ", ").append(g.asText()));
        b.append("  ").append(m.tr("ronda.roster", r.path("night").asText(),
                roster.isEmpty() ? m.tr("ronda.roster.nobody") : roster)).append('\n');
        StringBuilder on = new StringBuilder();
        r.path("on").forEach(g -> on.append(on.isEmpty() ? "" : ", ").append(m.tr("ronda.on.guard",
                g.path("guard").asText(), time(g.path("sinceMillis").asLong(), zone))));
        b.append("  ").append(m.tr("ronda.on", on.isEmpty() ? m.tr("ronda.on.nobody") : on)).append('\n');
        if (r.path("unmanned").asBoolean()) {
            b.append("  ").append(m.tr("ronda.unmanned")).append('\n');
        }
        b.append("  ").append(m.tr("ronda.checkpoints")).append('\n');
        for (JsonNode c : r.path("checkpoints")) {
            long last = c.path("lastVisitMillis").asLong();
            String seen = last < 0 ? m.tr("ronda.checkpoint.never")
                    : m.tr("ronda.checkpoint.last", time(last, zone), c.path("lastGuard").asText());
            long dueIn = c.path("dueInMillis").asLong();
            String state = c.path("missed").asBoolean() ? m.tr("ronda.checkpoint.missed")
                    : !c.path("due").asBoolean() ? m.tr("ronda.checkpoint.idle")
                    : dueIn < 0 ? m.tr("ronda.checkpoint.overdue", duration(-dueIn, m))
                    : m.tr("ronda.checkpoint.due-in", duration(dueIn, m));
            b.append(String.format("    %-12s %-20s %-12s %s%n", c.path("id").asText(), c.path("place").asText(),
                    c.path("zone").asText(), m.tr("ronda.checkpoint", duration(c.path("everyMillis").asLong(), m),
                            seen, c.path("visits").asLong(), state)));
        }
        if (!reader.isMissingNode() && !reader.isNull()) {
            StringBuilder refused = new StringBuilder();
            reader.path("refused").fields().forEachRemaining(e -> {
                if (e.getValue().asLong() > 0) {
                    refused.append(refused.isEmpty() ? "" : ", ").append(e.getValue().asLong()).append(' ')
                            .append(e.getKey());
                }
            });
            b.append("  ").append(m.tr("ronda.reader", reader.path("state").asText().equals("ready")
                            ? m.tr("ronda.reader.ready", reader.path("reader").asText())
                            : m.tr("ronda.reader.not-ready", reader.path("problem").asText()),
                    refused.isEmpty() ? "" : m.tr("ronda.reader.refused", refused))).append('\n');
        }
        long cards = r.path("refusedCards").asLong();
        long cps = r.path("refusedCheckpoints").asLong();
        if (cards + cps > 0) {
            b.append("  ").append(m.tr("ronda.refused", cards, cps)).append('\n');
        }
        return b.toString();
    }

    private static String time(long millis, ZoneId zone) {
        return HH_MM.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    /** Whole minutes, as a guard says them: {@code 45 menit}, {@code 1 jam 30 menit}. */
    private static String duration(long ms, Messages m) {
        long min = ms / 60_000;
        return min < 60 ? m.tr("ronda.minutes", min) : min % 60 == 0 ? m.tr("ronda.hours", min / 60)
                : m.tr("ronda.hours-minutes", min / 60, min % 60);
    }
}
