package id.kentongan.field;

import org.eclipse.californium.scandium.DtlsHealth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the field server refused and why, counted; also Scandium's health hook, which is how failed
 * DTLS handshakes (a wrong key) are counted. A malformed body is counted once in
 * {@code refusedMalformed} and once by its flaw; a datagram the {@link SourceLimiter} did not let in
 * is counted by the bucket that refused it. Thread-safe: any thread.
 */
final class FieldCounters implements DtlsHealth {

    final AtomicLong events = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();
    final AtomicLong unknownNode = new AtomicLong();
    final AtomicLong forbidden = new AtomicLong();
    final AtomicLong overloaded = new AtomicLong();
    final AtomicLong unknownIdentity = new AtomicLong();
    final AtomicLong handshakesFailed = new AtomicLong();
    final AtomicLong handshakesOk = new AtomicLong();
    /** DTLS records dropped, mostly ones that fail their integrity check: the mark of a wrong key. */
    final AtomicLong recordsDropped = new AtomicLong();
    /** DTLS datagrams the limiter dropped: Scandium reports them as dropped records too. */
    final AtomicLong dtlsLimited = new AtomicLong();
    private final AtomicLongArray flaws = new AtomicLongArray(NodeRequest.Flaw.values().length);
    private final AtomicLongArray drops = new AtomicLongArray(SourceLimiter.Drop.values().length);

    /** Counts a refusal by its code, and a malformed body by its flaw as well. */
    void refused(NodeRequest.Refusal r) {
        switch (r.code) {
            case REQUEST_ENTITY_TOO_LARGE -> oversized.incrementAndGet();
            case FORBIDDEN -> forbidden.incrementAndGet();
            case NOT_FOUND -> unknownNode.incrementAndGet();
            default -> malformed.incrementAndGet();
        }
        if (r.flaw != null) {
            flaws.incrementAndGet(r.flaw.ordinal());
        }
    }

    void dropped(SourceLimiter.Drop why) {
        drops.incrementAndGet(why.ordinal());
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventsAccepted", events.get());
        m.put("retriesAnswered", retries.get());
        m.put("heartbeats", heartbeats.get());
        m.put("refusedMalformed", malformed.get());
        m.put("refusedOversized", oversized.get());
        m.put("refusedUnknownNode", unknownNode.get());
        m.put("refusedForbidden", forbidden.get());
        m.put("refusedOverload", overloaded.get());
        m.put("dtlsUnknownIdentity", unknownIdentity.get());
        m.put("dtlsHandshakesFailed", handshakesFailed.get());
        m.put("dtlsHandshakesOk", handshakesOk.get());
        m.put("dtlsRecordsDropped", Math.max(0, recordsDropped.get() - dtlsLimited.get()));
        Map<String, Long> byFlaw = new LinkedHashMap<>();
        for (NodeRequest.Flaw f : NodeRequest.Flaw.values()) {
            byFlaw.put(f.wireName, flaws.get(f.ordinal()));
        }
        m.put("malformed", byFlaw);
        Map<String, Long> byBucket = new LinkedHashMap<>();
        for (SourceLimiter.Drop d : SourceLimiter.Drop.values()) {
            byBucket.put(d.wireName, drops.get(d.ordinal()));
        }
        m.put("dropped", byBucket);
        return m;
    }

    @Override
    public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public void startHandshake() {
    }

    @Override
    public void endHandshake(boolean success) {
        (success ? handshakesOk : handshakesFailed).incrementAndGet();
    }

    @Override
    public void receivingRecord(boolean dropped) {
        if (dropped) {
            recordsDropped.incrementAndGet();
        }
    }

    @Override
    public void sendingRecord(boolean dropped) {
    }
}
