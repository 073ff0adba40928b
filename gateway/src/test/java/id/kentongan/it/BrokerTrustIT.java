package id.kentongan.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.post.Gateway;
import id.kentongan.config.Secrets;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Threads;
import id.kentongan.uplink.PostSignature;
import id.kentongan.uplink.PostVerifier;
import id.kentongan.uplink.SignedCommand;
import id.kentongan.uplink.Watcher;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who is who on the broker: a real Mosquitto started from the shipped configuration and ACL
 * (firmware-config/mosquitto) as an installer sets it up, with accounts made by {@code kentongan keys};
 * a post, its centre and a residents' client each do what the topic contract says and nothing else.
 * And on a broker that lets anyone publish, {@code watch} tells the post's own alert from a forgery.
 */
@Timeout(180)
class BrokerTrustIT {

    static final Path SHIPPED = Path.of("..", "firmware-config", "mosquitto");
    static final String ROOT = "kentongan/v1/sukamaju";
    static final String CENTRE_KEY_ID = "polsek-1";
    static final String CENTRE_KEY = "centre-key-0123456789-abcdefghijkl";

    @TempDir
    Path tmp;

    /** What a client of the test received, in order. */
    record Seen(List<Watcher.Message> messages) {
        Seen() {
            this(new CopyOnWriteArrayList<>());
        }

        boolean has(Predicate<Watcher.Message> p) {
            return messages.stream().anyMatch(p);
        }

        static Predicate<Watcher.Message> on(String topic, String text) {
            return m -> m.topic().equals(topic) && new String(m.payload(), StandardCharsets.UTF_8).contains(text);
        }
    }

