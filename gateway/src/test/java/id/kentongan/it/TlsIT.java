package id.kentongan.it;

import id.kentongan.post.Gateway;
import id.kentongan.config.ProfileException;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uplink over TLS to a real Mosquitto, with a CA made by the test; and plaintext refused off the machine. */
@Timeout(90)
class TlsIT {

    @TempDir
    Path tmp;

    static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, Files.readString(dir.resolve("openssl.log")));
    }

    /** A CA, and a certificate it signs for 127.0.0.1 and localhost. */
    static void makeCa(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + "-ca.key", "-out", name + "-ca.pem", "-days", "2", "-subj", "/CN=" + name + " test CA");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + "-server.key", "-out", name + "-server.csr", "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(dir, "x509", "-req", "-in", name + "-server.csr", "-CA", name + "-ca.pem", "-CAkey", name + "-ca.key",
                "-CAcreateserial", "-out", name + "-server.pem", "-days", "2", "-extfile", "san.ext");
    }

    Path profile(String brokers, Path ca) throws Exception {
        Path p = Profiles.write(tmp.resolve("etc"), brokers);
        Files.writeString(p, Files.readString(p).replace("  window: 16\n", "  window: 16\n  tls: { ca: " + ca + " }\n"));
        return p;
    }

    @Test
    void alerts_go_over_tls_to_a_verified_broker_and_not_to_one_the_ca_did_not_sign() throws Exception {
        Path pki = tmp.resolve("pki");
        makeCa(pki, "good");
        makeCa(pki, "other");
        try (MosquittoBroker broker = MosquittoBroker.withTls(tmp.resolve("broker"), pki.resolve("good-ca.pem"),
                pki.resolve("good-server.pem"), pki.resolve("good-server.key")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert")) {
            Gateway g = Gateway.start(new Gateway.Options(profile(broker.tlsUri(), pki.resolve("good-ca.pem")),
                    tmp.resolve("state"), true, null, "127.0.0.1", 0));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> g.publisher().status().get().connected());
                g.simulate("panic-1", true);
                g.simulate("panic-1", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().size() == 1);
            } finally {
                g.close();
            }
            // the same broker, but the post trusts another CA: no connection, and it says why
            Gateway wrong = Gateway.start(new Gateway.Options(profile(broker.tlsUri(), pki.resolve("other-ca.pem")),
                    tmp.resolve("state2"), true, null, "127.0.0.1", 0));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !wrong.publisher().status().get().lastError().isEmpty());
                assertFalse(wrong.publisher().status().get().connected());
                String error = wrong.publisher().status().get().lastError();
                assertTrue(error.toLowerCase().contains("certif") || error.toLowerCase().contains("pkix"), error);
            } finally {
                wrong.close();
            }
        }
        Threads.assertNoGatewayThreadsLeft();
    }

    @Test
    void outside_simulation_plaintext_to_another_machine_is_refused_at_start() throws Exception {
        Path p = Profiles.write(tmp.resolve("etc"), "tcp://broker.example:1883");
        ProfileException e = assertThrows(ProfileException.class, () -> Gateway.start(new Gateway.Options(p,
                tmp.resolve("state"), false, null, "127.0.0.1", 0)));
        assertTrue(e.getMessage().contains("unencrypted") && e.getMessage().contains("allow_plaintext"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("state")), "refused before anything was touched");
        assertEquals(List.of("tcp://broker.example:1883"), id.kentongan.config.ProfileLoader.load(p).uplink().plaintextRemote());
    }
}
