package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulation's built-in broker (Moquette) against Mosquitto's own clients, as a user runs them:
 * {@code mosquitto_sub} with no client id (MQTT 3.1.1's way to ask the broker for one) reads the post,
 * and a packet over 256 KiB is refused before the broker reads it.
 */
@Timeout(120)
class EmbeddedBrokerIT {

    /** 256 KiB, the whole packet: the type byte, a 3-byte remaining length, then the rest. */
    static final int MAX_PACKET = 262_144;

    @TempDir
    Path tmp;
    final List<Process> clients = new ArrayList<>();
    GatewayProcess gateway;
    int port;

    @BeforeEach
    void start() throws Exception {
        port = Ports.freeTcp();
        Path profile = Profiles.write(tmp.resolve("etc"), "embedded");
        gateway = GatewayProcess.startOwnBroker(profile, tmp.resolve("state"), port, tmp.resolve("gateway.log"));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : clients) {
            p.destroyForcibly().waitFor();
        }
        gateway.close();
    }

    Process client(Path out, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        clients.add(p);
        return p;
    }

    /** Runs a mosquitto client to its end; @return its exit code. */
    int run(String... command) throws Exception {
        Process p = client(Files.createTempFile(tmp, "client", ".log"), command);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return p.exitValue();
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mosquitto_sub_without_a_client_id_reads_the_simulated_posts_status_and_its_alert() throws Exception {
        Path out = tmp.resolve("sub.txt");
        Process sub = client(out, "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t",
                "kentongan/#", "-v");
        await("the retained status").atMost(Duration.ofSeconds(20)).until(() -> {
            assertTrue(sub.isAlive(), () -> "mosquitto_sub ended: " + read(out));
            return read(out).contains("kentongan/v1/desa-uji/pos-uji/status {\"state\":\"online\"");
        });
        assertEquals(0, GatewayProcess.run(tmp, "press", "panic-1", "--state-dir",
                tmp.resolve("state").toString()).exit());
        await("the panic alert").atMost(Duration.ofSeconds(20)).until(() -> read(out).lines().anyMatch(
                l -> l.startsWith("kentongan/v1/desa-uji/pos-uji/alert {") && l.contains("\"event\":\"panic\"")));
    }

    @Test
    void the_built_in_broker_takes_a_packet_of_256_kib_and_refuses_one_byte_more() throws Exception {
        // a QoS 1 PUBLISH to probe/big: 4 bytes of fixed header, 2 + 9 of topic, 2 of packet id, the payload
        int atLimit = MAX_PACKET - 4 - 11 - 2;
        Path at = Files.write(tmp.resolve("at"), "A".repeat(atLimit).getBytes());
        Path over = Files.write(tmp.resolve("over"), "A".repeat(atLimit + 1).getBytes());
        String p = Integer.toString(port);
        // retained, so that the subscriber shows it is subscribed (Moquette 0.17 keeps a retained message at QoS 1 only)
        assertEquals(0, run("mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-q", "1", "-r", "-t", "probe/ready", "-m",
                "1"));
        Path out = tmp.resolve("sub.txt");
        client(out, "mosquitto_sub", "-h", "127.0.0.1", "-p", p, "-t", "probe/#", "-F", "%t %l");
        await("subscribed").atMost(Duration.ofSeconds(20)).until(() -> read(out).contains("probe/ready 1"));

        assertEquals(0, run("mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-q", "1", "-t", "probe/big", "-f",
                at.toString()), "a 256 KiB packet is taken and acknowledged");
        assertNotEquals(0, run("mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-q", "1", "-t", "probe/big", "-f",
                over.toString()), "one byte more: the broker drops the connection instead of a PUBACK");
        assertEquals(0, run("mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-q", "1", "-t", "probe/after", "-m",
                "after"));
        await().atMost(Duration.ofSeconds(20)).until(() -> read(out).contains("probe/after 5"));
        assertTrue(read(out).contains("probe/big " + atLimit), read(out).lines().toList().toString());
        assertFalse(read(out).contains("probe/big " + (atLimit + 1)), read(out).lines().toList().toString());
        assertTrue(gateway.log().contains("message length exceeds"), "the broker says why");
    }
}
