package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.Locale;

/** {@code kentongan status}: what the post is doing now. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show open alerts, sirens, queue depth per priority class and the uplink.")
final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Mixin
    StateDirOption state;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Mixin
    LangOption lang;

    @Override
    public Integer call() throws Exception {
        Messages m = lang.messages();
        JsonNode s = ControlClient.status(state.controlSocket(), m);
        if (json) {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
            return 0;
        }
        System.out.print(render(s, m));
        return 0;
    }

    /** A label padded to the column the values start in. */
    private static String label(Messages m, String key) {
        return String.format("%-9s", m.tr(key));
    }

    /** A state's text from the bundles ({@code prefix + value}), or the value itself if it has none. */
    static String word(Messages m, String prefix, String value) {
        return m.has(prefix + value) ? m.tr(prefix + value) : value;
    }

    static String render(JsonNode s, Messages m) {
        StringBuilder b = new StringBuilder();
        JsonNode post = s.path("post");
        b.append(label(m, "status.post")).append(String.format("%s/%s  %s%n", post.path("village").asText(),
                post.path("id").asText(), post.path("name").asText()));
        b.append(label(m, "status.mode")).append(m.tr("status.mode.line", word(m, "mode.", s.path("mode").asText()),
                s.path("boot").asLong(), s.path("lastSeq").asLong())).append('\n');
        JsonNode clock = s.path("clock");
        if (!clock.isMissingNode()) {
            b.append(label(m, "status.clock")).append(clock.path("trusted").asBoolean() ? m.tr("status.clock.trusted")
                    : m.tr("status.clock.untrusted", clock.path("sync").asText()));
            if (clock.path("jumps").asLong() > 0) {
                b.append(m.tr("status.clock.jumps", clock.path("jumps").asLong()));
            }
            b.append('\n');
        }
        JsonNode u = s.path("uplink");
        b.append(label(m, "status.uplink")).append(m.tr("status.uplink.line", u.path("connected").asBoolean()
                        ? m.tr("status.uplink.connected", u.path("broker").asText()) : m.tr("status.uplink.down"),
                u.path("published").asLong(), u.path("acked").asLong(), u.path("reconnects").asLong()));
        if (!u.path("connected").asBoolean() && !u.path("lastError").asText().isEmpty()) {
            b.append('\n').append(" ".repeat(9)).append(m.tr("status.uplink.last-error", u.path("lastError").asText()));
        }
        if (!u.path("subscriptionRefused").asText().isEmpty()) {
            b.append('\n').append(" ".repeat(9)).append(m.tr("status.uplink.refused",
                    u.path("subscriptionRefused").asText()));
        }
        b.append('\n');
        JsonNode q = s.path("queue");
        StringBuilder owed = new StringBuilder();
        q.path("owedByClass").fields().forEachRemaining(e -> owed.append(String.format("%s %d  ", e.getKey(),
                e.getValue().asLong())));
        b.append(label(m, "status.owed")).append(m.tr("status.owed.line", owed)).append('\n');
        b.append(label(m, "status.inbox")).append(m.tr("status.inbox.line", q.path("inbox").asInt(),
                q.path("inboxRefused").asLong())).append('\n');
        b.append(m.tr("status.outputs")).append('\n');
        for (JsonNode o : s.path("outputs")) {
            String what = o.path("pattern").asText().isEmpty() ? "" : "  " + m.tr("status.output.playing",
                    o.path("pattern").asText(), o.path("alertSeq").asLong(), minutes(o.path("remainingMillis").asLong()));
            b.append(String.format("  %-12s %-11s %-5s%s%n", o.path("id").asText(), o.path("role").asText(),
                    o.path("on").asBoolean() ? m.tr("status.output.on") : m.tr("status.output.off"), what));
        }
        JsonNode nodes = s.path("nodes");
        if (nodes.size() > 0) {
            JsonNode f = s.path("field");
            b.append(m.tr("status.nodes", (f.path("plainPort").asInt() > 0 ? " plain :" + f.path("plainPort").asInt()
                    : "") + (f.path("dtlsPort").asInt() > 0 ? " DTLS :" + f.path("dtlsPort").asInt() : ""))).append('\n');
            for (JsonNode n : nodes) {
                String seen = n.path("state").asText().equals("never-seen")
                        ? m.tr("status.node.never-seen", minutes(n.path("lastSeenMillisAgo").asLong()))
                        : m.tr("status.node.last-seen", minutes(n.path("lastSeenMillisAgo").asLong()));
                b.append(String.format("  %-12s %-12s %-10s %s%s%s%n", n.path("id").asText(),
                        n.path("zone").asText(), word(m, "node.state.", n.path("state").asText()).toUpperCase(Locale.ROOT),
                        seen, n.path("batteryLow").asBoolean() ? "  " + m.tr("node.battery-low") : "",
                        n.path("tamper").asBoolean() ? "  " + m.tr("node.tamper") : ""));
            }
            b.append("  ").append(m.tr("status.field.counts",
                    f.path("eventsAccepted").asLong(), f.path("retriesAnswered").asLong(),
                    f.path("refusedMalformed").asLong(), f.path("refusedOversized").asLong(),
                    f.path("refusedUnknownNode").asLong(), f.path("refusedForbidden").asLong(),
                    f.path("refusedOverload").asLong(), f.path("dtlsHandshakesOk").asLong(),
                    f.path("dtlsHandshakesFailed").asLong(), f.path("dtlsRecordsDropped").asLong())).append('\n');
        }
        b.append(SupervisionStatus.render(s.path("supervision"), m));
        b.append(SmsStatus.render(s.path("sms"), m));
        b.append(SmsStatus.reports(s.path("reports"), s.path("sms").path("held"), m));
        b.append(RondaStatus.render(s.path("ronda"), s.path("cardReader"), m));
        JsonNode alerts = s.path("alerts");
        b.append(alerts.isEmpty() ? m.tr("status.alerts.none") : m.tr("status.alerts", alerts.size())).append('\n');
        for (JsonNode a : alerts) {
            String at = TIME.format(Instant.ofEpochMilli(a.path("sentMillis").asLong()).atZone(ZoneId.systemDefault()));
            b.append(String.format("  #%-5d %-12s %-8s %s %-10s %s%s  %s, %s  %s%n", a.path("seq").asLong(),
                    a.path("priority").asText(), a.path("kind").asText(), m.tr("status.alert.from"),
                    a.path("source").asText(), at,
                    a.path("unsynchronised").asBoolean() ? " " + m.tr("status.alert.clock-flag") : "",
                    word(m, "alert.state.", a.path("state").asText()), word(m, "alert.sound.", a.path("sounding").asText()),
                    a.path("identifier").asText()));
        }
        return b.toString();
    }

    private static String minutes(long ms) {
        long s = ms / 1000;
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
