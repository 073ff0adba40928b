package id.kentongan.it;

import id.kentongan.post.Gateway;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's incident, step by step: two posts of one village, one broker, the centre's console,
 * from the first press to the all-clear.
 */
@Timeout(120)
class IncidentIT {

    static final String KEY = "centre-key-0123456789-abcdefghijkl";

    @TempDir
    Path tmp;

    @Test
    void two_posts_a_broker_and_the_console_play_an_incident_from_press_to_all_clear() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber residents = Subscriber.connect(broker.uri(), "residents", "kentongan/v1/desa-uji/residents/+")) {
            Path pa = Profiles.writePost(tmp.resolve("a"), broker.uri(), "pos-a");
            Path pb = Profiles.writePost(tmp.resolve("b"), broker.uri(), "pos-b");
            Profiles.writeCentreKey(pa, "polsek-1", KEY);
            Profiles.writeCentreKey(pb, "polsek-1", KEY);
            Path centreKey = Profiles.writeCentreKey(tmp.resolve("centre/x"), "polsek-1", KEY);
            Path log = tmp.resolve("console.txt");
            Process console = GatewayProcess.command(log, "console", "--broker", broker.uri(), "--key-id", "polsek-1",
                    "--secrets", centreKey.toString());
            Gateway a = Gateway.start(new Gateway.Options(pa, tmp.resolve("a-state"), true, null, "127.0.0.1", 0));
            Gateway b = Gateway.start(new Gateway.Options(pb, tmp.resolve("b-state"), true, null, "127.0.0.1", 0));
            try (OutputStream typed = console.getOutputStream()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> read(log).contains("pos-a is ONLINE")
                        && read(log).contains("pos-b is ONLINE"));

                // 1. a guard at post A presses the panic button: siren at once, the centre sees #1, residents hear
                a.simulate("panic-1", true);
                a.simulate("panic-1", false);
                await().atMost(Duration.ofSeconds(1)).until(() -> a.outputOn("siren-1") || a.outputOn("strobe-1"));
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("#1  "));
                await().atMost(Duration.ofSeconds(10)).until(() -> residents.texts("/residents/z1").size() == 1);

                // 2.-3. the operator acknowledges: the guard's LED lights
                type(typed, "ack #1");
                await().atMost(Duration.ofSeconds(10)).until(() -> a.outputOn("led-ack"));

                // 4. the danger spreads: a village-wide flood alert sounds both posts
                type(typed, "alert desa-uji flood temporal-3");
                await().atMost(Duration.ofSeconds(10)).until(() -> b.outputOn("siren-1"));
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).split("alert: accepted", -1).length == 3);

                // 5. a guard at post B silences his siren locally; the centre learns it
                b.simulate("silence", true);
                b.simulate("silence", false);
                await().atMost(Duration.ofSeconds(2)).until(() -> !b.outputOn("siren-1"));
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("siren-silenced"));

                // 6. it is over: all-clear for the village
                type(typed, "clear desa-uji");
                await().atMost(Duration.ofSeconds(10)).until(() -> !a.outputOn("siren-1") && !a.outputOn("strobe-1")
                        && !b.outputOn("siren-1") && !b.outputOn("strobe-1"));
                await().atMost(Duration.ofSeconds(10)).until(() -> residents.texts("/residents/z1").stream()
                        .anyMatch(t -> t.contains("All clear")));
                type(typed, "alerts");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("cleared"));
                assertTrue(read(log).contains("all-clear: accepted"), read(log));
                type(typed, "quit");
            } finally {
                console.destroyForcibly();
                a.close();
                b.close();
            }
        }
        Threads.assertNoGatewayThreadsLeft();
    }

    static void type(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
