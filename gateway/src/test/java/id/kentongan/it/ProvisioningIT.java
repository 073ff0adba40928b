package id.kentongan.it;

import id.kentongan.config.ProfileLoader;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole field-node story as a technician lives it: provision a node with the CLI, restart the
 * gateway, the node (played by libcoap's coap-client with the printed key) sends an event over DTLS,
 * and the command centre's {@code watch} prints the alert.
 */
@Timeout(120)
class ProvisioningIT {

    @TempDir
    Path tmp;

    @Test
    void a_node_provisioned_with_the_cli_reaches_the_command_centre_over_dtls() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            int dtls = Ports.freeUdp();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), 0, dtls);
            Path secrets = profile.resolveSibling("secrets.yaml");

            Path addLog = tmp.resolve("add.txt");
            Process add = GatewayProcess.command(addLog, "node", "add", "pasar-1", "--zone", "z2", "--events", "fire",
                    "--pattern", "steady", "--outputs", "strobe-1", "--label", "Detektor asap pasar", "--heartbeat",
                    "1h", "--profile", profile.toString(), "--gateway", "127.0.0.1");
            assertTrue(add.waitFor(60, TimeUnit.SECONDS));
            String printed = Files.readString(addLog);
            assertEquals(0, add.exitValue(), printed);
            Matcher m = Pattern.compile("(?m)^psk\\s*=\\s*(\\S+)").matcher(printed);
            assertTrue(m.find(), printed);
            String key = m.group(1);
            assertTrue(printed.contains("gateway            = coaps://127.0.0.1:" + dtls), printed);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
            assertTrue(Files.readString(secrets).contains("pasar-1: \"" + key + "\""));
            assertTrue(ProfileLoader.load(profile).nodeIndex("pasar-1") >= 0, "the node is in the profile");

            Path watchLog = tmp.resolve("watch.txt");
            Process watch = GatewayProcess.command(watchLog, "watch", "--broker", broker.uri(), "--count", "1");
            try (GatewayProcess gw = GatewayProcess.start(profile, tmp.resolve("state"), broker.uri(),
                    tmp.resolve("gw.log"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(watchLog).contains("subscribed"));
                Process node = new ProcessBuilder("/usr/bin/coap-client-openssl", "-m", "post", "-t", "json", "-B",
                        "10", "-u", "pasar-1", "-k", key, "-e", "{\"boot\":1,\"seq\":1,\"kind\":\"fire\"}",
                        "coaps://127.0.0.1:" + dtls + "/events").redirectErrorStream(true).start();
                String answer = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(node.waitFor(20, TimeUnit.SECONDS));
                assertTrue(answer.contains("\"seq\":1"), answer + "\n" + gw.log());
                await().atMost(Duration.ofSeconds(10)).until(() -> !watch.isAlive());
                String seen = Files.readString(watchLog);
                assertTrue(seen.contains("fire") && seen.contains("from pasar-1") && seen.contains("Kebakaran / Fire"),
                        seen);
                gw.stop();
            } finally {
                watch.destroyForcibly();
            }
        }
    }
}
