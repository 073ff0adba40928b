package id.kentongan.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which events of each post the centre has not seen, and when to ask the post for them again. A post's
 * sequence numbers never repeat in its journal, so a jump from 9 to 12 means 10 and 11 went missing (the
 * centre was down, or the broker lost them); the post sends them again on a signed {@code replay}.
 *
 * <p>A gap is asked for only after it has lasted {@code settleNanos} (a post back from an outage sends its
 * backlog most important first, so its telemetry arrives after later alarms and fills the gaps they
 * opened), at most {@link #MAX_PER_ASK} events at a time, again every {@code retryNanos} while it stays
 * open, at most {@link #MAX_ASKS} times, and never while the post is offline. Nothing before the first
 * event the centre saw of a post is asked for: that history was never the centre's.
 *
 * <p>Bounded whatever the broker carries: at most {@link #MAX_POSTS} posts and {@link #MAX_RANGES} open
 * ranges each; a gap larger than {@link #MAX_GAP} (a forged or mistaken sequence number) is never asked for.
 * Pure logic, time passed in; owned by the centre's recording thread.
 */
final class Gaps {

    static final int MAX_POSTS = 1_000;
    static final int MAX_RANGES = 256;
    static final long MAX_GAP = 100_000;
    static final int MAX_PER_ASK = 1_000;
    static final int MAX_ASKS = 5;

    /** A replay to ask a post for: {@code from..to}, both included. */
    record Ask(String post, long from, long to) {
    }

    private static final class Range {
        long to;
        final long since;
        long askedAt;
        int asks;

        Range(long to, long since) {
            this.to = to;
            this.since = since;
        }
    }

    private static final class PostGaps {
        long highest;
        long boot;
        boolean offline;
        final TreeMap<Long, Range> missing = new TreeMap<>();
    }

    private final long settleNanos;
    private final long retryNanos;
    private final Map<String, PostGaps> posts = new HashMap<>();
    private long tooLarge;

    Gaps(long settleNanos, long retryNanos) {
        this.settleNanos = settleNanos;
        this.retryNanos = retryNanos;
    }

    /** At start, from the centre's journal: what it held of a post, and the runs missing between. */
    void restore(String post, long highest, long boot, List<long[]> missing, long now) {
        PostGaps p = post(post);
        if (p == null) {
            return;
        }
        p.highest = highest;
        p.boot = boot;
        for (long[] m : missing) {
            open(p, m[0], m[1], now);
        }
    }

    /** A new event of {@code post} (not a duplicate) was kept. */
    void seen(String post, long seq, long boot, long now) {
        PostGaps p = post(post);
        if (p == null) {
            return;
        }
        if (p.highest == 0 || (seq <= p.highest && boot > p.boot)) {
            // the first event seen of this post, or a fresh journal there (a damaged one set aside): start over
            p.missing.clear();
            p.highest = seq;
            p.boot = boot;
            return;
        }
        if (seq > p.highest) {
            if (seq > p.highest + 1) {
                open(p, p.highest + 1, seq - 1, now);
            }
            p.highest = seq;
            p.boot = Math.max(p.boot, boot);
            return;
        }
        Map.Entry<Long, Range> e = p.missing.floorEntry(seq);
        if (e == null || e.getValue().to < seq) {
            return; // not missing: a replay of one held, or history before the centre's first
        }
        Range r = e.getValue();
        long from = e.getKey();
        p.missing.remove(from);
        if (from < seq) {
            Range before = split(r, seq - 1);
            p.missing.put(from, before);
        }
        if (seq < r.to) {
            Range after = split(r, r.to);
            p.missing.put(seq + 1, after);
        }
    }

    /** The post's retained status: an offline post is not asked. */
    void online(String post, boolean online) {
        PostGaps p = post(post);
        if (p != null) {
            p.offline = !online;
        }
    }

    /** The replays due at {@code now}: at most one per post, marked as asked. */
    List<Ask> due(long now) {
        List<Ask> out = new ArrayList<>();
        for (Map.Entry<String, PostGaps> e : posts.entrySet()) {
            PostGaps p = e.getValue();
            if (p.offline) {
                continue;
            }
            for (Map.Entry<Long, Range> m : p.missing.entrySet()) {
                Range r = m.getValue();
                boolean settled = now - r.since >= settleNanos;
                boolean again = r.asks == 0 || now - r.askedAt >= retryNanos;
                if (settled && again && r.asks < MAX_ASKS) {
                    r.asks++;
                    r.askedAt = now;
                    out.add(new Ask(e.getKey(), m.getKey(), Math.min(r.to, m.getKey() + MAX_PER_ASK - 1)));
                    break;
                }
            }
        }
        return out;
    }

    /** Events missing now, over all posts. */
    long missing() {
        long n = 0;
        for (PostGaps p : posts.values()) {
            for (Map.Entry<Long, Range> m : p.missing.entrySet()) {
                n += m.getValue().to - m.getKey() + 1;
            }
        }
        return n;
    }

    /** Gaps never asked for, as too large to be real. */
    long tooLarge() {
        return tooLarge;
    }

    /** {@code from..to} missing, or an empty list: for a post's line in the log. */
    List<long[]> missingOf(String post) {
        List<long[]> out = new ArrayList<>();
        PostGaps p = posts.get(post);
        if (p != null) {
            p.missing.forEach((from, r) -> out.add(new long[] {from, r.to}));
        }
        return out;
    }

    private void open(PostGaps p, long from, long to, long now) {
        if (to - from + 1 > MAX_GAP) {
            tooLarge++;
            return;
        }
        if (p.missing.size() >= MAX_RANGES) {
            Iterator<Long> oldest = p.missing.keySet().iterator(); // the lowest: the longest asked for, in vain
            oldest.next();
            oldest.remove();
        }
        p.missing.put(from, new Range(to, now));
    }

    private static Range split(Range r, long to) {
        Range part = new Range(to, r.since);
        part.askedAt = r.askedAt;
        part.asks = r.asks;
        return part;
    }

    private PostGaps post(String post) {
        PostGaps p = posts.get(post);
        if (p == null && posts.size() < MAX_POSTS) {
            p = new PostGaps();
            posts.put(post, p);
        }
        return p;
    }
}
