package id.kentongan.it;

import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.JournalFile;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a technician reads in {@code journalctl -u kentongan}: the gateway's own output while a field
 * node talks DTLS with its key, a centre signs a command with its key and guards press buttons. One
 * line per event, every line a whole record, and no key in any form.
 */
@Timeout(120)
class LogsIT {

    static final String PSK_MASJID = "Qk3v9bM1yWc2pZr8T0aLxg";
    static final String PSK_SUNGAI = "Zr8T0aLxgQk3v9bM1yWc2p";
    static final String CENTRE_KEY = "centre-key-0123456789-abcdefghijklmnop";
    /** SLF4J simple's line as gateway/src/main/resources/simplelogger.properties sets it, or the CLI's own. */
    static final Pattern RECORD = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} \\[(INFO|WARN|ERROR)] \\S+ - .+|kentongan: .+");

    @TempDir
    Path tmp;

    @Test
    void one_line_per_event_and_never_a_key() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            int dtls = Ports.freeUdp();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), 0, dtls);
            Path secrets = profile.resolveSibling("secrets.yaml");
            Files.deleteIfExists(secrets);
            Files.createFile(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(secrets, "psk:\n  masjid-1: \"" + PSK_MASJID + "\"\n  sungai-1: \"" + PSK_SUNGAI
                    + "\"\ncentres:\n  polsek-1: \"" + CENTRE_KEY + "\"\n");
            Path state = tmp.resolve("state");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> gw.log().contains("uplink: connected"));
                assertEquals(0, kentongan("press", "panic-1", "--hold-ms", "10", "--state-dir", state.toString()));
                assertEquals(0, kentongan("node", "send", "masjid-1", "panic", "--dtls", "--port",
                        Integer.toString(dtls), "--profile", profile.toString(), "--secrets", secrets.toString()));
                assertEquals(0, kentongan("node", "send", "sungai-1", "level", "--value", "1.5", "--dtls", "--port",
                        Integer.toString(dtls), "--profile", profile.toString(), "--secrets", secrets.toString()));
                assertEquals(0, kentongan("command", "silence", "--post", "desa-uji/pos-uji", "--key-id", "polsek-1",
                        "--secrets", secrets.toString(), "--broker", broker.uri()));
                assertEquals(0, kentongan("press", "tamper-1", "--hold-ms", "10", "--state-dir", state.toString()));

                Path db = state.resolve("journal.db");
                // panic, the node's panic, the silence that ended both, the node's level, tamper
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.rows(db) >= 5);
                Map<String, Integer> journaled = JournalFile.identifiers(db);
                assertEquals(143, gw.stop(), "a clean stop on SIGTERM");
                List<String> lines = gw.log().lines().toList();

                List<String> broken = lines.stream().filter(l -> !RECORD.matcher(l).matches()).toList();
                assertEquals(List.of(), broken, "every line is one whole record (no stack trace, no wrapped text)");
                List<String> missing = new ArrayList<>();
                journaled.forEach((identifier, priority) -> {
                    long n = lines.stream().filter(l -> l.contains(identifier) && l.contains("journaled")).count();
                    boolean telemetry = priority == 3;
                    if (n != (telemetry ? 0 : 1)) {
                        missing.add(identifier + " (priority " + priority + "): " + n + " lines");
                    }
                });
                assertEquals(List.of(), missing, "each alert on exactly one line, telemetry on none:\n" + gw.log());
                assertTrue(journaled.values().stream().filter(p -> p < 3).count() >= 4, journaled.toString());

                String all = gw.log();
                for (String key : List.of(PSK_MASJID, PSK_SUNGAI, CENTRE_KEY)) {
                    byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
                    for (String form : List.of(key, HexFormat.of().formatHex(bytes),
                            HexFormat.of().withUpperCase().formatHex(bytes), Base64.getEncoder().encodeToString(bytes),
                            key.substring(0, 12))) {
                        assertFalse(all.contains(form), "the log holds key material (" + form + "):\n" + all);
                    }
                }
            }
        }
    }

    int kentongan(String... args) throws Exception {
        GatewayProcess.Ran r = GatewayProcess.run(tmp, args);
        if (r.exit() != 0) {
            System.err.println("kentongan " + String.join(" ", args) + ":\n" + r.output());
        }
        return r.exit();
    }
}
