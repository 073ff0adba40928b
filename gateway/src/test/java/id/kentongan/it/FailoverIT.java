package id.kentongan.it;

import id.kentongan.post.Gateway;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two brokers in the profile: when the first dies the gateway carries on through the second, losing nothing. */
@Timeout(120)
class FailoverIT {

    @TempDir
    Path tmp;

    @Test
    void the_gateway_fails_over_to_the_second_broker_and_loses_nothing() throws Exception {
        try (MosquittoBroker first = MosquittoBroker.on(tmp.resolve("b1")).start();
             MosquittoBroker second = MosquittoBroker.on(tmp.resolve("b2")).start();
             Subscriber onFirst = Subscriber.connect(first.uri(), "centre-1", "kentongan/v1/+/+/alert");
             Subscriber onSecond = Subscriber.connect(second.uri(), "centre-2", "kentongan/v1/+/+/alert")) {
            Path profile = Profiles.write(tmp.resolve("etc"), first.uri() + ", " + second.uri());
            Path db = tmp.resolve("state/journal.db");
            Gateway g = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> g.publisher().status().get().broker()
                        .equals(first.uri()));
                g.simulate("panic-1", true);
                g.simulate("panic-1", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> onFirst.distinctEvents().size() == 1);

                first.kill();
                g.simulate("flood-1", true);
                g.simulate("flood-1", false);
                g.simulate("tamper-1", true);
                g.simulate("tamper-1", false);
                await().atMost(Duration.ofSeconds(30)).until(() -> g.publisher().status().get().broker()
                        .equals(second.uri()));
                await().atMost(Duration.ofSeconds(30)).until(() -> JournalFile.owed(db) == 0);
                await().atMost(Duration.ofSeconds(10)).until(() -> onSecond.distinctEvents().size() >= 2);

                Set<String> arrived = new HashSet<>();
                onFirst.distinctEvents().forEach(r -> arrived.add(r.alert().identifier()));
                onSecond.distinctEvents().forEach(r -> arrived.add(r.alert().identifier()));
                assertEquals(JournalFile.identifiers(db).keySet(), arrived, "every event reached one broker or the other");
                assertTrue(g.publisher().status().get().reconnects() >= 1);
            } finally {
                g.close();
            }
        }
        Threads.assertNoGatewayThreadsLeft();
    }
}
