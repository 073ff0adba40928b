package id.kentongan.field;

import id.kentongan.config.FieldSettings;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides, for each datagram before Californium or Scandium parses it, whether its sender may be heard:
 * the first line against a flood, so that no sender can make the CoAP and DTLS state (exchanges,
 * deduplication, handshakes) grow faster than the post can forget it.
 *
 * <pre>
 *   datagram from a:p ── a known node's endpoint? ── yes ── its own bucket (peer rate) ──────────> heard
 *                                                 └─ no ─── bucket of a:p (peer rate)
 *                                                           bucket of a   (source rate)
 *                                                           shared bucket (total rate) ───────> heard
 *                                                           (skipped if a node is known at a)
 *   any bucket empty: dropped, counted by the bucket that said no
 * </pre>
 *
 * A known node's endpoint is where a node's request was last accepted from (under DTLS its
 * authenticated identity; in simulation, over plain CoAP, the node its body names). It skips the source and
 * shared buckets, so a flood from many ports, or from the node's own address, does not crowd it
 * out; at most one endpoint per node is known, so the exemption itself stays bounded. A new port at a
 * known node's address (the node rebooted and handshakes again) skips the shared bucket, not its
 * address's. Everyone else shares the source and total buckets: together those cap what unknown
 * senders can make the server hold, whatever number of ports or addresses they use. (A spoofed
 * address gains nothing under DTLS: it gets a stateless cookie and cannot answer it.) A bucket holds
 * two seconds' worth of tokens, so a node's burst (a handshake, a backlog after an outage) passes whole.
 *
 * <p>The per-peer and per-source tables are bounded LRU maps: an evicted sender only gets a fresh
 * bucket, and the shared bucket still bounds it. Time comes from the caller (nanoseconds, monotonic).
 *
 * <p>Thread-safe: the UDP and DTLS receiver threads call {@link #admit}; the resources' threads
 * call {@link #known}. Each call is a few map operations under the lock.
 */
final class SourceLimiter {

    /** Why a datagram was not heard; {@code null} from {@link #admit} means it was. */
    enum Drop {
        PEER_RATE("peer-rate"), SOURCE_RATE("source-rate"), TOTAL_RATE("total-rate");

        final String wireName;

        Drop(String wireName) {
            this.wireName = wireName;
        }
    }

    /** Senders remembered at once: a bucket is ~100 bytes, so a full table is a few hundred KB at most. */
    static final int PEERS = 2048;
    static final int SOURCES = 512;

    private final FieldSettings.Rates rates;
    private final Bucket total;
    private final Map<InetSocketAddress, Bucket> peers = lru(PEERS);
    private final Map<InetAddress, Bucket> sources = lru(SOURCES);
    /** A known endpoint's bucket and the number of nodes last heard from it (a bench shares one). */
    private final Map<InetSocketAddress, Known> known = new HashMap<>();
    private final InetSocketAddress[] endpointOf;
    /** Addresses of known endpoints, with how many there are at each. */
    private final Map<InetAddress, Integer> knownAddresses = new HashMap<>();

    private static final class Known {
        final Bucket bucket;
        int nodes;

        Known(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    SourceLimiter(FieldSettings.Rates rates, int nodes, long now) {
        this.rates = rates;
        this.total = new Bucket(rates.total(), now);
        this.endpointOf = new InetSocketAddress[nodes];
    }

    /** Receiver threads: {@code null} if the datagram from {@code peer} may be heard, else why not. */
    synchronized Drop admit(InetSocketAddress peer, long now) {
        Known k = known.get(peer);
        if (k != null) {
            return k.bucket.take(now) ? null : Drop.PEER_RATE;
        }
        Bucket p = peers.get(peer);
        if (p == null) {
            p = new Bucket(rates.peer(), now);
            peers.put(peer, p);
        }
        InetAddress a = peer.getAddress();
        Bucket s = sources.get(a);
        if (s == null) {
            s = new Bucket(rates.source(), now);
            sources.put(a, s);
        }
        // a datagram refused by one bucket costs the others nothing: a port that floods does not
        // spend its address's share, and a flood that the shared bucket refuses spends no peer's
        if (!p.has(now)) {
            return Drop.PEER_RATE;
        }
        if (!s.has(now)) {
            return Drop.SOURCE_RATE;
        }
        boolean shared = !knownAddresses.containsKey(a);
        if (shared && !total.has(now)) {
            return Drop.TOTAL_RATE;
        }
        p.spend();
        s.spend();
        if (shared) {
            total.spend();
        }
        return null;
    }

    /** Resources' threads: node {@code node}'s request from {@code peer} was accepted; its endpoint is known. */
    synchronized void known(InetSocketAddress peer, int node, long now) {
        InetSocketAddress before = endpointOf[node];
        if (peer.equals(before)) {
            return;
        }
        if (before != null) {
            Known old = known.get(before);
            if (old != null && --old.nodes == 0) {
                known.remove(before);
                knownAddresses.computeIfPresent(before.getAddress(), (a, n) -> n == 1 ? null : n - 1);
            }
        }
        endpointOf[node] = peer;
        Known k = known.get(peer);
        if (k == null) {
            Bucket carried = peers.remove(peer);
            k = new Known(carried != null ? carried : new Bucket(rates.peer(), now));
            known.put(peer, k);
            knownAddresses.merge(peer.getAddress(), 1, Integer::sum);
        }
        k.nodes++;
    }

    synchronized int knownEndpoints() {
        return known.size();
    }

    /** Peers and addresses remembered besides the known endpoints. */
    synchronized int tracked() {
        return peers.size() + sources.size();
    }

    private static <K> Map<K, Bucket> lru(int capacity) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Bucket> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A token bucket holding two seconds' worth of {@code perSecond}, full when made. Guarded by the limiter. */
    static final class Bucket {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long last;

        Bucket(int perSecond, long now) {
            this.perNano = perSecond / 1e9;
            this.burst = 2.0 * perSecond;
            this.tokens = burst;
            this.last = now;
        }

        boolean has(long now) {
            tokens = Math.min(burst, tokens + Math.max(0, now - last) * perNano);
            last = now;
            return tokens >= 1;
        }

        void spend() {
            tokens -= 1;
        }

        boolean take(long now) {
            if (has(now)) {
                spend();
                return true;
            }
            return false;
        }
    }
}
