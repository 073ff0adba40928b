package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Messages;

import java.util.Locale;

import static id.kentongan.cli.StatusCommand.word;

/**
 * The post's self-supervision in {@code kentongan status} (#16): each supervised siren's state, the
 * power, and each self-test's last result and next time, in the guard's language. Nothing when the post
 * supervises nothing. Thread: the command's.
 */
final class SupervisionStatus {

    private SupervisionStatus() {
    }

    static String render(JsonNode s, Messages m) {
        if (s.isMissingNode() || s.isNull()) {
            return "";
        }
        StringBuilder b = new StringBuilder(m.tr("status.supervision")).append('\n');
        for (JsonNode o : s.path("outputs")) {
            boolean faulty = o.path("state").asText().equals("faulty");
            b.append(String.format("  %-12s %s%s%n", o.path("output").asText(),
                    faulty ? m.tr("status.supervision.faulty",
                            word(m, "supervision.why.", o.path("why").asText())) : m.tr("status.supervision.ok"),
                    o.path("faults").asLong() > 0 ? m.tr("status.supervision.faults", o.path("faults").asLong()) : ""));
        }
        JsonNode p = s.path("power");
        if (!p.path("mains").asText().equals("unwired") || p.path("batteryLow").asBoolean()) {
            b.append("  ").append(m.tr("status.supervision.power",
                    word(m, "supervision.mains.", p.path("mains").asText()).toUpperCase(Locale.ROOT),
                    p.path("batteryLow").asBoolean() ? m.tr("status.supervision.battery-low") : "",
                    p.path("batteryCritical").asBoolean() ? m.tr("status.supervision.battery-critical") : ""))
                    .append('\n');
        }
        for (JsonNode t : s.path("tests")) {
            String last = t.path("last").asText().isEmpty() ? m.tr("status.supervision.never")
                    : m.tr("status.supervision.last", word(m, "supervision.result.", t.path("last").asText())
                    .toUpperCase(Locale.ROOT), t.path("lastSlot").asText());
            String state = t.path("state").asText();
            b.append("  ").append(m.tr("status.supervision.test", t.path("name").asText(),
                    t.path("schedule").asText(), t.path("method").asText(), last, t.path("nextSlot").asText(),
                    state.equals("waiting") ? "" : "  " + word(m, "supervision.test-state.", state)
                            .toUpperCase(Locale.ROOT))).append('\n');
        }
        return b.toString();
    }
}
