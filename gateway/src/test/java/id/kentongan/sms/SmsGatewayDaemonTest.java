package id.kentongan.sms;

import id.kentongan.config.Modem;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SMS part between the journal and the real gammu-smsd (dummy phone): every queued message is sent
 * once and recorded, and a message a crashed gateway had already handed over is recognised in the
 * daemon's outbox and never written again.
 */
@Timeout(90)
class SmsGatewayDaemonTest {

    private static final Post POST = new Post("desa-uji", "pos-uji", "Pos uji", "z1", ZoneId.of("Asia/Jakarta"));

    @TempDir
    Path tmp;

    private static Event panic(long seq) {
        return new Event(seq, 1, Event.identifier(POST, 1, seq), AlertKind.PANIC, AlertKind.PANIC.defaultPriority(),
                "panic-1", "z1", 1_700_000_000_000L, Event.CapStatus.Actual, Event.MsgType.Alert, null);
    }

    /** r00..r{n-1}, each a resident of z1. */
    private static JournalWriter writer(Journal j, JournalWriter.Listener l, int residents) {
        JournalWriter w = new JournalWriter(j, l);
        w.planSmsWith((e, journaled, plan) -> {
            for (int r = 0; r < residents; r++) {
                plan.send(new SmsRow(e.identifier(), String.format("r%02d", r), e.seq(), e.priority(), 1, "resident",
                        "Bahaya di Pos uji #" + e.seq()));
            }
        });
        return w;
    }

    private static String number(String key) {
        return "+62812000000" + key.substring(1);
    }

    private static long files(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void every_queued_message_is_sent_once_recorded_and_archived() throws Exception {
        Path spool = tmp.resolve("modem-1");
        try (Journal j = Journal.open(tmp.resolve("journal.db"));
             SmsdProcess daemon = SmsdProcess.start(spool, System::nanoTime)) {
            Modem modem = new Modem("modem-1", spool, daemon.logFile(), 600, 3);
            SmsGateway[] gw = new SmsGateway[1];
            JournalWriter w = writer(j, new Relay(gw), 20);
            gw[0] = new SmsGateway(List.of(modem), Map.of("modem-1", daemon), j.smsOutbox(), w,
                    SmsGatewayDaemonTest::number, SmsGateway.Replies.NONE, InstantSource.system(), POST.timeZone(),
                    System::nanoTime, 30);
            w.start();
            gw[0].start();
            try {
                w.append(panic(1));
                await().atMost(Duration.ofSeconds(60)).until(() -> gw[0].counts().get(SmsRow.State.SENT) == 20);
                await().atMost(Duration.ofSeconds(5)).until(() -> files(spool.resolve("archive")) == 20);
            } finally {
                gw[0].stop();
                w.stop();
            }
            assertEquals(0, files(spool.resolve("sent")), "every sent message archived once its fate is durable");
            assertEquals(20, gw[0].status().sent());
        }
    }

    @Test
    void a_message_handed_over_before_a_crash_is_recognised_and_never_written_again() throws Exception {
        Path spool = tmp.resolve("modem-1");
        Modem modem = new Modem("modem-1", spool, null, 600, 5);
        new Spool(spool).create();
        try (Journal j = Journal.open(tmp.resolve("journal.db"))) {
            SmsGateway[] gw = new SmsGateway[1];
            JournalWriter w = writer(j, new Relay(gw), 3);
            w.start();
            try {
                w.append(panic(1));
                await().atMost(Duration.ofSeconds(10)).until(() -> j.smsOutbox().counts().get(SmsRow.State.QUEUED) == 3);
                // the gateway that crashes: it hands over, but its marks never reach the disk
                JournalWriter lost = new JournalWriter(j, JournalWriter.Listener.all());
                SmsGateway crashed = new SmsGateway(List.of(modem), Map.of(), j.smsOutbox(), lost,
                        SmsGatewayDaemonTest::number, SmsGateway.Replies.NONE, InstantSource.system(),
                        POST.timeZone(), System::nanoTime, 30);
                crashed.turn(System.nanoTime());
                assertEquals(3, new Spool(spool).waiting().size(), "in the daemon's outbox; the journal says queued");
                assertEquals(3L, j.smsOutbox().counts().get(SmsRow.State.QUEUED));

                gw[0] = new SmsGateway(List.of(modem), Map.of(), j.smsOutbox(), w, SmsGatewayDaemonTest::number,
                        SmsGateway.Replies.NONE, InstantSource.system(), POST.timeZone(), System::nanoTime, 30);
                gw[0].turn(System.nanoTime());
                await().atMost(Duration.ofSeconds(10)).until(() -> j.smsOutbox().counts().get(SmsRow.State.HANDED) == 3);
                gw[0].turn(System.nanoTime());
                assertEquals(3, files(spool.resolve("outbox")), "recognised: not one written twice");
                try (SmsdProcess daemon = SmsdProcess.start(spool, System::nanoTime)) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        gw[0].turn(System.nanoTime());
                        return j.smsOutbox().counts().get(SmsRow.State.SENT) == 3;
                    });
                }
                assertEquals(3, Files.readString(spool.resolve("smsd.log")).lines()
                        .filter(l -> l.contains("Transmitted OUT")).count(), "the daemon sent each once");
            } finally {
                w.stop();
            }
        }
    }

    /** Passes the writer's word on to the gateway made after it. */
    private record Relay(SmsGateway[] to) implements JournalWriter.Listener {
        @Override
        public void committed(long highestSeq, List<Event> events) {
        }

        @Override
        public void delivered(long[] seqs) {
        }

        @Override
        public void smsQueued(int rows) {
            if (to[0] != null) {
                to[0].smsQueued(rows);
            }
        }

        @Override
        public void smsMarked(List<SmsRow.Marked> marks) {
            if (to[0] != null) {
                to[0].smsMarked(marks);
            }
        }
    }
}
