package id.kentongan.uplink;

import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Sends what the {@link DeliveryQueue} owes over the {@link MqttLink}: fills the in-flight window,
 * reads the journal's backlog back when there is room, and takes each publish's end (a PUBACK, or a
 * failure that puts the event back in its place). What a PUBACK means for the post (the journal's
 * mark, the loop's open alert) it tells through {@link Acks}; what it means beside the event (the
 * residents' copy, Home Assistant's) it tells {@link BesideEvents}.
 *
 * <p>Threads: the {@code kentongan-uplink} thread only; each publish's completion comes on the
 * client's thread and is handed back through the uplink thread's {@link Executor}, after a PUBACK is
 * told to {@code heard} there (the bench's hook).
 */
final class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    /** What a PUBACK means beyond the uplink. */
    @FunctionalInterface
    interface Acks {
        /** The broker acknowledged {@code e}, once per event however often it was sent. */
        void delivered(Event e);
    }

    private final DeliveryQueue queue;
    private final MqttLink link;
    private final Connection connection;
    private final Topics topics;
    private final Post post;
    private final UnaryOperator<byte[]> sign;
    private final DeliveryQueue.Backlog backlog;
    private final LongSupplier committed;
    private final BesideEvents beside;
    private final Executor thread;
    private final ScheduledExecutorService later;
    private final Acks acks;
    private final LongConsumer heard;
    private long published;
    private long acked;
    /** Owed events read back from the journal since it was last found to owe nothing more. */
    private long readBack;
    /** A read of the journal failed: none until the retry a second later. */
    private boolean journalFailing;

    Sender(DeliveryQueue queue, MqttLink link, Connection connection, Topics topics, Post post,
           UnaryOperator<byte[]> sign, DeliveryQueue.Backlog backlog, LongSupplier committed, BesideEvents beside,
           Executor thread, ScheduledExecutorService later, Acks acks, LongConsumer heard) {
        this.queue = queue;
        this.link = link;
        this.connection = connection;
        this.topics = topics;
        this.post = post;
        this.sign = sign;
        this.backlog = backlog;
        this.committed = committed;
        this.beside = beside;
        this.thread = thread;
        this.later = later;
        this.acks = acks;
        this.heard = heard;
    }

    /**
     * Sends until the window is full or nothing is owed. Before each event it reads the journal back if
     * the queue says a read is due, so that nothing the journal still holds is passed by an event that
     * goes after it.
     */
    void pump() {
        while (connection.isConnected() && !connection.isStopping()) {
            if (!journalFailing && queue.scanDue()) {
                scan();
            }
            Event e = queue.take();
            if (e == null || !send(e)) {
                return;
            }
        }
    }

    private void scan() {
        int read;
        try {
            read = queue.scan(backlog, committed.getAsLong());
        } catch (SQLException e) {
            connection.error("journal read: " + e.getMessage());
            log.error("uplink: cannot read the backlog from the journal: {}", e.getMessage());
            journalFailing = true; // what memory holds still goes; the journal is asked again in a second
            later.schedule(() -> { // on the uplink thread too
                journalFailing = false;
                pump();
            }, 1, TimeUnit.SECONDS);
            return;
        }
        readBack += read;
        if (read > 0 && readBack == read) {
            log.info("uplink: reading owed events back from the journal");
        }
        if (readBack > 0 && !queue.journalMayOweMore()) {
            log.info("uplink: {} owed events read back from the journal", readBack);
            readBack = 0;
        }
    }

    private boolean send(Event e) {
        int epoch = connection.epoch();
        try {
            long seq = e.seq();
            link.publish(topics.forEvent(e), sign.apply(CapJson.encode(e, post)), false, failure -> {
                if (failure == null) {
                    heard.accept(seq);
                }
                thread.execute(() -> ended(epoch, seq, failure));
            });
        } catch (IOException ex) {
            queue.refused(e);
            connection.error("publish: " + ex.getMessage());
            return false; // a lost connection is reported next if the link is gone
        }
        published++;
        return true;
    }

    /** The end of one publish of {@code seq}, sent on connection {@code epoch}. */
    private void ended(int epoch, long seq, Throwable failure) {
        if (failure != null) {
            if (epoch == connection.epoch() && connection.isConnected()) {
                queue.failed(seq); // on a connection that is still up: it waits again in its place
            }
            // else its connection was lost, and the loss put it back already (it may have gone again since:
            // putting it back now would send a third copy beside the one in flight, whose PUBACK would be lost)
            return;
        }
        Event e = queue.acknowledged(seq);
        if (e == null) {
            return; // already put back after a lost connection; it will go again under the same identifier
        }
        acked++;
        acks.delivered(e);
        // The residents' copy and Home Assistant's are made at the event's PUBACK, not at its send: side
        // messages are not sent again, so one made at the send was lost with a connection that dropped
        // before the alert's PUBACK, while the alert itself went again. The price is one round trip to the
        // broker before residents hear; in exchange nothing else is on the wire during the alert's own.
        beside.eventDelivered(e);
        pump();
    }

    /** The centre asked for these rows again; @return how many were queued. */
    int resend(List<Event> rows) {
        int queued = queue.resend(rows);
        pump();
        return queued;
    }

    long published() {
        return published;
    }

    long acked() {
        return acked;
    }
}
