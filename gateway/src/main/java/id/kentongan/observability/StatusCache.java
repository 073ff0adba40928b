package id.kentongan.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * The post's status (what {@code kentongan status --json} prints), fetched at most once per
 * {@code maxAge} however many pages and scrapers ask, because each fetch is a query the dispatch loop
 * answers between presses and a count the journal makes. A fetch that fails keeps the last good status
 * and says why, which is what the health answer reports.
 *
 * <p>Threads: any; fetches are serialised.
 */
final class StatusCache {

    /** The status and, if the latest fetch failed, why ({@code null} when it worked). */
    record Snapshot(JsonNode status, String error) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Callable<?> source;
    private final long maxAgeNanos;
    private final LongSupplier nanos;
    private Snapshot latest = new Snapshot(NullNode.instance, "not fetched yet");
    private long fetchedAt;
    private boolean fetched;

    StatusCache(Callable<?> source, long maxAgeNanos, LongSupplier nanos) {
        this.source = source;
        this.maxAgeNanos = maxAgeNanos;
        this.nanos = nanos;
    }

    /** A snapshot no older than {@code maxAge}, fetching one if needed. */
    synchronized Snapshot fresh() {
        long now = nanos.getAsLong();
        if (fetched && now - fetchedAt < maxAgeNanos) {
            return latest;
        }
        try {
            latest = new Snapshot(JSON.valueToTree(source.call()), null);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            latest = new Snapshot(latest.status(), why);
        }
        fetched = true;
        fetchedAt = nanos.getAsLong();
        return latest;
    }

    /** The last snapshot, without fetching: what the meters read while a scrape renders. */
    synchronized JsonNode last() {
        return latest.status();
    }
}
