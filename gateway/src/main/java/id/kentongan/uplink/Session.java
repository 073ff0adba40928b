package id.kentongan.uplink;

import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The uplink's connections, one after another: connects (the first time too, since Paho retries only
 * after a connection that once succeeded), and on each connection subscribes to the commands, says
 * "online" at their SUBACK, and lets the events and the side messages go; on a loss puts what was in flight back and
 * tells the loop; tries again after the {@link Connection}'s backoff.
 *
 * <p>Threads: the {@code kentongan-uplink} thread; the link's reports come on the client's threads and
 * are handed to it (never work on Paho's threads: subscribing from its callback can deadlock), after a
 * connection is told to {@code heardConnected} there (the bench's hook).
 */
final class Session implements MqttLink.Events {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final MqttLink link;
    private final Connection connection;
    private final DeliveryQueue delivery;
    private final Sender sender;
    private final BesideEvents side;
    private final Inbox loop;
    private final Topics topics;
    private final Function<String, byte[]> statusPayload;
    private final Supplier<CommandReceiver> commands;
    private final Executor thread;
    private final ScheduledExecutorService later;
    private final Runnable heardConnected;

    Session(MqttLink link, Connection connection, DeliveryQueue delivery, Sender sender, BesideEvents side,
            Inbox loop, Topics topics, Function<String, byte[]> statusPayload, Supplier<CommandReceiver> commands,
            Executor thread, ScheduledExecutorService later, Runnable heardConnected) {
        this.link = link;
        this.connection = connection;
        this.delivery = delivery;
        this.sender = sender;
        this.side = side;
        this.loop = loop;
        this.topics = topics;
        this.statusPayload = statusPayload;
        this.commands = commands;
        this.thread = thread;
        this.later = later;
        this.heardConnected = heardConnected;
    }

    // ---- the link's reports, on its threads ----

    @Override
    public void connected(String broker) {
        heardConnected.run();
        thread.execute(() -> up(broker));
    }

    @Override
    public void connectFailed(Throwable cause) {
        thread.execute(() -> failed(cause));
    }

    @Override
    public void lost(Throwable cause) {
        thread.execute(() -> down(cause));
    }

    @Override
    public void arrived(String topic, byte[] payload, boolean retained, long oversizedBytes) {
        thread.execute(() -> commands.get().receive(topic, payload, retained, oversizedBytes));
    }

    // ---- uplink thread ----

    void connect() {
        if (connection.beginConnect()) {
            link.connect(this);
        }
    }

    /**
     * Every few seconds, as a safety net under the event-driven logic: a link the client reports down
     * is handled as lost, and when nothing is queued or in flight the journal is asked once more
     * whether it still owes anything.
     */
    void watch() {
        if (connection.isStopping() || !connection.isConnected()) {
            return;
        }
        if (!link.isConnected()) {
            down(new IllegalStateException("the client reports the link down"));
            return;
        }
        delivery.idle();
        sender.pump(); // also frees anything a refused publish left waiting
        side.pump();
    }

    /** Says "offline" (a clean disconnect sends no will) and disconnects; no attempt follows. */
    void stop() {
        connection.stopping();
        try {
            if (link.isConnected()) {
                link.disconnect(topics.status(), statusPayload.apply("offline"));
            }
        } catch (IOException e) {
            log.warn("uplink: clean disconnect failed: {}", e.getMessage());
        }
    }

    private void up(String uri) {
        if (!link.isConnected()) {
            // the link dropped between CONNACK and now, and its loss came first and was ignored (we were
            // not connected yet): treat it as lost, or we would wait forever
            failed(new IllegalStateException("connection dropped right after it was made"));
            return;
        }
        connection.connected(uri);
        log.info("uplink: connected to {}", uri);
        // Commands first, "online" at their SUBACK: a centre may command the post as soon as it reads
        // "online", and the session is clean, so a command the broker takes before it has the post's
        // subscription is lost.
        int epoch = connection.epoch();
        try {
            link.subscribe(failure -> thread.execute(() -> subscribed(epoch, failure)), topics.commands(),
                    topics.villageCommands());
        } catch (IOException e) { // the link is going: its loss follows, and the next connection subscribes
            log.warn("uplink: could not subscribe to commands: {}", e.getMessage());
        }
        side.connected();
        loop.offer(new Input.UplinkChanged(true));
        delivery.rescan();
        sender.pump();
    }

    /**
     * The SUBACK of connection {@code epoch}'s command subscription, or its failure. A refusal (the
     * broker's ACL without this post's command topics) leaves the post online for its alerts but deaf to
     * its centre: logged at each connection, and shown in the status and {@code /health} while it lasts.
     */
    private void subscribed(int epoch, Throwable failure) {
        if (epoch != connection.epoch() || !connection.isConnected()) {
            return; // a connection since lost; the next one subscribes again
        }
        if (failure instanceof MqttLink.Refused refused) {
            connection.subscriptionRefused(refused.getMessage());
            log.error("uplink: the broker refused this post's command subscription ({}): the centre cannot command "
                    + "it; the broker's ACL must let it read its cmd/+ topics", refused.getMessage());
        } else if (failure != null) {
            log.warn("uplink: the command subscription failed: {}", failure.getMessage());
            return; // the connection is going; its loss follows
        }
        try {
            link.publish(topics.status(), statusPayload.apply("online"), true, f -> { });
        } catch (IOException e) {
            log.warn("uplink: could not publish online status: {}", e.getMessage());
        }
    }

    private void failed(Throwable cause) {
        retryLater(connection.connectFailed(cause));
    }

    private void down(Throwable cause) {
        if (!connection.lost(cause)) {
            return;
        }
        int back = delivery.putBack();
        log.warn("uplink: {}; {} in flight go back to the queue", connection.lastError(), back);
        side.lost();
        loop.offer(new Input.UplinkChanged(false));
        retryLater(connection.retryWait());
    }

    private void retryLater(long waitNanos) {
        if (waitNanos < 0) {
            return;
        }
        log.info("uplink: {}; next attempt in {} ms", connection.lastError(), TimeUnit.NANOSECONDS.toMillis(waitNanos));
        later.schedule(this::connect, waitNanos, TimeUnit.NANOSECONDS);
    }
}
