package id.kentongan.dispatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class InboxTest {

    /**
     * Both ways of waiting give the loop a press as soon as it is offered, long before the wait's own
     * limit (a minute here): a parked loop is woken, a spinning loop sees it.
     */
    @Test
    @Timeout(20)
    void a_waiting_loop_takes_a_press_at_once_whether_parked_or_spinning() throws Exception {
        for (Inbox.Wait wait : Inbox.Wait.values()) {
            Inbox inbox = new Inbox(16, wait);
            CompletableFuture<Input> taken = new CompletableFuture<>();
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            Thread loop = Thread.ofPlatform().start(() -> {
                waiting.complete(null);
                Input in;
                while ((in = inbox.poll()) == null) {
                    inbox.await(TimeUnit.MINUTES.toNanos(1));
                }
                taken.complete(in);
            });
            waiting.get();
            Input press = new Input.Edge(0, true, System.nanoTime());
            assertEquals(true, inbox.offer(press));
            assertEquals(press, taken.get(10, TimeUnit.SECONDS), wait + ": the press reached the loop");
            loop.join();
        }
    }

    @Test
    void a_full_inbox_refuses_and_counts_instead_of_blocking() {
        Inbox inbox = new Inbox(2, Inbox.Wait.SPIN);
        Input edge = new Input.Edge(0, true, 0);
        inbox.offer(edge);
        inbox.offer(edge);
        assertFalse(inbox.offer(edge));
        assertEquals(1, inbox.refused());
        assertNotNull(inbox.poll());
        assertEquals(1, inbox.depth());
    }

    /** A refused edge's mark wakes a waiting loop as an offered input does. */
    @Test
    @Timeout(20)
    void a_parked_loop_wakes_for_a_line_marked_to_be_read_again() throws Exception {
        for (Inbox.Wait wait : Inbox.Wait.values()) {
            Inbox inbox = new Inbox(1, wait);
            CompletableFuture<Long> taken = new CompletableFuture<>();
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            Thread loop = Thread.ofPlatform().start(() -> {
                waiting.complete(null);
                long marks;
                while ((marks = inbox.takeRereads()) == 0) {
                    inbox.await(TimeUnit.MINUTES.toNanos(1));
                }
                taken.complete(marks);
            });
            waiting.get();
            inbox.reread(3);
            assertEquals(1L << 3, taken.get(10, TimeUnit.SECONDS), wait + ": the mark reached the loop");
            loop.join();
        }
    }

    @Test
    void marks_of_one_line_coalesce_and_are_taken_once() {
        Inbox inbox = new Inbox(1);
        inbox.reread(3);
        inbox.reread(3);
        inbox.reread(0);
        assertEquals(1L << 3 | 1L, inbox.takeRereads());
        assertEquals(0, inbox.takeRereads());
    }

    /** A press and its release keep their order, and both come before what was queued ahead of them. */
    @Test
    void edges_keep_their_order_and_come_before_other_inputs() {
        Inbox inbox = new Inbox(16, Inbox.Wait.SPIN);
        inbox.offer(new Input.UplinkChanged(true));
        inbox.offer(new Input.Edge(3, true, 10));
        inbox.offer(new Input.UplinkChanged(false));
        inbox.offer(new Input.Edge(3, false, 20));
        assertEquals(4, inbox.depth());
        assertEquals(new Input.Edge(3, true, 10), inbox.poll());
        assertEquals(new Input.Edge(3, false, 20), inbox.poll());
        assertEquals(new Input.UplinkChanged(true), inbox.poll());
        assertEquals(new Input.UplinkChanged(false), inbox.poll());
        assertEquals(null, inbox.poll());
    }
}
