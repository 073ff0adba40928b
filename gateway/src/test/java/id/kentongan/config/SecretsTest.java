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
}
