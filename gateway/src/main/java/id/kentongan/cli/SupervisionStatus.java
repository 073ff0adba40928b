package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The post's self-supervision in {@code kentongan status} (#16): each supervised siren's state, the
 * power, and each self-test's last result and next time. Nothing when the post supervises nothing.
 */
final class SupervisionStatus {

    private SupervisionStatus() {
    }

    static String render(JsonNode s) {
        if (s.isMissingNode() || s.isNull()) {
            return "";
        }
        StringBuilder b = new StringBuilder("Supervision\n");
        for (JsonNode o : s.path("outputs")) {
            boolean faulty = o.path("state").asText().equals("faulty");
            b.append(String.format("  %-12s %s%s%n", o.path("output").asText(),
                    faulty ? "FAULTY (" + o.path("why").asText() + ")" : "ok",
                    o.path("faults").asLong() > 0 ? ", faults since start: " + o.path("faults").asLong() : ""));
        }
        JsonNode p = s.path("power");
        if (!p.path("mains").asText().equals("unwired") || p.path("batteryLow").asBoolean()) {
            b.append(String.format("  power        mains %s%s%s%n", p.path("mains").asText().toUpperCase(java.util.Locale.ROOT),
                    p.path("batteryLow").asBoolean() ? ", BATTERY LOW" : "",
                    p.path("batteryCritical").asBoolean() ? ", BATTERY CRITICAL" : ""));
        }
        for (JsonNode t : s.path("tests")) {
            b.append(String.format("  test %-7s %s (%s); last %s; next %s%s%n", t.path("name").asText(),
                    t.path("schedule").asText(), t.path("method").asText(),
                    t.path("last").asText().isEmpty() ? "never" : t.path("last").asText().toUpperCase(java.util.Locale.ROOT)
                            + " for " + t.path("lastSlot").asText(),
                    t.path("nextSlot").asText(), t.path("state").asText().equals("waiting") ? ""
                            : "  " + t.path("state").asText().toUpperCase(java.util.Locale.ROOT)));
        }
        return b.toString();
    }
}
