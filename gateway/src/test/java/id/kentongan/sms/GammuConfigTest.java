package id.kentongan.sms;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's configurations in firmware-config/gammu say what the gateway relies on, and cannot drift. */
class GammuConfigTest {

    private static List<String> settings(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void the_simulation_file_is_what_the_gateway_writes_for_its_own_daemon() throws Exception {
        String file = Files.readString(Path.of("..", "firmware-config", "gammu", "simulation.smsdrc"));
        assertEquals(settings(SmsdProcess.dummyConfig(Path.of("/x"))), settings(file.replace("DIR", "/x")));
    }

    @Test
    void the_post_file_uses_the_files_backend_with_unicode_inbox_and_automatic_coding() throws Exception {
        List<String> post = settings(Files.readString(Path.of("..", "firmware-config", "gammu", "post.smsdrc")));
        for (String needed : List.of("service = files", "inboxformat = unicode", "transmitformat = auto",
                "connection = at")) {
            assertTrue(post.contains(needed), needed);
        }
    }
}
