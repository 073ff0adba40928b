package id.kentongan.dispatch;

import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The loop's side of the watchdog, on a started loop with the real clock: it kicks after every turn,
 * wakes by itself when the watchdog asks, and stops kicking while a turn is stuck.
 */
@Timeout(30)
class WatchdogLoopTest {

    static final long KICK_EVERY = TimeUnit.MILLISECONDS.toNanos(20);

    final AtomicInteger kicks = new AtomicInteger();
    final CountDownLatch stuckInside = new CountDownLatch(1);
    final CountDownLatch unstick = new CountDownLatch(1);
    volatile boolean jamTheSiren;
    DispatchLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        unstick.countDown();
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void the_loop_kicks_while_it_turns_and_not_while_a_turn_is_stuck() throws Exception {
        SiteProfile profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(DispatchLoopTest.PROFILE));
        Inbox inbox = new Inbox(1024);
        Outputs outputs = (o, on) -> {
            if (jamTheSiren && o == DispatchLoopTest.SIREN && on) { // a GPIO write that never returns
                stuckInside.countDown();
                try {
                    unstick.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, outputs, e -> { }, e -> { }, InstantSource.system(),
                System::nanoTime);
        loop.watchWith(now -> {
            kicks.incrementAndGet();
            return now + KICK_EVERY;
        });
        loop.start();
        loop.armed().get(5, TimeUnit.SECONDS);

        // no input at all: the loop wakes for the watchdog, far more often than its own 1 s park
        int before = kicks.get();
        await("kicks without input").atMost(Duration.ofSeconds(2)).until(() -> kicks.get() - before >= 10);

        jamTheSiren = true;
        inbox.offer(new Input.Edge(DispatchLoopTest.PANIC, true, System.nanoTime()));
        stuckInside.await(5, TimeUnit.SECONDS);
        int stuckAt = kicks.get();
        await("no kick while stuck").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> kicks.get() == stuckAt);

        unstick.countDown();
        await("kicks again once the turn ends").atMost(Duration.ofSeconds(2)).until(() -> kicks.get() > stuckAt + 5);
    }
}
