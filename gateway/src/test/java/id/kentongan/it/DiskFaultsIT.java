package id.kentongan.it;

import id.kentongan.field.NodeClient;
import id.kentongan.fixtures.Control;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.JournalFile;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Ports;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.SmallDisk;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static id.kentongan.fixtures.Scrape.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full or read-only disk, for real (#6): the gateway's state directory on a small tmpfs that the test
 * fills to its last byte with a file, or remounts read-only. While the journal cannot write, sirens sound,
 * alerts reach the centre live, the centre is told journal-failing and {@code /health} fails; when room
 * returns (the filler deleted, the file system remounted read-write) the journal recovers, every event
 * held meanwhile is journaled and delivered, and SQLite's integrity check passes. A gateway started on a
 * full or read-only disk arms, sounds and says so, instead of exiting into a restart loop.
 */
@Timeout(300)
class DiskFaultsIT {

    @TempDir
    Path tmp;

    @Test
    void a_disk_that_fills_while_running_still_sounds_and_sends_and_the_journal_recovers_when_room_returns()
            throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert",
                     "kentongan/v1/+/+/telemetry");
             SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 8)) {
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            StatusHttp.serveOn(profile, http, false);
            Path state = disk.dir().resolve("state");
            Path db = state.resolve("journal.db");
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"))) {
                Control post = new Control(state);
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() == 200);
                press(post, "door-1");
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.rows(db) == 1 && JournalFile.owed(db) == 0);

                long filled = disk.fill("filler");
                assertFalse(disk.hasRoom(), "full to the last byte");
                int mark = centre.distinctEvents().size();
                long pressed = System.nanoTime();
                press(post, "panic-1");
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                        .until(() -> post.sounding("siren-1"));
                double pressToSiren = (System.nanoTime() - pressed) / 1e6;
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre, mark).containsAll(
                        List.of("panic", "journal-failing")));
                await("/health says the journal cannot write").atMost(Duration.ofSeconds(5))
                        .until(() -> StatusHttp.get(http, "/health").code() == 503); // a snapshot at most 1 s old
                press(post, "door-1");
                press(post, "silence");
                press(post, "flood-1");
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre, mark).containsAll(
                        List.of("siren-silenced", "flood")));
                assertEquals(1, JournalFile.rows(db), "nothing could be written meanwhile");
                Set<String> live = identifiers(centre, mark);

                Files.delete(disk.dir().resolve("filler")); // room returns
                await().atMost(Duration.ofSeconds(15)).until(() -> kinds(centre, mark).contains("journal-recovered"));
                await().atMost(Duration.ofSeconds(15)).until(() -> JournalFile.owed(db) == 0);
                Map<String, Integer> journaled = JournalFile.identifiers(db);
                Set<String> delivered = identifiers(centre, 0);
                assertTrue(journaled.keySet().containsAll(live), "every event held meanwhile is journaled: "
                        + live + " in " + journaled.keySet());
                assertTrue(delivered.containsAll(journaled.keySet()), "and every journaled event delivered");
                assertEquals("ok", JournalFile.integrity(db));
                await().atMost(Duration.ofSeconds(5)).until(() -> StatusHttp.get(http, "/health").code() == 200);
                System.out.printf("disk full while running: filler %d bytes, press -> siren %.0f ms, %d events went "
                                + "out live while the journal could not write (%s), all %d journaled and delivered "
                                + "after the filler was deleted, integrity ok%n", filled, pressToSiren, live.size(),
                        kinds(centre, mark), journaled.size());
                assertEquals(143, gw.stop(), "a clean stop on SIGTERM");
            }
        }
    }

    /**
     * {@code mount -o remount,ro} is refused while the journal is open for writing (EBUSY), so the disk
     * turns read-only under the gateway the way an SD card's does: ext4 hits an error and, mounted
     * {@code errors=remount-ro}, goes read-only until it is unmounted. The post sounds and sends and says
     * so; it stops cleanly; after the repair a boot would make (e2fsck), the journal is sound and holds
     * everything committed before the failure.
     */
    @Test
    void a_file_system_turning_read_only_under_the_gateway_still_sounds_and_sends_and_its_journal_is_sound_after_repair()
            throws Exception {
        Path image = tmp.resolve("disk.img");
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert",
                     "kentongan/v1/+/+/telemetry");
             SmallDisk disk = SmallDisk.ext4(tmp.resolve("disk"), image, 16)) {
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            StatusHttp.serveOn(profile, http, false);
            Path state = disk.dir().resolve("state");
            Path db = state.resolve("journal.db");
            int mark;
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw-1.log"))) {
                Control post = new Control(state);
                press(post, "door-1");
                press(post, "tamper-1");
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.rows(db) == 2 && JournalFile.owed(db) == 0);
                press(post, "silence");
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.rows(db) == 3 && JournalFile.owed(db) == 0);

                disk.failLikeAnSdCard();
                assertFalse(disk.hasRoom(), "read-only now");
                mark = centre.distinctEvents().size();
                press(post, "panic-1");
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                        .until(() -> post.sounding("siren-1"));
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre, mark).containsAll(
                        List.of("panic", "journal-failing")));
                await().atMost(Duration.ofSeconds(5)).until(() -> StatusHttp.get(http, "/health").code() == 503);
                assertEquals(143, gw.stop(), "a clean stop on SIGTERM, though the journal cannot write");
            }
            disk.repair(image);
            assertEquals("ok", JournalFile.integrity(db));
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw-2.log"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.owed(db) == 0);
                Map<String, Integer> journaled = JournalFile.identifiers(db);
                assertTrue(journaled.size() >= 3, "everything committed before the failure is there: " + journaled);
                Set<String> live = identifiers(centre, mark);
                Set<String> onlyLive = new java.util.HashSet<>(live);
                onlyLive.removeAll(journaled.keySet());
                System.out.printf("disk turned read-only while running (ext4 errors=remount-ro): %d events went out "
                                + "live (%s); after a clean stop, e2fsck and a restart the journal passes its integrity "
                                + "check with the %d rows committed before, and the %d events held in memory at the "
                                + "stop were delivered live but not journaled%n", live.size(), kinds(centre, mark),
                        journaled.size() - (live.size() - onlyLive.size()), onlyLive.size());
                assertEquals(143, gw.stop());
            }
        }
    }

    @Test
    void a_gateway_started_on_a_read_only_disk_arms_sounds_says_so_and_journals_once_remounted_read_write()
            throws Exception {
        startedOnABadDisk(true);
    }

    @Test
    void a_gateway_started_on_a_full_disk_arms_sounds_says_so_and_journals_once_room_returns() throws Exception {
        startedOnABadDisk(false);
    }

    private void startedOnABadDisk(boolean readOnly) throws Exception {
        String what = readOnly ? "read-only" : "full";
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber centre = Subscriber.connect(broker.uri(), "centre", "kentongan/v1/+/+/alert",
                     "kentongan/v1/+/+/telemetry");
             SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 8)) {
            int coap = Ports.freeUdp();
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.writeWithNodes(tmp.resolve("etc"), broker.uri(), coap, 0);
            StatusHttp.serveOn(profile, http, false);
            Path state = disk.dir().resolve("state");
            Path db = state.resolve("journal.db");
            try (GatewayProcess first = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw-1.log"))) {
                press(new Control(state), "door-1"); // a journal with history, stopped cleanly
                await().atMost(Duration.ofSeconds(10)).until(() -> JournalFile.rows(db) == 1 && JournalFile.owed(db) == 0);
                assertEquals(143, first.stop());
            }
            int mark = centre.distinctEvents().size();
            if (readOnly) {
                disk.readOnly();
            } else {
                disk.fill("filler");
            }
            assertFalse(disk.hasRoom());

            Path log = tmp.resolve("gw-2.log");
            Process gw = GatewayProcess.command(log, "run", "--simulate", "--profile", profile.toString(),
                    "--state-dir", state.toString(), "--broker", broker.uri());
            try (NodeClient masjid = NodeClient.connect("127.0.0.1", coap, "masjid-1", null)
                    .timeout(Duration.ofSeconds(2))) {
                await("armed on a " + what + " disk").atMost(Duration.ofSeconds(30)).until(() -> {
                    if (!gw.isAlive()) {
                        throw new AssertionError("the gateway exited: " + read(log));
                    }
                    return read(log).contains("armed: post");
                });
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> StatusHttp.get(http, "/health").code() == 503);
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre, mark).contains("journal-failing"));
                assertTrue(read(log).contains("the post runs and sounds without it"), read(log));

                // the mosque's panic button: the siren sounds and the centre has it live; the node's
                // acknowledgement waits until its event is durable
                boolean answeredWhileHeld;
                try {
                    answeredWhileHeld = masjid.event(1, 1, "panic", null).ok();
                } catch (IOException unanswered) {
                    answeredWhileHeld = false;
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> value(StatusHttp.get(http, "/metrics").body(),
                        "kentongan_siren_sounding", "output=\"siren-1\"") == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> kinds(centre, mark).contains("panic"));
                assertFalse(answeredWhileHeld, "no acknowledgement to the node before its event is durable");
                assertTrue(gw.isAlive());
                Set<String> live = identifiers(centre, mark);

                if (readOnly) {
                    disk.readWrite();
                } else {
                    Files.delete(disk.dir().resolve("filler"));
                }
                await().atMost(Duration.ofSeconds(15)).until(() -> kinds(centre, mark).contains("journal-recovered"));
                NodeClient.Reply retry = masjid.event(1, 1, "panic", null);
                assertTrue(retry.ok(), retry.toString());
                await().atMost(Duration.ofSeconds(15)).until(() -> JournalFile.owed(db) == 0);
                Map<String, Integer> journaled = JournalFile.identifiers(db);
                assertTrue(journaled.keySet().containsAll(live), "every event held meanwhile is journaled: "
                        + live + " in " + journaled.keySet());
                assertTrue(retry.body().contains(centre.distinctEvents().stream()
                        .filter(r -> r.alert().kind().equals("panic")).findFirst().orElseThrow().alert().identifier()),
                        "the node's retry is answered with the alert the centre got: " + retry.body());
                assertEquals("ok", JournalFile.integrity(db));
                await().atMost(Duration.ofSeconds(5)).until(() -> StatusHttp.get(http, "/health").code() == 200);
                System.out.printf("started on a %s disk: armed, siren sounded, %d events went out live (%s), all "
                        + "journaled once %s; %d rows, integrity ok%n", what, live.size(), kinds(centre, mark),
                        readOnly ? "remounted read-write" : "the filler was deleted", journaled.size());
                gw.destroy();
                assertEquals(143, gw.waitFor(), "a clean stop on SIGTERM");
            } finally {
                gw.destroyForcibly();
                gw.waitFor();
            }
        }
    }

    private static void press(Control post, String input) throws IOException {
        post.set(input, true);
        post.set(input, false);
    }

    /** The kinds of the distinct events the centre received after the first {@code from}. */
    private static List<String> kinds(Subscriber centre, int from) {
        List<Subscriber.Received> all = centre.distinctEvents();
        return all.subList(Math.min(from, all.size()), all.size()).stream().map(r -> r.alert().kind()).toList();
    }

    private static Set<String> identifiers(Subscriber centre, int from) {
        List<Subscriber.Received> all = centre.distinctEvents();
        return all.subList(Math.min(from, all.size()), all.size()).stream().map(r -> r.alert().identifier())
                .collect(Collectors.toSet());
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
