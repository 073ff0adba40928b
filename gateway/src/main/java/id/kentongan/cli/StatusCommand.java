package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
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

    @Override
    public Integer call() throws Exception {
        JsonNode reply = ControlClient.call(state.controlSocket(),
                Map.of("op", "status"));
        if (!reply.path("ok").asBoolean()) {
            System.err.println("kentongan: " + reply.path("error").asText());
            return 1;
        }
        JsonNode s = reply.path("status");
        if (json) {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
            return 0;
        }
        System.out.print(render(s));
        return 0;
    }

    static String render(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode post = s.path("post");
        b.append(String.format("Post     %s/%s  %s%n", post.path("village").asText(), post.path("id").asText(),
                post.path("name").asText()));
        b.append(String.format("Mode     %s, boot %d, last event #%d%n", s.path("mode").asText(),
                s.path("boot").asLong(), s.path("lastSeq").asLong()));
        JsonNode clock = s.path("clock");
        if (!clock.isMissingNode()) {
            b.append(String.format("Clock    %s%s%n", clock.path("trusted").asBoolean() ? "synchronised"
                            : "NOT TRUSTED (kernel: " + clock.path("sync").asText()
                            + "): event times are flagged '(clock?)', order by #seq",
                    clock.path("jumps").asLong() > 0 ? "; jumps since start: " + clock.path("jumps").asLong() : ""));
        }
        JsonNode u = s.path("uplink");
        b.append(String.format("Uplink   %s  (published %d, PUBACKed %d, reconnects %d)%s%n",
                u.path("connected").asBoolean() ? "CONNECTED to " + u.path("broker").asText() : "DOWN",
                u.path("published").asLong(), u.path("acked").asLong(), u.path("reconnects").asLong(),
                u.path("connected").asBoolean() || u.path("lastError").asText().isEmpty() ? ""
                        : "\n         last error: " + u.path("lastError").asText()));
        JsonNode q = s.path("queue");
        StringBuilder owed = new StringBuilder();
        q.path("owedByClass").fields().forEachRemaining(e -> owed.append(String.format("%s %d  ", e.getKey(),
                e.getValue().asLong())));
        b.append(String.format("Owed     %s(journaled, not yet PUBACKed)%n", owed));
        b.append(String.format("Inbox    %d queued, %d refused%n", q.path("inbox").asInt(),
                q.path("inboxRefused").asLong()));
        b.append("Outputs\n");
        for (JsonNode o : s.path("outputs")) {
            String what = o.path("pattern").asText().isEmpty() ? "" : String.format("  %s for alert #%d, %s left",
                    o.path("pattern").asText(), o.path("alertSeq").asLong(),
                    minutes(o.path("remainingMillis").asLong()));
            b.append(String.format("  %-12s %-11s %-4s%s%n", o.path("id").asText(), o.path("role").asText(),
                    o.path("on").asBoolean() ? "ON" : "off", what));
        }
        JsonNode nodes = s.path("nodes");
        if (nodes.size() > 0) {
            JsonNode f = s.path("field");
            b.append(String.format("Field nodes (CoAP%s%s)%n", f.path("plainPort").asInt() > 0 ? " plain :"
                    + f.path("plainPort").asInt() : "", f.path("dtlsPort").asInt() > 0 ? " DTLS :" + f.path("dtlsPort")
                    .asInt() : ""));
            for (JsonNode n : nodes) {
                String seen = n.path("state").asText().equals("never-seen")
                        ? "not heard from since the gateway started " + minutes(n.path("lastSeenMillisAgo").asLong())
                        + " ago" : "last seen " + minutes(n.path("lastSeenMillisAgo").asLong()) + " ago";
                b.append(String.format("  %-12s %-12s %-10s %s%s%s%n", n.path("id").asText(),
                        n.path("zone").asText(), n.path("state").asText().toUpperCase(Locale.ROOT),
                        seen, n.path("batteryLow").asBoolean()
                                ? "  BATTERY LOW" : "", n.path("tamper").asBoolean() ? "  TAMPER" : ""));
            }
            b.append(String.format("  accepted %d events, %d retries; refused %d malformed, %d oversized, "
                            + "%d unknown node, %d forbidden, %d overload; DTLS %d ok, %d failed, %d records dropped%n",
                    f.path("eventsAccepted").asLong(), f.path("retriesAnswered").asLong(),
                    f.path("refusedMalformed").asLong(), f.path("refusedOversized").asLong(),
                    f.path("refusedUnknownNode").asLong(), f.path("refusedForbidden").asLong(),
                    f.path("refusedOverload").asLong(), f.path("dtlsHandshakesOk").asLong(),
                    f.path("dtlsHandshakesFailed").asLong(), f.path("dtlsRecordsDropped").asLong()));
        }
        b.append(SmsStatus.render(s.path("sms")));
        b.append(SmsStatus.reports(s.path("reports"), s.path("sms").path("held")));
        b.append(RondaStatus.render(s.path("ronda"), "en")); // the status is English for now
        JsonNode alerts = s.path("alerts");
        b.append(String.format("Open alerts (%d)%n", alerts.size()));
        for (JsonNode a : alerts) {
            String at = TIME.format(Instant.ofEpochMilli(a.path("sentMillis").asLong()).atZone(ZoneId.systemDefault()));
            b.append(String.format("  #%-5d %-12s %-8s from %-10s %s%s  %s, %s  %s%n", a.path("seq").asLong(),
                    a.path("priority").asText(), a.path("kind").asText(), a.path("source").asText(), at,
                    a.path("unsynchronised").asBoolean() ? " (clock?)" : "",
                    a.path("state").asText(), a.path("sounding").asText(), a.path("identifier").asText()));
        }
        return b.toString();
    }

    private static String minutes(long ms) {
        long s = ms / 1000;
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
