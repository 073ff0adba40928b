package id.kentongan.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Iterator;
import java.util.function.ToDoubleFunction;

/**
 * The night watch's meters (#14), read at scrape time from the status snapshot's {@code ronda} part as
 * every other meter is: guards on watch, whether the shift is under way and judged, the post unmanned,
 * checkpoints missed, and cards and checkpoints refused; and the card reader at the post. Bound at the first scrape that shows a watch,
 * so a post without one has none of these series. Threads: as {@link PostMetrics}.
 */
final class RondaMeters {

    private RondaMeters() {
    }

    static void bind(MeterRegistry registry, StatusCache status) {
        gauge(registry, status, "kentongan.ronda.guards.on", "Guards signed on for the night watch",
                r -> r.path("on").size());
        gauge(registry, status, "kentongan.ronda.shift", "1 while a shift of the watch is under way",
                r -> r.path("shift").asText().isEmpty() ? 0 : 1);
        gauge(registry, status, "kentongan.ronda.judged", "1 while the watch is judged (the post's clock is trusted)",
                r -> r.path("judged").asBoolean() ? 1 : 0);
        gauge(registry, status, "kentongan.ronda.unmanned", "1 while a shift-unmanned alert is open",
                r -> r.path("unmanned").asBoolean() ? 1 : 0);
        gauge(registry, status, "kentongan.ronda.checkpoints.missed", "Checkpoints whose round-missed is open",
                r -> {
                    int n = 0;
                    for (JsonNode c : r.path("checkpoints")) {
                        n += c.path("missed").asBoolean() ? 1 : 0;
                    }
                    return n;
                });
        for (String[] why : new String[][] {{"card", "refusedCards"}, {"checkpoint", "refusedCheckpoints"}}) {
            FunctionCounter.builder("kentongan.ronda.refused", status, c -> c.last().path("ronda").path(why[1])
                            .asDouble()).tags(Tags.of("reason", "unknown-" + why[0]))
                    .description("Card taps and checkpoint visits the watch refused: an unknown card or checkpoint")
                    .register(registry);
        }
    }

    /**
     * The card reader at the post: whether it is ready, and cards it refused by reason (the reasons as the
     * status names them, so this package needs nothing of {@code hardware}).
     */
    static void bindCardReader(MeterRegistry registry, StatusCache status, Iterator<String> reasons) {
        Gauge.builder("kentongan.card.reader.ready", status,
                        c -> c.last().path("cardReader").path("state").asText().equals("ready") ? 1 : 0)
                .description("1 while the card reader at the post is there and watched (pcscd running, reader "
                        + "connected)").register(registry);
        reasons.forEachRemaining(why -> FunctionCounter.builder("kentongan.card.refused", status,
                        c -> c.last().path("cardReader").path("refused").path(why).asDouble()).tags(Tags.of("reason", why))
                .description("Cards the post's reader could not read: a bad UID length, an error status, a card "
                        + "pulled away").register(registry));
    }

    private static void gauge(MeterRegistry registry, StatusCache status, String name, String description,
                              ToDoubleFunction<JsonNode> read) {
        Gauge.builder(name, status, c -> read.applyAsDouble(c.last().path("ronda"))).description(description)
                .register(registry);
    }
}
