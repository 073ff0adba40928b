package id.kentongan.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The SMS meters, read at scrape time from the status snapshot's {@code sms} part, as every other
 * meter is: messages by fate (from the journal), per modem what waits in its daemon's outbox and for how
 * long nothing has left it, and received messages refused by reason. Registered only for a post with
 * modems. Threads: as {@link PostMetrics}.
 */
final class SmsMeters {

    static final List<String> STATES = List.of("queued", "handed", "sent", "failed", "cancelled");
    static final List<String> REFUSALS = List.of("malformed", "oversized", "binary", "unknown-number",
            "not-understood", "rate-limited", "held-full", "unknown-guard");

    private SmsMeters() {
    }

    static void bind(MeterRegistry registry, StatusCache status, List<String> modems) {
        if (modems.isEmpty()) {
            return;
        }
        for (String state : STATES) {
            gauge(registry, status, "kentongan.sms.messages", Tags.of("state", state),
                    "SMS in the journal's outbox by fate: queued, handed to the daemon, sent, failed, cancelled",
                    s -> s.path("sms").path("messages").path(state).asDouble());
        }
        for (String modem : modems) {
            Tags m = Tags.of("modem", modem);
            gauge(registry, status, "kentongan.sms.modem.waiting", m, "Messages waiting in the modem daemon's outbox",
                    s -> modem(s, modem).path("waiting").asDouble());
            Gauge.builder("kentongan.sms.modem.stuck", status, c -> modem(c.last(), modem).path("stuckMillis")
                            .asDouble() / 1000.0).tags(m).baseUnit("seconds")
                    .description("How long messages have waited in the daemon's outbox with none leaving")
                    .register(registry);
            for (String what : List.of("handed", "sent", "failed")) {
                counter(registry, status, "kentongan.sms." + what, m, "SMS " + what + " by this modem since start",
                        s -> modem(s, modem).path(what).asDouble());
            }
        }
        counter(registry, status, "kentongan.sms.received", Tags.empty(), "SMS received and read",
                s -> s.path("sms").path("received").asDouble());
        for (String reason : REFUSALS) {
            counter(registry, status, "kentongan.sms.refused", Tags.of("reason", reason),
                    "Received SMS not acted on, by reason",
                    s -> s.path("sms").path("refused").path(reason).asDouble());
        }
    }

    private static JsonNode modem(JsonNode s, String id) {
        for (JsonNode m : s.path("sms").path("modems")) {
            if (m.path("id").asText().equals(id)) {
                return m;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void gauge(MeterRegistry registry, StatusCache status, String name, Tags tags, String description,
                              ToDoubleFunction<JsonNode> read) {
        Gauge.builder(name, status, c -> read.applyAsDouble(c.last())).tags(tags).description(description)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, StatusCache status, String name, Tags tags,
                                String description, ToDoubleFunction<JsonNode> read) {
        FunctionCounter.builder(name, status, c -> read.applyAsDouble(c.last())).tags(tags).description(description)
                .register(registry);
    }
}
