package id.kentongan.uplink;

import id.kentongan.alert.Post;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker's accounts as 'kentongan keys' prints them and as the shipped ACL file has them. */
class BrokerAccountTest {

    static final Path ACL = Path.of("..", "firmware-config", "mosquitto", "kentongan.acl");
    static final Post EXAMPLE = new Post("sukamaju", "rt03-rw05", "Pos", "z1", ZoneId.of("Asia/Jakarta"));

    @Test
    void a_password_line_hashes_as_mosquitto_passwd_does() {
        // made by Mosquitto 2.0.11's own tool: mosquitto_passwd -c -b pw desa-uji/pos-uji secret-pass-123
        String made = "$7$101$bPQ9lkx/JfS6R2A9$hhGLjikuqvUROLwdlfxd/KLpLmpRLpWD+rf7iCXpBsDmfpAOzBum32iF8BDB1+jmSk3"
                + "oSJkKpDHzM04O8/a1yQ==";
        assertEquals(made, BrokerAccount.hash("secret-pass-123", Base64.getDecoder().decode("bPQ9lkx/JfS6R2A9")));
        String line = BrokerAccount.passwordLine("desa-uji/pos-uji", "secret-pass-123", new SecureRandom());
        assertTrue(line.matches("desa-uji/pos-uji:\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), line);
        assertTrue(!line.contains("secret-pass-123"), "the broker holds only the hash");
    }

    @Test
    void the_shipped_acl_has_the_post_patterns_and_the_example_blocks_as_the_code_makes_them() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(ACL).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        List<String> expected = new ArrayList<>(BrokerAccount.postPatterns("kentongan/v1"));
        Topics t = Topics.of("kentongan/v1", EXAMPLE);
        expected.addAll(BrokerAccount.postBlock(t, "sukamaju/rt03-rw05", null));
        expected.addAll(BrokerAccount.centreBlock("kentongan/v1", "polsek-sukamaju", List.of("sukamaju")));
        expected.addAll(BrokerAccount.residentsBlock("kentongan/v1", "warga-sukamaju", List.of("sukamaju")));
        assertEquals(expected, lines);
    }

    @Test
    void a_post_named_otherwise_than_village_slash_post_gets_its_own_topics_by_name() {
        Topics t = Topics.of("kentongan/v1", EXAMPLE);
        List<String> block = BrokerAccount.postBlock(t, "pos-rt03", "homeassistant");
        assertTrue(block.contains("topic write " + t.alert()) && block.contains("topic read " + t.commands())
                && block.contains("topic write " + t.status()), block.toString());
        assertTrue(block.contains("topic write kentongan/v1/sukamaju/rt03-rw05/ha/#")
                && block.contains("topic write homeassistant/#"), block.toString());
        assertTrue(!BrokerAccount.postBlock(t, "sukamaju/rt03-rw05", null).contains("topic write " + t.alert()),
                "the patterns give the default name its own topics");
    }
}
