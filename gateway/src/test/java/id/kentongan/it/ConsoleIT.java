package id.kentongan.it;

import id.kentongan.post.Gateway;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The centre's console as an operator uses it: typed commands on stdin, the post's LED and answers. */
@Timeout(120)
class ConsoleIT {

    @TempDir
    Path tmp;

    @Test
    void an_operator_sees_the_alert_acknowledges_it_and_the_post_knows() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = Profiles.writePost(tmp.resolve("post"), broker.uri(), "pos-a");
            Profiles.writeCentreKey(profile, "polsek-1", "centre-key-0123456789-abcdefghijkl");
            Path centreSecrets = Profiles.writeCentreKey(tmp.resolve("centre/x.yaml"), "polsek-1",
                    "centre-key-0123456789-abcdefghijkl");
            Path log = tmp.resolve("console.txt");
            Process console = GatewayProcess.command(log, "console", "--broker", broker.uri(), "--key-id", "polsek-1",
                    "--secrets", centreSecrets.toString());
            Gateway g = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
            try (OutputStream typed = console.getOutputStream()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> read(log).contains("desa-uji/pos-a is ONLINE"));
                g.simulate("panic-1", true);
                g.simulate("panic-1", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("#1  "));
                assertTrue(read(log).contains("panic"), read(log));

                type(typed, "ack #1");
                await().atMost(Duration.ofSeconds(10)).until(() -> g.outputOn("led-ack"));
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("ack: accepted"));
                type(typed, "alerts");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("acknowledged"));
                type(typed, "clear desa-uji/pos-a");
                await().atMost(Duration.ofSeconds(10)).until(() -> !g.outputOn("siren-1") && !g.outputOn("led-ack"));
                type(typed, "posts");
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).matches("(?s).*desa-uji/pos-a\\s+online.*"));
                type(typed, "quit");
                assertTrue(console.waitFor(10, TimeUnit.SECONDS), read(log));
            } finally {
                console.destroyForcibly();
                g.close();
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
