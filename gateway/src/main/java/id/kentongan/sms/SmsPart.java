package id.kentongan.sms;

import id.kentongan.config.SmsSettings;
import id.kentongan.config.Modem;
import id.kentongan.config.Directory;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.dispatch.Inbox;
import id.kentongan.journal.Journal;
import id.kentongan.journal.JournalWriter;
import id.kentongan.journal.SmsPlanner;
import id.kentongan.journal.SmsRow;
import id.kentongan.alert.Residents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The SMS part as the composition root sees it: made from the profile's {@code sms} section and the
 * register, it gives the journal its planner and listener, runs the {@link SmsGateway}, and in
 * simulation the dummy-phone daemons. Threads: the owner makes, starts and closes it; {@link #status}
 * from any thread.
 */
public final class SmsPart implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmsPart.class);

    private final SmsSettings settings;
    private final List<Modem> modems;
    private final Map<String, SmsdProcess> daemons;
    private final Planner planner;
    private final Directory directory;
    private final Map<String, Integer> residentsByZone;
    private volatile SmsGateway gateway;
    private volatile Inbound inbound;

    private SmsPart(SmsSettings settings, List<Modem> modems, Map<String, SmsdProcess> daemons, Planner planner,
                    Directory directory, Map<String, Integer> residentsByZone) {
        this.settings = settings;
        this.modems = modems;
        this.daemons = daemons;
        this.planner = planner;
        this.directory = directory;
        this.residentsByZone = residentsByZone;
    }

    /**
     * @param simulated {@code null} on a post; in simulation the state directory, under which each modem gets
     *                  {@code sms/<modem>/} and a gammu-smsd with the dummy phone
     */
    public static SmsPart open(SmsSettings settings, Post post, List<String> zones, Residents residents,
                               Directory directory, Path simulated, LongSupplier nanos) {
        List<Modem> modems = new ArrayList<>();
        Map<String, SmsdProcess> daemons = new LinkedHashMap<>();
        for (Modem m : settings.modems()) {
            if (simulated == null) {
                modems.add(m);
                continue;
            }
            Path dir = simulated.resolve("sms").resolve(m.id());
            modems.add(m.at(dir, dir.resolve("smsd.log")));
            try {
                daemons.put(m.id(), SmsdProcess.start(dir, nanos));
            } catch (IOException e) {
                log.error("sms: {}; messages for {} wait in the journal", e.getMessage(), m.id());
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String z : zones) {
            counts.put(z, directory.residents(z).size());
        }
        return new SmsPart(settings, List.copyOf(modems), daemons, new Planner(post, zones, settings, directory,
                residents), directory, counts);
    }

    /** For the journal writer: the SMS each event causes, in its transaction. */
    public SmsPlanner planner() {
        return planner;
    }

    /** For the journal writer's listeners: wakes the SMS thread when messages are queued or marked. */
    public JournalWriter.Listener listener() {
        return new JournalWriter.Listener() {
            @Override
            public void committed(long highestSeq, List<Event> events) {
            }

            @Override
            public void delivered(long[] seqs) {
            }

            @Override
            public void smsQueued(int rows) {
                SmsGateway g = gateway;
                if (g != null) {
                    g.smsQueued(rows);
                }
            }

            @Override
            public void smsMarked(List<SmsRow.Marked> marks) {
                SmsGateway g = gateway;
                if (g != null) {
                    g.smsMarked(marks);
                }
            }
        };
    }

    /** Owner: makes the SMS thread, once the writer is there. */
    public void attach(Journal journal, JournalWriter writer, Inbox loop, InstantSource wall, Post post,
                       List<String> zones, LongSupplier nanos) {
        inbound = new Inbound(directory, loop, zones, post.zone(), settings.reportsPerHour(), nanos, wall::millis);
        gateway = new SmsGateway(modems, daemons, journal.smsOutbox(), writer, directory::number, inbound, wall,
                post.timeZone(), nanos, settings.keepDays());
    }

    public void start() {
        gateway.start();
    }

    public Directory directory() {
        return directory;
    }

    public SmsSettings settings() {
        return settings;
    }

    /** The modems as they run (in simulation, with their spools in the state directory). */
    public List<Modem> modems() {
        return modems;
    }

    /** What {@code kentongan status} shows of SMS: counts, modems, the alarms being paged; never a number. */
    public Map<String, Object> status(List<?> paging) {
        Map<String, Object> m = new LinkedHashMap<>();
        SmsGateway g = gateway;
        if (g == null) {
            return m;
        }
        Map<String, Long> states = new LinkedHashMap<>();
        g.counts().forEach((s, n) -> states.put(s.name().toLowerCase(java.util.Locale.ROOT), n));
        SmsGateway.Status s = g.status();
        m.put("messages", states);
        m.put("modems", s.modems());
        m.put("received", s.received());
        Map<String, Long> refused = new java.util.TreeMap<>(s.refused());
        inbound.counts().forEach((k, n) -> {
            if (!k.equals("acks") && !k.equals("reports") && !k.equals("ronda")) {
                refused.merge(k, n, Long::sum);
            }
        });
        m.put("acks", inbound.counts().getOrDefault("acks", 0L));
        m.put("reports", inbound.counts().getOrDefault("reports", 0L));
        m.put("ronda", inbound.counts().getOrDefault("ronda", 0L)); // guards' sign-ons and sign-offs (#14)
        m.put("refused", refused);
        m.put("held", inbound.held());
        m.put("paging", paging);
        m.put("handOverErrors", s.handOverErrors());
        m.put("repeatsArchived", s.repeatsArchived());
        m.put("residentsByZone", residentsByZone);
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        SmsGateway g = gateway;
        if (g != null) {
            g.stop();
        }
        for (SmsdProcess d : daemons.values()) {
            d.close();
        }
    }
}
