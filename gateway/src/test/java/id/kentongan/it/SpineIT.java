package id.kentongan.it;

import id.kentongan.alert.CapJson;
import id.kentongan.post.Gateway;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spine end to end, in process, against a real Mosquitto: a press sounds the siren, is journaled
 * and reaches an independent subscriber as CAP; an outage is ridden out by the journal.
 */
@Timeout(120)
class SpineIT {

    static final String ROOT = "kentongan/v1/desa-uji/pos-uji";

    @TempDir
    Path tmp;
    MosquittoBroker broker;
    Subscriber centre;
    Gateway gateway;

    @BeforeEach
    void startBroker() throws Exception {
        broker = MosquittoBroker.on(tmp.resolve("broker")).start();
        centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(), ROOT + "/alert",
                ROOT + "/telemetry", ROOT + "/status");
    }

    @AfterEach
    void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        centre.close();
        broker.close();
        Threads.assertNoGatewayThreadsLeft();
    }

    Gateway startGateway() throws Exception {
        Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
        gateway = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
        return gateway;
    }

    boolean uplinkConnected() throws Exception {
        return gateway.publisher().status().get().connected();
    }

    void press(String input) {
        gateway.simulate(input, true);
        gateway.simulate(input, false);
    }

    @Test
    void press_sounds_the_siren_in_its_pattern_and_reaches_the_command_centre_as_cap() throws Exception {
        startGateway();
        await().atMost(Duration.ofSeconds(10)).until(this::uplinkConnected);

        gateway.simulate("panic-1", true);
        await().atMost(Duration.ofSeconds(1)).until(() -> gateway.outputOn("siren-1"));
        gateway.simulate("panic-1", false);
        // titir: the siren beats, off then on again every 150 ms
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> !gateway.outputOn("siren-1"));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> gateway.outputOn("siren-1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> centre.events().size() == 1);
        CapJson.Summary alert = centre.events().get(0).alert();
        assertEquals("panic", alert.kind());
        assertEquals("life-safety", alert.priority());
        assertEquals("pos-uji", alert.post());
        assertEquals("desa-uji", alert.village());
        assertEquals("panic-1", alert.source());
        assertEquals("Actual", alert.status());
        assertEquals("Alert", alert.msgType());
        Map<String, Integer> journaled = JournalFile.identifiers(tmp.resolve("state/journal.db"));
        assertEquals(List.copyOf(journaled.keySet()), List.of(alert.identifier()),
                "the identifier on the wire is the journal's");
        assertTrue(centre.statusPayloads().stream().anyMatch(s -> s.contains("\"online\"")),
                "retained status says online: " + centre.statusPayloads());
        await().atMost(Duration.ofSeconds(5)).until(() -> JournalFile.owed(tmp.resolve("state/journal.db")) == 0);
    }

    @Test
    void silence_input_stops_the_siren_and_the_centre_learns_which_alert_was_silenced() throws Exception {
        startGateway();
        press("panic-1");
        await().atMost(Duration.ofSeconds(1)).until(() -> gateway.outputOn("strobe-1"));
        press("silence");
        await().atMost(Duration.ofSeconds(1)).until(() -> !gateway.outputOn("strobe-1") && !gateway.outputOn("siren-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().size() == 2);
        CapJson.Summary panic = centre.distinctEvents().get(0).alert();
        CapJson.Summary silenced = centre.distinctEvents().get(1).alert();
        assertEquals("siren-silenced", silenced.kind());
        assertEquals("Update", silenced.msgType());
        String payload = new String(centre.distinctEvents().get(1).payload());
        assertTrue(payload.contains(panic.identifier()), "references the panic alert: " + payload);
    }

    @Test
    void a_damaged_journal_is_kept_aside_and_the_centre_is_told() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("state"));
        java.nio.file.Files.writeString(tmp.resolve("state/journal.db"), "garbage ".repeat(512));
        startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().kind().equals("journal-damaged")));
        assertTrue(java.nio.file.Files.list(tmp.resolve("state"))
                .anyMatch(p -> p.getFileName().toString().startsWith("journal.db.damaged-")));
        press("panic-1"); // and the post works on with the fresh journal
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().kind().equals("panic")));
    }

    @Test
    void when_the_journal_cannot_write_alerts_still_go_out_live_the_centre_is_told_and_it_recovers() throws Exception {
        startGateway();
        await().atMost(Duration.ofSeconds(10)).until(this::uplinkConnected);
        Path db = tmp.resolve("state/journal.db");
        // a full or read-only disk, as SQLite sees it: every insert fails
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.executeUpdate("CREATE TRIGGER disk_full BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
        press("panic-1");
        await().atMost(Duration.ofSeconds(1)).until(() -> gateway.outputOn("siren-1") || gateway.outputOn("strobe-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().kind().equals("panic")));
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().kind().equals("journal-failing")));
        assertEquals(0, JournalFile.rows(db));

        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER disk_full"); // space returns
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.rows(db) >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.distinctEvents().stream()
                .anyMatch(r -> r.alert().kind().equals("journal-recovered")));
        assertTrue(JournalFile.identifiers(db).containsKey(centre.distinctEvents().stream()
                .filter(r -> r.alert().kind().equals("panic")).findFirst().orElseThrow().alert().identifier()),
                "the panic that went out live is journaled once the disk works again");
    }

    @Test
    void residents_in_the_alerts_zone_get_both_languages_and_others_nothing() throws Exception {
        try (Subscriber z2 = Subscriber.connect(broker.uri(), "resident-z2", "kentongan/v1/desa-uji/residents/z2");
             Subscriber z1 = Subscriber.connect(broker.uri(), "resident-z1", "kentongan/v1/desa-uji/residents/z1")) {
            startGateway();
            press("flood-1"); // the flood rule's zone is z2
            await().atMost(Duration.ofSeconds(10)).until(() -> !z2.received().isEmpty());
            String msg = new String(z2.received().get(0).payload());
            assertTrue(msg.contains("\"headline\":\"Banjir di z2\"") && msg.contains("Naik ke tempat tinggi sekarang.")
                    && msg.contains("\"headline\":\"Flood in z2\"") && msg.contains("Go to high ground now."), msg);
            press("door-1"); // telemetry: not for residents
            await().atMost(Duration.ofSeconds(5)).until(() -> centre.distinctEvents().size() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> z1.received().isEmpty()
                    && z2.received().size() == 1);
        }
    }

    @Test
    void the_centres_cap_alert_gives_the_residents_instruction_and_expires_a_day_after_it_was_sent()
            throws Exception {
        startGateway();
        press("flood-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !centre.events().isEmpty());
        var cap = new com.fasterxml.jackson.databind.ObjectMapper().readTree(centre.events().get(0).payload());
        var info = cap.path("info");
        assertEquals("Naik ke tempat tinggi sekarang.", info.get(0).path("instruction").asText(), cap.toString());
        assertEquals("Go to high ground now.", info.get(1).path("instruction").asText(), cap.toString());
        var sent = java.time.OffsetDateTime.parse(cap.path("sent").asText());
        for (var block : info) {
            assertEquals(sent.plusHours(24), java.time.OffsetDateTime.parse(block.path("expires").asText()),
                    "life-safety by default: in effect for a day");
        }
    }

    @Test
    void backlog_after_an_outage_is_delivered_whole_and_life_safety_first() throws Exception {
        startGateway();
        await().atMost(Duration.ofSeconds(10)).until(this::uplinkConnected);
        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !uplinkConnected());

        // 125 rounds of four: panic (life-safety), tamper (security), door (telemetry), and the silence
        // that ends the round (a supervision update); 500 events in all, while the broker is down
        for (int i = 0; i < 125; i++) {
            press("panic-1");
            press("tamper-1");
            press("door-1");
            press("silence");
        }
        Path db = tmp.resolve("state/journal.db");
        await().atMost(Duration.ofSeconds(20)).until(() -> JournalFile.owed(db) == 500);
        assertTrue(centre.events().isEmpty());

        broker.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> centre.distinctEvents().size() >= 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.owed(db) == 0);

        Map<String, Integer> journaled = JournalFile.identifiers(db);
        List<CapJson.Summary> firsts = centre.distinctEvents().stream().map(r -> r.alert()).toList();
        assertEquals(journaled.keySet(), firsts.stream().map(CapJson.Summary::identifier).collect(Collectors.toSet()),
                "every journaled event arrived, and nothing else");
        Map<String, Long> perClass = firsts.stream().collect(Collectors.groupingBy(CapJson.Summary::priority,
                Collectors.counting()));
        assertEquals(Map.of("life-safety", 125L, "security", 125L, "supervision", 125L, "telemetry", 125L), perClass);
        List<Integer> order = firsts.stream().map(s -> journaled.get(s.identifier())).toList();
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1) <= order.get(i), "priority order broken at arrival " + i + ": " + order);
        }
        Map<String, byte[]> first = new HashMap<>();
        for (var r : centre.events()) {
            byte[] before = first.putIfAbsent(r.alert().identifier(), r.payload());
            if (before != null) {
                assertArrayEquals(before, r.payload(), "a duplicate is the same message: " + r.alert().identifier());
            }
        }
        long seqOrderWithinClass = firsts.stream().collect(Collectors.groupingBy(CapJson.Summary::priority))
                .values().stream().filter(list -> !isIncreasing(list.stream().mapToLong(CapJson.Summary::seq)
                        .toArray())).count();
        assertEquals(0, seqOrderWithinClass, "within a class, oldest first");
    }

    private static boolean isIncreasing(long[] a) {
        return Arrays.equals(a, Arrays.stream(a).sorted().toArray());
    }
}
