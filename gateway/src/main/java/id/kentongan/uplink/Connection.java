package id.kentongan.uplink;

import java.util.List;

/**
 * Where the uplink's link to the brokers stands: connecting, connected (to which of the list), lost
 * and waiting out a jittered backoff, or stopping; the epoch that tells one connection's
 * acknowledgements from another's; and what the status shows (reconnects, the last error). Paho
 * walks the broker list itself on each attempt; this decides when the next attempt is.
 *
 * <p>Threads: the {@code kentongan-uplink} thread only. No I/O: the {@link Publisher} acts on what
 * each step returns.
 */
final class Connection {

    private final List<String> brokers;
    private final Backoff backoff;
    private boolean connected;
    private boolean connecting;
    private boolean stopping;
    private int epoch;
    private long reconnects;
    private String lastError = "";
    private String broker = "";
    private String subscriptionRefused = "";

    Connection(List<String> brokers, Backoff backoff) {
        this.brokers = List.copyOf(brokers);
        this.backoff = backoff;
    }

    /** @return whether an attempt may begin now (none under way, not connected, not stopping); if so it has */
    boolean beginConnect() {
        if (connected || connecting || stopping) {
            return false;
        }
        connecting = true;
        return true;
    }

    /** The attempt succeeded: a new epoch, the backoff starts again from its least. */
    void connected(String uri) {
        connecting = false;
        connected = true;
        broker = uri;
        subscriptionRefused = "";
        epoch++;
        backoff.reset();
    }

    /** @return the wait before the next attempt in nanoseconds, or -1 when stopping */
    long connectFailed(Throwable cause) {
        connecting = false;
        lastError = "connect: " + describe(cause);
        return retryWait();
    }

    /** @return whether a connection was up (and now is not); a second report of the same loss is ignored */
    boolean lost(Throwable cause) {
        if (!connected) {
            return false;
        }
        connected = false;
        reconnects++;
        lastError = "connection lost: " + describe(cause);
        return true;
    }

    /** @return the wait before the next attempt in nanoseconds, or -1 when stopping */
    long retryWait() {
        return stopping ? -1 : backoff.next();
    }

    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    boolean isConnected() {
        return connected;
    }

    /** The connection events are sent on; an acknowledgement from an earlier one is about a lost attempt. */
    int epoch() {
        return epoch;
    }

    void error(String what) {
        lastError = what;
    }

    String lastError() {
        return lastError;
    }

    /** The broker refused these command topics on this connection (its SUBACK). */
    void subscriptionRefused(String topics) {
        subscriptionRefused = topics;
    }

    /** The command topics the broker refused on the connection up now, or "". */
    String subscriptionRefused() {
        return connected ? subscriptionRefused : "";
    }

    long reconnects() {
        return reconnects;
    }

    /** The broker connected to, or "" */
    String broker() {
        return connected ? broker : "";
    }

    List<String> brokers() {
        return brokers;
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = t.getMessage();
        return root == t ? String.valueOf(m) : m + " (" + root + ")";
    }
}
