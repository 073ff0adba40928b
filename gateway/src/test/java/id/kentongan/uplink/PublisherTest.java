package id.kentongan.uplink;

import id.kentongan.alert.Event;
import id.kentongan.config.UplinkSettings;
import id.kentongan.dispatch.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static id.kentongan.uplink.TestEvents.POST;
import static id.kentongan.uplink.TestEvents.heartbeat;
import static id.kentongan.uplink.TestEvents.panic;
import static id.kentongan.uplink.TestEvents.tamper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uplink's delivery without a broker: a hand-driven {@link FakeLink} says when the connection comes
 * and goes and when each PUBACK arrives; the journal is an in-memory backlog and a list of marks. Each
 * step is followed by a status query, which runs on the uplink thread after the work handed to it.
 */
class PublisherTest {

    static final String ROOT = "kentongan/v1";
    final FakeLink link = new FakeLink();
    final DeliveryQueueTest.Owed owed = new DeliveryQueueTest.Owed();
    final List<Long> marks = Collections.synchronizedList(new ArrayList<>());
    final Topics topics = Topics.of(ROOT, POST);
    Publisher publisher;

    Publisher start(int window) throws Exception {
        UplinkSettings spec = new UplinkSettings(List.of("tcp://127.0.0.1:1883"), ROOT, "pos-1",
                Duration.ofSeconds(30), window, Duration.ofMillis(2), Duration.ofMillis(4), Duration.ofSeconds(60));
        publisher = new Publisher(spec, spec.brokers(), POST, TestEvents.BOOT, null, owed, 0, new Inbox(1024),
                InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), new SplittableRandom(1),
                new PacketLimit(), link);
        publisher.attach((seq, at) -> marks.add(seq));
        publisher.start();
        link.awaitConnects(1);
        return publisher;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (publisher != null) {
            publisher.stop();
        }
    }

    /** Waits until the uplink thread has done everything handed to it so far. */
    UplinkStatus settle() throws Exception {
        return publisher.status().get();
    }

    /** Journals and publishes {@code e} as the dispatch loop and the journal writer do. */
    void raise(Event e) throws Exception {
        publisher.publish(e);
        settle(); // the row becomes durable after the uplink has it, as it does with a real journal
        owed.rows.add(e);
        publisher.committed(e.seq(), List.of(e));
        settle();
    }

    List<FakeLink.Published> events() {
        return link.published().stream().filter(p -> p.topic().equals(topics.alert())
                || p.topic().equals(topics.telemetry())).toList();
    }

    static String id(long seq) {
        return Event.identifier(POST, TestEvents.BOOT, seq);
    }

    List<Long> seqs(List<FakeLink.Published> ps) {
        List<Long> out = new ArrayList<>();
        for (FakeLink.Published p : ps) {
            String t = p.text();
            int i = t.indexOf("\"identifier\":\"KTG-desa-pos-1-1-") + "\"identifier\":\"KTG-desa-pos-1-1-".length();
            out.add(Long.parseLong(t.substring(i, t.indexOf('"', i))));
        }
        return out;
    }

    @Test
    void a_full_window_holds_the_rest_and_each_puback_lets_one_more_go() throws Exception {
        start(2);
        link.up();
        settle();
        for (long s = 1; s <= 5; s++) {
            raise(heartbeat(s));
        }
        assertEquals(2, settle().inFlight());
        assertEquals(List.of(1L, 2L), seqs(events()));
        link.ack(events().get(0));
        assertEquals(2, settle().inFlight());
        assertEquals(List.of(1L, 2L, 3L), seqs(events()));
        assertEquals(List.of(1L), marks);
    }

    @Test
    void a_puback_after_the_connection_was_lost_marks_the_row_once_and_loses_nothing() throws Exception {
        start(4);
        link.up();
        settle();
        raise(panic(1));
        raise(panic(2));
        settle();
        List<FakeLink.Published> first = events();
        link.drop();
        link.ack(first.get(0)); // the PUBACK for panic 1 comes after the loss was reported
        settle();
        assertEquals(List.of(), marks, "given up with its connection: still owed");
        link.awaitConnects(2);
        link.up();
        settle();
        assertEquals(List.of(1L, 2L, 1L, 2L), seqs(events()), "both sent again, in their order");
        link.ack(first.get(1)); // panic 2's first PUBACK, after it went again
        settle();
        for (FakeLink.Published p : events().subList(2, 4)) {
            link.ack(p);
        }
        UplinkStatus s = settle();
        assertEquals(List.of(2L, 1L), marks, "each row marked once");
        assertEquals(0, s.inFlight());
        assertEquals(2, s.acked());
    }

    @Test
    void what_was_in_flight_goes_again_after_a_reconnect_in_delivery_order() throws Exception {
        start(3);
        link.up();
        settle();
        raise(heartbeat(1));
        raise(heartbeat(2));
        raise(heartbeat(3));
        raise(tamper(4)); // waits: the window is full of heartbeats
        raise(panic(5));
        settle();
        assertEquals(List.of(1L, 2L, 3L), seqs(events()));
        link.drop();
        settle();
        link.awaitConnects(2);
        link.up();
        settle();
        assertEquals(List.of(5L, 4L, 1L), seqs(events().subList(3, 6)), "most important first, then oldest");
    }

    @Test
    void a_fresh_alert_during_a_backlog_of_heartbeats_goes_first() throws Exception {
        for (long s = 1; s <= 5000; s++) {
            owed.rows.add(heartbeat(s));
        }
        start(2);
        link.up();
        settle();
        raise(panic(5001));
        settle();
        link.ack(events().get(0));
        settle();
        assertEquals(List.of(1L, 2L, 5001L), seqs(events()));
    }

    @Test
    void a_fresh_alert_during_a_longer_backlog_of_its_class_keeps_the_class_s_order() throws Exception {
        for (long s = 1; s <= 5000; s++) {
            owed.rows.add(panic(s));
        }
        start(64);
        link.up();
        settle();
        raise(panic(5001));
        for (int i = 0; marks.size() < 5001; ) {
            List<FakeLink.Published> sent = events();
            if (i < sent.size()) {
                link.ack(sent.get(i++));
            } else if (settle().inFlight() == 0) {
                break;
            }
        }
        List<Long> sent = seqs(events());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(i + 1, sent.get(i));
        }
        assertEquals(5001, sent.size());
    }

    @Test
    void a_late_failure_from_the_lost_connection_does_not_send_the_event_a_third_time() throws Exception {
        start(4);
        link.up();
        settle();
        raise(panic(1));
        FakeLink.Published first = events().get(0);
        link.drop();
        settle();
        link.awaitConnects(2);
        link.up();
        settle();
        assertEquals(List.of(1L, 1L), seqs(events()), "sent again on the new connection");
        link.fail(first); // the old connection's failure for panic 1, reported after its copy went again
        UplinkStatus s = settle();
        assertEquals(List.of(1L, 1L), seqs(events()), "the copy in flight is not sent once more beside it");
        assertEquals(1, s.inFlight());
        link.ack(events().get(1));
        assertEquals(0, settle().inFlight());
        assertEquals(List.of(1L), marks);
    }

    @Test
    void under_pressure_answers_give_way_and_are_counted_an_escalated_alert_does_not() throws Exception {
        start(4); // not connected: everything beside the events waits
        publisher.escalate(panic(1));
        int answers = SideQueue.CAPACITY + 500;
        for (int i = 0; i < answers; i++) {
            publisher.commandResult("ack", "nonce-" + i, false, "stale");
        }
        UplinkStatus s = settle();
        assertEquals(answers + 1 - SideQueue.CAPACITY, s.sideDropped().get("message"));
        assertEquals(0L, s.sideDropped().get("escalation"));
        link.up();
        settle();
        assertEquals(1, link.on("/all/alert").size(), "the escalation went when the link came");
    }

    @Test
    void what_the_client_refuses_at_its_own_limit_waits_in_its_place_and_goes_at_the_next_puback() throws Exception {
        start(8);
        link.limit(4); // Paho's in-flight limit, shared with what goes beside the events ("online" takes one)
        link.up();
        settle();
        for (long s = 1; s <= 5; s++) {
            raise(heartbeat(s));
        }
        UplinkStatus s = settle();
        assertEquals(List.of(1L, 2L, 3L), seqs(events()));
        assertEquals(3, s.inFlight(), "the refused one is not counted in flight");
        assertTrue(s.lastError().startsWith("publish: too many publishes"), s.lastError());
        link.ack(events().get(0));
        settle();
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(events()));
    }

    @Test
    void residents_hear_of_an_alert_once_the_broker_has_it_even_when_its_first_connection_dropped() throws Exception {
        start(4);
        link.up();
        settle();
        raise(panic(1));
        String residents = "/residents/" + panic(1).zone();
        assertEquals(List.of(), link.on(residents), "not before the alert's PUBACK");
        FakeLink.Published first = events().get(0);
        link.drop(); // before the PUBACK: the alert goes again, and residents must still hear once
        settle();
        link.awaitConnects(2);
        link.up();
        settle();
        assertEquals(List.of(1L, 1L), seqs(events()));
        assertEquals(List.of(), link.on(residents));
        link.ack(events().get(1));
        settle();
        assertEquals(1, link.on(residents).size(), "told once the broker has the alert");
        link.ack(first); // the lost connection's PUBACK, late
        settle();
        assertEquals(1, link.on(residents).size(), "told once, not twice");
    }

    @Test
    void a_centre_that_reads_online_finds_the_post_listening_for_commands_on_every_connection() throws Exception {
        start(4);
        for (int attempt = 1; attempt <= 2; attempt++) {
            link.awaitConnects(attempt);
            int before = link.wire().size();
            link.up();
            settle();
            settle(); // the SUBACK's work, handed over while the connection's ran
            List<String> all = link.wire();
            List<String> wire = all.subList(before, all.size()); // this connection's only
            int subscribed = wire.indexOf("subscribe " + topics.commands() + " " + topics.villageCommands());
            int online = wire.indexOf("publish " + topics.status());
            assertTrue(subscribed >= 0 && online > subscribed,
                    "the commands' subscription before \"online\", connection " + attempt + ": " + wire);
            link.drop();
            settle();
        }
    }

    @Test
    void a_refused_command_subscription_is_shown_while_the_post_stays_online_for_its_alerts() throws Exception {
        link.refuseSubscriptions(); // a broker ACL without the post's cmd/+ topics
        start(4);
        link.up();
        settle();
        UplinkStatus status = settle(); // after the SUBACK's work, handed over while the connection's ran
        assertEquals(topics.commands() + ", " + topics.villageCommands(), status.subscriptionRefused());
        assertEquals(1, link.on("/status").size(), "still online: its alerts go out");
        raise(panic(1));
        assertEquals(List.of(1L), seqs(events()));
    }
}
