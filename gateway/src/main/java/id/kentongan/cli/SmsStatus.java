package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Messages;

/** The SMS lines of {@code kentongan status}: messages by fate, the modems, what came back. Never a number. */
final class SmsStatus {

    private SmsStatus() {
    }

    static String render(JsonNode sms, Messages m) {
        if (sms.isMissingNode() || sms.isNull() || sms.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        Messages t = m;
        JsonNode c = sms.path("messages");
        StringBuilder refused = new StringBuilder();
        sms.path("refused").fields().forEachRemaining(e -> refused.append(refused.isEmpty() ? "" : ", ")
                .append(e.getValue().asLong()).append(' ').append(e.getKey()));
        b.append(String.format("%-9s", "SMS")).append(t.tr("status.sms.line", c.path("queued").asLong(),
                c.path("handed").asLong(), c.path("sent").asLong(), c.path("failed").asLong(),
                c.path("cancelled").asLong(), sms.path("received").asLong(), sms.path("acks").asLong(),
                sms.path("reports").asLong())).append(refused.isEmpty() ? "" : t.tr("status.sms.refused", refused))
                .append('\n');
        for (JsonNode d : sms.path("modems")) {
            long stuck = d.path("stuckMillis").asLong();
            b.append(String.format("  %-12s ", d.path("id").asText())).append(t.tr("status.modem.line",
                    d.path("waiting").asInt(), d.path("handed").asLong(), d.path("sent").asLong(),
                    d.path("failed").asLong()));
            if (d.path("stuck").asBoolean()) {
                b.append("  ").append(t.tr("status.modem.stuck", stuck / 1000));
            }
            if (!d.path("lastError").asText().isEmpty()) {
                b.append('\n').append(" ".repeat(15)).append(t.tr("status.uplink.last-error", d.path("lastError").asText()));
            }
            b.append('\n');
        }
        for (JsonNode p : sms.path("paging")) {
            b.append("  ").append(t.tr("status.paging", p.path("alertSeq").asLong(), p.path("levelsPaged").asLong(),
                    p.path("nextLevelMillis").asLong() / 1000)).append('\n');
        }
        StringBuilder zones = new StringBuilder();
        sms.path("residentsByZone").fields().forEachRemaining(e -> zones.append(zones.isEmpty() ? "" : ", ")
                .append(e.getKey()).append(' ').append(e.getValue().asInt()));
        if (!zones.isEmpty()) {
            b.append("  ").append(t.tr("status.residents", zones)).append('\n');
        }
        return b.toString();
    }

    /** Residents' reports waiting for the guard, and reports held from numbers the register does not have. */
    static String reports(JsonNode reports, JsonNode held, Messages m) {
        StringBuilder b = new StringBuilder();
        if (reports.size() > 0) {
            b.append(m.tr("status.reports", reports.size())).append('\n');
            for (JsonNode r : reports) {
                b.append(String.format("  #%-5d %-13s %-12s %s %-14s \"%s\"%n", r.path("seq").asLong(),
                        r.path("kind").asText(), r.path("zone").asText(), m.tr("status.alert.from"),
                        r.path("reporter").asText(), r.path("words").asText()));
            }
        }
        if (held.size() > 0) {
            b.append(m.tr("status.held", held.size())).append('\n');
            for (JsonNode h : held) {
                b.append(String.format("  %s %-16s \"%s\"%n", m.tr("status.alert.from"), h.path("from").asText(),
                        h.path("words").asText()));
            }
        }
        return b.toString();
    }
}