    static String text(Watcher.Message m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    /** A post of the example village, with its CA and a quick escalation, over TLS to the broker. */
    static Path post(Path dir, String brokerUri, String id, Path ca) throws Exception {
        Path p = Profiles.writePost(dir, brokerUri, id);
        Files.writeString(p, Files.readString(p).replace("village: desa-uji", "village: sukamaju")
                .replace("escalate_after: 1h", "escalate_after: 2s")
                .replace("  window: 16\n", "  window: 16\n  tls: { ca: " + ca + " }\n"));
        return p;
    }

    static GatewayProcess.Ran kentongan(Path dir, String... args) throws Exception {
        GatewayProcess.Ran r = GatewayProcess.run(dir, args);
        assertEquals(0, r.exit(), r.output());
        return r;
    }

    static String passwordLine(String keysOutput, String user) {
        return keysOutput.lines().filter(l -> l.startsWith(user + ":$7$101$")).findFirst()
                .orElseThrow(() -> new AssertionError("no password line for " + user + ":\n" + keysOutput));
    }

    static List<String> aclBlock(String keysOutput) {
        return keysOutput.lines().filter(l -> l.startsWith("user ") || l.startsWith("topic ")).toList();
    }

    static Watcher client(MosquittoBroker broker, String user, String password, Path ca, String filter, Seen seen)
            throws MqttException {
        return Watcher.start(broker.tlsUri(), new Watcher.Login(user, password, ca), List.of(filter),
                seen.messages()::add, s -> { });
    }

    @Test
    void the_shipped_broker_lets_posts_centres_and_residents_do_what_the_contract_says_and_nothing_else()
            throws Exception {
        Path pki = tmp.resolve("pki");
        TlsIT.makeCa(pki, "broker");
        Path ca = pki.resolve("broker-ca.pem");
        Path passwd = tmp.resolve("broker-etc/kentongan.passwd");
        Path acl = tmp.resolve("broker-etc/kentongan.acl");
        MosquittoBroker broker = MosquittoBroker.fromShipped(tmp.resolve("broker"), SHIPPED.resolve("kentongan.conf"),
                Map.of("certfile", pki.resolve("broker-server.pem"), "keyfile", pki.resolve("broker-server.key"),
                        "password_file", passwd, "acl_file", acl));

        // the installer: each post makes its own account and prints what the broker and the centre need
        Path postA = post(tmp.resolve("post-a"), broker.tlsUri(), "rt03-rw05", ca);
        Profiles.writeCentreKey(postA, CENTRE_KEY_ID, CENTRE_KEY);
        String keysA = kentongan(tmp, "keys", "--profile", postA.toString()).output();
        Path postB = post(tmp.resolve("post-b"), broker.tlsUri(), "rt04-rw05", ca);
        String keysB = kentongan(tmp, "keys", "--profile", postB.toString()).output();
        Path centreSecrets = tmp.resolve("centre/secrets.yaml");
        String keysCentre = kentongan(tmp, "keys", "--centre", "polsek-sukamaju", "--villages", "sukamaju",
                "--secrets", centreSecrets.toString()).output();
        String signingLineA = keysA.lines().filter(l -> l.startsWith("  sukamaju/rt03-rw05: \"")).findFirst()
                .orElseThrow();
        Files.writeString(centreSecrets, Files.readString(centreSecrets) + "centres:\n  " + CENTRE_KEY_ID + ": \""
                + CENTRE_KEY + "\"\nposts:\n" + signingLineA + "\n");

        // the broker's files: the shipped ACL as it is (its example accounts are A, the centre and the
        // residents), post B's block as 'keys' printed it; the password lines as printed, and the
        // residents' app's made with mosquitto_passwd
        List<String> shippedAcl = Files.readAllLines(SHIPPED.resolve("kentongan.acl"));
        assertTrue(shippedAcl.containsAll(aclBlock(keysA)) && shippedAcl.containsAll(aclBlock(keysCentre)),
                "the shipped ACL has the blocks 'keys' prints for its example accounts");
        Files.createDirectories(acl.getParent());
        Files.writeString(acl, String.join("\n", shippedAcl) + "\n" + String.join("\n", aclBlock(keysB)) + "\n");
        Files.createFile(passwd, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwd, passwordLine(keysA, "sukamaju/rt03-rw05") + "\n"
                + passwordLine(keysB, "sukamaju/rt04-rw05") + "\n" + passwordLine(keysCentre, "polsek-sukamaju") + "\n");
        String residentsPassword = "warga-password-0123456789";
        Process mp = new ProcessBuilder("mosquitto_passwd", "-b", passwd.toString(), "warga-sukamaju",
                residentsPassword).redirectErrorStream(true).start();
        assertTrue(mp.waitFor(10, TimeUnit.SECONDS) && mp.exitValue() == 0, new String(mp.getInputStream().readAllBytes()));

        String passwordA = Secrets.load(postA.resolveSibling("secrets.yaml")).mqttPassword();
        Secrets centre = Secrets.load(centreSecrets);
        PostVerifier verifier = new PostVerifier(centre.postKeys());
        Path state = tmp.resolve("state-a");
        try (broker) {
            broker.start();
            // no account, or a wrong password: not even a connection
            MqttException anonymous = assertThrows(MqttException.class, () -> client(broker, null, null, ca,
                    "kentongan/#", new Seen()).close());
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode(), anonymous.toString());
            MqttException wrong = assertThrows(MqttException.class, () -> client(broker, "sukamaju/rt03-rw05",
                    "not-the-password-0123", ca, "kentongan/#", new Seen()).close());
            assertTrue(wrong.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || wrong.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION, wrong.toString());

            Seen atCentre = new Seen();
            Seen atResidents = new Seen();
            Seen asA = new Seen();
            try (Watcher c = client(broker, "polsek-sukamaju", centre.mqttPassword(), ca, "kentongan/#", atCentre);
                 Watcher residents = client(broker, "warga-sukamaju", residentsPassword, ca, "kentongan/#", atResidents);
                 Watcher rawA = client(broker, "sukamaju/rt03-rw05", passwordA, ca, "kentongan/#", asA);
                 GatewayProcess gw = GatewayProcess.start(postA, state, broker.tlsUri(), tmp.resolve("gw-a.log"))) {
                // the post logs in and its status, signed, reaches the centre
                await().atMost(Duration.ofSeconds(20)).until(() -> atCentre.has(m -> m.topic().equals(ROOT
                        + "/rt03-rw05/status") && text(m).contains("online") && verifier.check(m.topic(),
                        m.payload()).verified()));

                // a press reaches the centre, verified; the residents' message reaches the residents; the
                // unacknowledged alarm is escalated to the village-wide topic
                kentongan(tmp, "press", "flood-1", "--state-dir", state.toString());
                await().atMost(Duration.ofSeconds(15)).until(() -> atCentre.has(m -> m.topic().equals(ROOT
                        + "/rt03-rw05/alert") && text(m).contains("flood")));
                Watcher.Message alert = atCentre.messages().stream().filter(m -> m.topic().equals(ROOT
                        + "/rt03-rw05/alert")).findFirst().orElseThrow();
                assertEquals(PostVerifier.Mark.VERIFIED, verifier.check(alert.topic(), alert.payload()).mark());
                String identifier = new ObjectMapper().readTree(alert.payload()).path("identifier").asText();
                await().atMost(Duration.ofSeconds(15)).until(() -> atResidents.has(Seen.on(ROOT + "/residents/z2",
                        identifier)));
                await().atMost(Duration.ofSeconds(15)).until(() -> atCentre.has(m -> m.topic().equals(ROOT
                        + "/all/alert") && text(m).contains(identifier) && verifier.check(m.topic(), m.payload())
                        .verified()));

                // a signed command reaches the post, for it and for the whole village; the answers are verified
                String ack = command(c, "rt03-rw05", "ack", refs(identifier));
                String silence = command(c, "all", "silence", new ObjectMapper().createObjectNode());
                for (String nonce : List.of(ack, silence)) {
                    await().atMost(Duration.ofSeconds(15)).until(() -> atCentre.has(m -> m.topic().equals(ROOT
                            + "/rt03-rw05/result") && text(m).contains(nonce) && text(m).contains("accepted")
                            && verifier.check(m.topic(), m.payload()).verified()));
                }

                // nothing else: post A's account on B's topics and on commands, the residents and the
                // centre on alerts; each denied publish is followed by one A may make, which the broker
                // (one thread) delivers after anything it would have let through before it
                byte[] fake = "{\"forged\":true}".getBytes(StandardCharsets.UTF_8);
                for (String t : List.of("/rt04-rw05/alert", "/rt04-rw05/status", "/rt04-rw05/result", "/all/cmd/silence",
                        "/rt04-rw05/cmd/silence", "/rt03-rw05/cmd/silence")) {
                    rawA.publish(ROOT + t, fake);
                }
                residents.publish(ROOT + "/rt03-rw05/alert", fake);
                residents.publish(ROOT + "/residents/z1", fake);
                residents.publish(ROOT + "/rt03-rw05/cmd/silence", fake);
                c.publish(ROOT + "/rt03-rw05/alert", fake);
                c.publish(ROOT + "/all/alert", fake);
                rawA.publish(ROOT + "/rt03-rw05/telemetry", "{\"marker\":1}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> atCentre.has(Seen.on(ROOT + "/rt03-rw05/telemetry",
                        "marker")));
                assertTrue(atCentre.messages().stream().noneMatch(m -> text(m).contains("forged")),
                        "the broker let a denied message through: " + topics(atCentre));

                // the all-clear: its residents' message is the last thing the residents can read, so by then
                // they would have had anything else the broker let them read
                command(c, "rt03-rw05", "all-clear", new ObjectMapper().createObjectNode());
                await().atMost(Duration.ofSeconds(15)).until(() -> atResidents.has(m -> text(m).contains("All clear")));
                assertTrue(atResidents.messages().stream().allMatch(m -> m.topic().startsWith(ROOT + "/residents/")),
                        "residents read only residents' messages: " + topics(atResidents));
                // and A's own account: a last command it may read
                c.publish(ROOT + "/rt03-rw05/cmd/marker", "{\"marker\":3}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(30)).until(() -> asA.has(Seen.on(ROOT + "/rt03-rw05/cmd/marker",
                        "\"marker\":3")));
                assertTrue(asA.messages().stream().allMatch(m -> m.topic().startsWith(ROOT + "/rt03-rw05/cmd/")
                        || m.topic().startsWith(ROOT + "/all/cmd/")), "a post reads only its commands: " + topics(asA));
                assertTrue(asA.has(m -> m.topic().equals(ROOT + "/all/cmd/silence")), topics(asA).toString());

                // a packet over 256 KiB: the broker drops the client that sent it, and delivers nothing of it
                assertThrows(MqttException.class, () -> rawA.publish(ROOT + "/rt03-rw05/alert", new byte[300_000]));
                c.publish(ROOT + "/rt03-rw05/cmd/marker", "{\"marker\":2}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> atCentre.has(Seen.on(ROOT + "/rt03-rw05/cmd/marker",
                        "\"marker\":2")));
                assertTrue(atCentre.messages().stream().allMatch(m -> m.payload().length <= 262_144));
            }
        }
    }

    static ObjectNode refs(String identifier) {
        ObjectNode args = new ObjectMapper().createObjectNode();
        args.putArray("refs").add(identifier);
        return args;
    }

    /** Signs as the centre and publishes; @return the nonce its answers carry. */
    static String command(Watcher centre, String target, String verb, ObjectNode args) throws Exception {
        String topic = ROOT + "/" + target + "/cmd/" + verb;
        String nonce = SignedCommand.newNonce(new SecureRandom());
        centre.publish(topic, SignedCommand.sign(topic, args, CENTRE_KEY_ID,
                CENTRE_KEY.getBytes(StandardCharsets.US_ASCII), Instant.now(), nonce));
        return nonce;
    }

    static List<String> topics(Seen seen) {
        return seen.messages().stream().map(Watcher.Message::topic).distinct().toList();
    }

    @Test
    void watch_marks_a_forged_fire_from_an_outsider_and_shows_the_posts_own_alert_verified() throws Exception {
        // a broker that lets anyone publish (as the README's old recipe did): the signature is what is left
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            String keys = kentongan(tmp, "keys", "--profile", profile.toString()).output();
            String line = keys.lines().filter(l -> l.startsWith("  desa-uji/pos-uji: \"")).findFirst().orElseThrow();
            Path centreSecrets = tmp.resolve("centre/secrets.yaml");
            Files.createDirectories(centreSecrets.getParent());
            Files.createFile(centreSecrets, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(centreSecrets, "posts:\n" + line + "\n");
            Path watchLog = tmp.resolve("watch.txt");
            Process watch = GatewayProcess.command(watchLog, "watch", "--broker", broker.uri(), "--secrets",
                    centreSecrets.toString(), "--count", "3");
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> read(watchLog).contains("subscribed"));
                kentongan(tmp, "press", "panic-1", "--state-dir", state.toString());
                await().atMost(Duration.ofSeconds(15)).until(() -> read(watchLog).contains("panic"));

                // an outsider: a fire "from" the post, with a made-up signature, and one with none
                String topic = "kentongan/v1/desa-uji/pos-uji/alert";
                Post post = new Post("desa-uji", "pos-uji", "Pos uji", "z1", ZoneId.of("Asia/Jakarta"));
                byte[] fire = CapJson.encode(new Event(99, 1, Event.identifier(post, 1, 99), AlertKind.FIRE,
                        AlertKind.FIRE.defaultPriority(), "smoke-1", "z1", System.currentTimeMillis(),
                        Event.CapStatus.Actual, Event.MsgType.Alert, null), post);
                byte[] madeUp = PostSignature.signer("desa-uji", "pos-uji",
                        "guessed-key-0123456789-abcdefghijklmn".getBytes(StandardCharsets.US_ASCII)).sign(fire);
                MqttClient outsider = new MqttClient(broker.uri(), "outsider", new MemoryPersistence());
                outsider.connect();
                outsider.publish(topic, madeUp, 1, false);
                outsider.publish(topic, fire, 1, false);
                outsider.disconnect();
                outsider.close();
                assertTrue(watch.waitFor(20, TimeUnit.SECONDS), read(watchLog));
                List<String> alerts = new ArrayList<>(read(watchLog).lines()
                        .filter(l -> l.contains("desa-uji/pos-uji #")).toList());
                assertEquals(3, alerts.size(), read(watchLog));
                assertTrue(alerts.get(0).startsWith("verified    ") && alerts.get(0).contains("panic"), alerts.get(0));
                assertTrue(alerts.get(1).startsWith("FORGED      ") && alerts.get(1).contains("fire")
                        && alerts.get(1).endsWith("(bad signature for desa-uji/pos-uji)"), alerts.get(1));
                assertTrue(alerts.get(2).startsWith("UNVERIFIED  ") && alerts.get(2).contains("fire")
                        && alerts.get(2).endsWith("(unsigned)"), alerts.get(2));
                gw.stop();
            } finally {
                watch.destroyForcibly();
            }
        }
    }

    @Test
    void a_posts_password_is_refused_in_the_clear_to_another_machine_even_for_a_broker_given_on_the_command_line()
            throws Exception {
        Path profile = Profiles.write(tmp.resolve("etc"), "tcp://127.0.0.1:1883");
        kentongan(tmp, "keys", "--profile", profile.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gateway.start(
                new Gateway.Options(profile, tmp.resolve("state"), true, "tcp://broker.example:1883", "127.0.0.1", 0)));
        assertTrue(e.getMessage().contains("MQTT password would cross the network unencrypted")
                && e.getMessage().contains("allow_plaintext"), e.getMessage());
        assertTrue(!e.getMessage().contains(Secrets.load(profile.resolveSibling("secrets.yaml")).mqttPassword()));
        Threads.assertNoGatewayThreadsLeft();
    }

    static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
