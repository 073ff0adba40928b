package id.kentongan.observability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The status server's threads: a thread per request up to a cap, slow requests told from answered ones. */
class HttpThreadsTest {

    final List<String> logged = new ArrayList<>();
    final Refusals<HttpThreads.Refusal> refusals = new Refusals<>("status page", HttpThreads.Refusal.class,
            Duration.ofMinutes(1), System::nanoTime, logged::add);

    @Test
    void past_its_cap_a_request_is_refused_at_once_and_counted() throws Exception {
        HttpThreads threads = new HttpThreads(2, Duration.ofSeconds(5), refusals);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        try {
            for (int i = 0; i < 2; i++) {
                threads.execute(() -> {
                    threads.answered();
                    running.countDown();
                    await().until(() -> release.getCount() == 0);
                });
            }
            running.await();
            assertEquals(2, threads.active());
            assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
            assertEquals(1, refusals.count(HttpThreads.Refusal.BUSY));
        } finally {
            release.countDown();
            threads.close();
        }
    }

    @Test
    void a_request_that_never_reached_the_handler_in_its_time_is_counted_slow_and_an_answered_one_is_not()
            throws Exception {
        HttpThreads threads = new HttpThreads(4, Duration.ofMillis(300), refusals);
        CountDownLatch done = new CountDownLatch(3);
        try {
            threads.execute(() -> { // the JDK closed it: the read failed after maxReqTime
                sleep(300);
                done.countDown();
            });
            threads.execute(() -> { // a client that closed a kept-alive connection: quick, not a refusal
                done.countDown();
            });
            threads.execute(() -> { // a slow answer to a whole request
                threads.answered();
                sleep(300);
                done.countDown();
            });
            done.await();
            await().until(() -> threads.active() == 0);
            assertEquals(1, refusals.count(HttpThreads.Refusal.SLOW));
            assertEquals(0, refusals.count(HttpThreads.Refusal.BUSY));
        } finally {
            threads.close();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms); // stands for the JDK's blocking read, which its timer ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
