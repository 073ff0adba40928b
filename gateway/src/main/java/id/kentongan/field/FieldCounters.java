package id.kentongan.field;

import org.eclipse.californium.scandium.DtlsHealth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the field server refused and why, counted; also Scandium's health hook, which is how failed
 * DTLS handshakes (a wrong key) are counted. Thread-safe: any thread.
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
        m.put("dtlsRecordsDropped", recordsDropped.get());
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
