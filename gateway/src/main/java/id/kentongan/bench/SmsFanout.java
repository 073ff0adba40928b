package id.kentongan.bench;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsRow;
import id.kentongan.config.Directory;
import id.kentongan.config.Modem;
import id.kentongan.sms.Planner;
import id.kentongan.sms.SmsGateway;
import id.kentongan.sms.Spool;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P7, SMS to a zone of 1,000 residents (#13): a press through the dispatch loop, its 1,000 messages
 * planned in the press event's own journal transaction, the first handed to the modem's spool (the
 * daemon's outbox) by the SMS thread. Baselines in the same run, on the same disk: the press event alone
 * made durable (what the 1,000 rows add to the commit), and one bare hand-over (a file written, forced
 * and renamed into the outbox: the floor under the first message). Then memory while 10,000 messages wait
 * for a modem that takes two at a time: the SMS part holds a page of the journal, not the queue.
 */
final class SmsFanout {

    static final int RESIDENTS = 1_000;

    private SmsFanout() {
    }

    record Result(Latency firstHanded, Latency allDurable, Latency pressDurable, Latency bareHandover,
                  long heapIdleBytes, long heapWaitingBytes, long waiting) {
    }

    static Result run(Path dir, int presses) throws Exception {
        Latency first = new Latency();
        Latency all = new Latency();
        Latency alone = new Latency();
        Latency bare = new Latency();
        for (int i = 0; i < presses; i++) {
            press(dir.resolve("p7-" + i), first, all, true);
            press(dir.resolve("p7-alone-" + i), null, alone, false);
            Spool spool = new Spool(dir.resolve("p7-bare-" + i)).create();
            long t = System.nanoTime();
            spool.hand('B', "+6280000000001", String.format("%016x", i), text());
            bare.record(System.nanoTime() - t);
        }
        long[] heap = waiting(dir.resolve("p7-waiting"));
        return new Result(first, all, alone, bare, heap[0], heap[1], heap[2]);
    }

    private static String text() {
        return "Bahaya di sekitar Pos bench. Tetap di dalam rumah, kunci pintu, tunggu arahan petugas. (#1)";
    }

    private static SiteProfile profile(Path spool) throws Exception {
        return ProfileLoader.load(Path.of("bench.yaml"), new StringReader("""
                post: { id: bench, village: bench, zone: z1 }
                zones: [z1]
                inputs:
                  - { id: panic-1, pin: 17, debounce: 0ms }
                outputs:
                  - { id: siren-1, pin: 5, role: siren }
                rules:
                  - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1] }
                status: { port: 0 }
                sms:
                  modems: [{ id: modem-1, spool: "%s", per_minute: 12, window: 2 }]
                  residents: { life-safety: own-zone }
                """.formatted(spool)));
    }

    /** 1,000 residents in z1, with fictional numbers: the register's shape without its file. */
    private static Directory zone() {
        List<Directory.Entry> residents = new ArrayList<>();
        for (int r = 0; r < RESIDENTS; r++) {
            residents.add(new Directory.Entry(String.format("r%04d", r), "z1", r % 3 == 0 ? "en" : "id",
                    String.format("r%04d", r), false));
        }
        return new Directory() {
            @Override
            public String number(String key) {
                return "+62800" + String.format("%07d", Integer.parseInt(key.substring(1)));
            }

            @Override
            public List<Entry> residents(String z) {
                return z.equals("z1") ? residents : List.of();
            }

            @Override
            public Entry person(String key) {
                return null;
            }

            @Override
            public Entry entry(String key) {
                return null;
            }

            @Override
            public Entry byNumber(String number) {
                return null;
            }

            @Override
            public String countryCode() {
                return "62";
            }
        };
    }

    /** One press on a fresh post; with SMS, the first hand-over and the 1,000 rows durable, else the press alone. */
    private static void press(Path dir, Latency firstHanded, Latency durable, boolean sms) throws Exception {
        Files.createDirectories(dir);
        Path spoolDir = dir.resolve("spool");
        SiteProfile profile = profile(spoolDir);
        Spool spool = new Spool(spoolDir).create();
        AtomicLong durableAt = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        SmsGateway[] gw = new SmsGateway[1];
        try (Journal journal = Journal.open(dir.resolve("journal.db"))) {
            JournalWriter writer = new JournalWriter(journal, new JournalWriter.Listener() {
                @Override
                public void committed(long highestSeq, List<Event> events) {
                    if (!sms) {
                        durableAt.compareAndSet(0, System.nanoTime());
                    }
                }

                @Override
                public void delivered(long[] seqs) {
                }

                @Override
                public void smsQueued(int n) {
                    if (rows.addAndGet(n) >= RESIDENTS) {
                        durableAt.compareAndSet(0, System.nanoTime());
                    }
                    gw[0].smsQueued(n);
                }

                @Override
                public void smsMarked(List<SmsRow.Marked> marks) {
                    gw[0].smsMarked(marks);
                }
            });
            if (sms) {
                writer.planSmsWith(new Planner(profile.post(), profile.zones(), profile.sms(), zone(),
                        profile.residents()));
            }
            gw[0] = new SmsGateway(profile.sms().modems(), Map.of(), journal.smsOutbox(), writer, zone()::number,
                    SmsGateway.Replies.NONE, InstantSource.system(), profile.post().timeZone(), System::nanoTime, 30);
            Inbox inbox = new Inbox(1024);
            DispatchLoop loop = new DispatchLoop(profile.toSite(), journal.boot(), journal.lastSeq(), inbox, (o, on) -> { },
                    writer, e -> { }, InstantSource.system(), System::nanoTime);
            writer.start();
            gw[0].start();
            loop.start();
            loop.armed().get(5, TimeUnit.SECONDS);
            Thread.sleep(300); // the SMS thread has made its first turn and parks, as on a quiet post
            try {
                long t0 = System.nanoTime();
                inbox.offer(new Input.Edge(0, true, t0));
                inbox.offer(new Input.Edge(0, false, t0));
                if (sms) {
                    long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
                    while (spool.waiting().isEmpty() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    firstHanded.record(System.nanoTime() - t0);
                }
                long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
                while (durableAt.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                durable.record(durableAt.get() - t0);
            } finally {
                loop.stop();
                gw[0].stop();
                writer.stop();
            }
        }
    }

    /** Heap after a full collection with nothing waiting, then with 10,000 messages waiting for the modem. */
    private static long[] waiting(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path spoolDir = dir.resolve("spool");
        SiteProfile profile = profile(spoolDir);
        new Spool(spoolDir).create();
        AtomicLong rows = new AtomicLong();
        SmsGateway[] gw = new SmsGateway[1];
        try (Journal journal = Journal.open(dir.resolve("journal.db"))) {
            JournalWriter writer = new JournalWriter(journal, new JournalWriter.Listener() {
                @Override
                public void committed(long highestSeq, List<Event> events) {
                }

                @Override
                public void delivered(long[] seqs) {
                }

                @Override
                public void smsQueued(int n) {
                    rows.addAndGet(n);
                    gw[0].smsQueued(n);
                }

                @Override
                public void smsMarked(List<SmsRow.Marked> marks) {
                    gw[0].smsMarked(marks);
                }
            });
            writer.planSmsWith(new Planner(profile.post(), profile.zones(), profile.sms(), zone(), profile.residents()));
            gw[0] = new SmsGateway(profile.sms().modems(), Map.of(), journal.smsOutbox(), writer, zone()::number,
                    SmsGateway.Replies.NONE, InstantSource.system(), profile.post().timeZone(), System::nanoTime, 30);
            writer.start();
            gw[0].start();
            try {
                Thread.sleep(500);
                long idle = heapAfterGc();
                for (int i = 1; i <= 10; i++) { // ten alarms, each to the whole zone
                    writer.append(new Event(i, journal.boot(), "KTG-bench-bench-" + journal.boot() + "-" + i,
                            AlertKind.PANIC, AlertKind.PANIC.defaultPriority(), "panic-1", "z1", System.currentTimeMillis(),
                            Event.CapStatus.Actual, Event.MsgType.Alert, null));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (rows.get() < 10L * RESIDENTS && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(2_000); // the SMS thread turns several times with 10,000 waiting
                long busy = heapAfterGc();
                long waitingNow = gw[0].counts().get(SmsRow.State.QUEUED);
                return new long[] {idle, busy, waitingNow};
            } finally {
                gw[0].stop();
                writer.stop();
            }
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static List<Figure> figures(Result r) {
        double mb = 1024.0 * 1024.0;
        return List.of(
                new Figure("P7", "press -> first of 1,000 SMS handed to the daemon, p50 (target 100 ms)",
                        r.firstHanded().p(50) / 1000.0, "ms", "one bare hand-over (write, fsync, rename)",
                        r.bareHandover().p(50) / 1000.0, "first handed " + r.firstHanded().summary()
                        + "; bare hand-over " + r.bareHandover().summary()),
                new Figure("P7", "press -> all 1,000 SMS rows durable, p50 (target 2 s)",
                        r.allDurable().p(50) / 1000.0, "ms", "press -> the press event alone durable",
                        r.pressDurable().p(50) / 1000.0, "1,000 rows " + r.allDurable().summary() + "; press alone "
                        + r.pressDurable().summary()),
                new Figure("P7", "heap with 10,000 SMS waiting for the modem", r.heapWaitingBytes() / mb, "MB",
                        "heap with none waiting", r.heapIdleBytes() / mb, r.waiting() + " waiting in the journal; "
                        + "the SMS thread holds one page (a modem's window), after a full GC"));
    }
}
