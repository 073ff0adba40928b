package id.kentongan.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the post does its job, in the words a technician reads: the dispatch loop answers (it
 * advances), the journal writes, and, if the profile asks, the uplink is up. Immutable; any thread.
 *
 * @param problems empty when healthy
 */
record Health(List<String> problems) {

    /** A commit takes milliseconds; one waited for this long means the disk hangs. */
    static final long STALLED_MILLIS = 10_000;

    Health {
        problems = List.copyOf(problems);
    }

    boolean healthy() {
        return problems.isEmpty();
    }

    static Health of(StatusCache.Snapshot snapshot, boolean requireUplink) {
        List<String> problems = new ArrayList<>();
        if (snapshot.error() != null) {
            problems.add("the post did not answer: " + snapshot.error());
            return new Health(problems); // the rest would be read from an old status
        }
        JsonNode s = snapshot.status();
        if (s.path("journal").path("failing").asBoolean()) {
            problems.add("the journal cannot write (a full or read-only disk?); alerts still go out live");
        }
        long stalled = s.path("journal").path("stalledMillis").asLong();
        if (stalled >= STALLED_MILLIS) {
            problems.add("the journal has not committed for " + stalled / 1000 + " s with events waiting "
                    + "(a stuck disk?)");
        }
        JsonNode u = s.path("uplink");
        if (requireUplink && !u.path("connected").asBoolean()) {
            String why = u.path("lastError").asText();
            problems.add("the uplink is down" + (why.isEmpty() ? "" : ": " + why));
        }
        String refused = u.path("subscriptionRefused").asText();
        if (!refused.isEmpty()) { // whatever the profile asks: a post its centre cannot command is not well
            problems.add("the broker refused the post's command subscription (" + refused
                    + "): the centre cannot command it; the broker's ACL must let it read its cmd/+ topics");
        }
        return new Health(problems);
    }
}
