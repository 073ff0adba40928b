package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The SMS lines of {@code kentongan status}: messages by fate, the modems, what came back. Never a number. */
final class SmsStatus {

    private SmsStatus() {
    }

    static String render(JsonNode sms) {
        if (sms.isMissingNode() || sms.isNull() || sms.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        JsonNode m = sms.path("messages");
        StringBuilder refused = new StringBuilder();
        sms.path("refused").fields().forEachRemaining(e -> refused.append(refused.isEmpty() ? "" : ", ")
                .append(e.getValue().asLong()).append(' ').append(e.getKey()));
        b.append(String.format("SMS      queued %d, handed %d, sent %d, failed %d, cancelled %d; received %d (%d OK, "
                        + "%d LAPOR)%s%n", m.path("queued").asLong(), m.path("handed").asLong(), m.path("sent").asLong(),
                m.path("failed").asLong(), m.path("cancelled").asLong(), sms.path("received").asLong(),
                sms.path("acks").asLong(), sms.path("reports").asLong(), refused.isEmpty() ? "" : ", refused " + refused));
        for (JsonNode d : sms.path("modems")) {
            long stuck = d.path("stuckMillis").asLong();
            b.append(String.format("  %-12s %d waiting in the daemon's outbox, this run handed %d, sent %d, failed %d%s%s%n",
                    d.path("id").asText(), d.path("waiting").asInt(), d.path("handed").asLong(),
                    d.path("sent").asLong(), d.path("failed").asLong(),
                    stuck >= 60_000 ? "  STUCK " + stuck / 1000 + " s: is gammu-smsd running?" : "",
                    d.path("lastError").asText().isEmpty() ? "" : "\n               last error: "
                            + d.path("lastError").asText()));
        }
        for (JsonNode p : sms.path("paging")) {
            b.append(String.format("  phone tree: alarm #%d, %d level(s) paged, the next in %s%n",
                    p.path("alertSeq").asLong(), p.path("levelsPaged").asLong(),
                    p.path("nextLevelMillis").asLong() / 1000 + " s"));
        }
        StringBuilder zones = new StringBuilder();
        sms.path("residentsByZone").fields().forEachRemaining(e -> zones.append(zones.isEmpty() ? "" : ", ")
                .append(e.getKey()).append(' ').append(e.getValue().asInt()));
        if (!zones.isEmpty()) {
            b.append("  residents in the register: ").append(zones).append('\n');
        }
        return b.toString();
    }

    /** Residents' reports waiting for the guard, and reports held from numbers the register does not have. */
    static String reports(JsonNode reports, JsonNode held) {
        StringBuilder b = new StringBuilder();
        if (reports.size() > 0) {
            b.append(String.format("Reports by SMS (%d): 'kentongan report confirm N' raises the alarm, 'dismiss N' "
                    + "closes it%n", reports.size()));
            for (JsonNode r : reports) {
                b.append(String.format("  #%-5d %-13s %-12s from %-14s \"%s\"%n", r.path("seq").asLong(),
                        r.path("kind").asText(), r.path("zone").asText(), r.path("reporter").asText(),
                        r.path("words").asText()));
            }
        }
        if (held.size() > 0) {
            b.append(String.format("Held: reports from numbers not in the register (%d; call them back)%n", held.size()));
            for (JsonNode h : held) {
                b.append(String.format("  from %-16s \"%s\"%n", h.path("from").asText(), h.path("words").asText()));
            }
        }
        return b.toString();
    }
}
