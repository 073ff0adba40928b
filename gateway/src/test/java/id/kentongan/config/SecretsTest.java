package id.kentongan.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The secrets file: private, and a provisioned key lands in its section whatever follows it. */
class SecretsTest {

    @TempDir
    Path tmp;

    @Test
    void a_new_node_key_goes_under_psk_even_when_centres_follow_and_the_file_stays_private() throws Exception {
        Path s = tmp.resolve("secrets.yaml");
        Files.createFile(s, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(s, """
                # keys
                psk:
                  masjid-1: "Qk3v9bM1yWc2pZr8T0aLxg"

                centres:
                  polsek-1: "centre-key-0123456789-abcdefghijkl"
                """);
        Secrets.addPsk(s, "pasar-1", "Zz3v9bM1yWc2pZr8T0aLxg");
        Secrets loaded = Secrets.load(s);
        assertEquals("Zz3v9bM1yWc2pZr8T0aLxg", loaded.psks().get("pasar-1"));
        assertEquals(2, loaded.psks().size());
        assertEquals(1, loaded.centres().size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s)));
        assertTrue(Files.readString(s).contains("# keys"), "comments stay");
    }

    @Test
    void the_packages_empty_secrets_file_holds_no_keys_and_takes_the_first_node_key() throws Exception {
        Path s = tmp.resolve("secrets.yaml");
        Files.createFile(s, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(s, Files.readString(Path.of("..", "systemd", "secrets.yaml.empty")));
        Secrets empty = Secrets.load(s);
        assertEquals(0, empty.psks().size() + empty.centres().size());
        Secrets.addPsk(s, "masjid-1", "Qk3v9bM1yWc2pZr8T0aLxg"); // 'kentongan node add' on a fresh install
        assertEquals("Qk3v9bM1yWc2pZr8T0aLxg", Secrets.load(s).psks().get("masjid-1"));
    }

    @Test
    void a_secrets_file_others_may_read_is_refused_with_the_fix() throws Exception {
        Path s = tmp.resolve("secrets.yaml");
        Files.writeString(s, "psk:\n  masjid-1: \"Qk3v9bM1yWc2pZr8T0aLxg\"\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rw-r--r--"));
        ProfileException e = assertThrows(ProfileException.class, () -> Secrets.load(s));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertTrue(!e.getMessage().contains("Qk3v9bM1"), "the key itself is never shown");
    }

    @Test
    void a_posts_own_password_and_signing_key_are_added_once_and_never_shown() throws Exception {
        Path s = tmp.resolve("secrets.yaml");
        Files.createFile(s, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(s, "psk:\n  masjid-1: \"Qk3v9bM1yWc2pZr8T0aLxg\"\n");
        Secrets.addOwnKeys(s, "mqtt-password-0123456789", "signing-key-0123456789-abcdefghijkl");
        Secrets loaded = Secrets.load(s);
        assertEquals("mqtt-password-0123456789", loaded.mqttPassword());
        assertEquals("signing-key-0123456789-abcdefghijkl", loaded.signingKey());
        assertEquals(1, loaded.psks().size(), "the node keys stay");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s)));
        assertThrows(IllegalStateException.class, () -> Secrets.addOwnKeys(s, "another-password-0123", null));
        String shown = loaded.toString();
        assertTrue(shown.contains("mqtt_password") && shown.contains("signing_key") && !shown.contains("0123456789")
                && !shown.contains("Qk3v9"), shown);
    }

    @Test
    void a_centre_holds_the_posts_signing_keys_by_village_and_post() throws Exception {
        Path s = tmp.resolve("centre.yaml");
        Files.createFile(s, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(s, """
                mqtt_password: "centre-password-0123456789"
                posts:
                  sukamaju/rt03-rw05: "post-key-0123456789-abcdefghijklmnop"
                """);
        assertEquals("post-key-0123456789-abcdefghijklmnop",
                new String(Secrets.load(s).postKeys().get("sukamaju/rt03-rw05")));
        Files.writeString(s, """
                mqtt_password: "short"
                posts:
                  rt03-rw05: "post-key-0123456789-abcdefghijklmnop"
                  sukamaju/rt04: "too-short"
                """);
        ProfileException e = assertThrows(ProfileException.class, () -> Secrets.load(s));
        assertTrue(e.getMessage().contains(":1: mqtt_password must be") && e.getMessage().contains(":3: 'rt03-rw05' is "
                + "not a post as village/post") && e.getMessage().contains(":4: the key of post 'sukamaju/rt04'"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("too-short") && !e.getMessage().contains("\"short\""),
                "no secret is quoted");
    }
}
