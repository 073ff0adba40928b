package id.kentongan.sms;

import id.kentongan.config.SmsSettings;
import id.kentongan.config.Directory;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import id.kentongan.journal.SmsPlanner;
import id.kentongan.journal.SmsRow;
import id.kentongan.alert.Residents;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which SMS each event causes, decided in the event's own transaction (the journal calls it):
 * <ul>
 * <li>a life-safety or security alarm (real or a drill; never a test): its reach of residents, the
 *     alert's own zone first (rank 1), other zones after (rank 2), each in their language;</li>
 * <li>{@code paged}: the people of that level of the phone tree (rank 0, before any resident), once per
 *     person and alarm however often the level is paged (a restart, say);</li>
 * <li>{@code sent-by-sms}: the centre's duty phone(s), once per alarm;</li>
 * <li>the all-clear: messages about the alarm still queued are cancelled, and whoever the alarm or its
 *     pages reached is told, once;</li>
 * <li>a report: a short reply to its reporter;</li>
 * <li>the night watch's post unmanned ({@code shift-unmanned}, #14): the people of {@code sms.ronda}.</li>
 * </ul>
 * Recipients are register keys; a resident's language is the register's. Immutable; the journal thread.
 */
public final class Planner implements SmsPlanner {

    private final Post post;
    private final List<String> zones;
    private final SmsSettings settings;
    private final Directory directory;
    private final Texts texts;

    public Planner(Post post, List<String> zones, SmsSettings settings, Directory directory, Residents residents) {
        this.post = post;
        this.zones = List.copyOf(zones);
        this.settings = settings;
        this.directory = directory;
        this.texts = new Texts(post, residents, settings.maxParts());
    }

    @Override
    public void plan(Event e, Journaled journaled, Plan plan) throws SQLException {
        if (e.status() == Event.CapStatus.Test) {
            return; // a siren test is for the post, not for a village's phones
        }
        switch (e.kind()) {
            case PAGED -> page(e, journaled, plan);
            case SENT_BY_SMS -> duty(e, journaled, plan);
            case ALL_CLEAR -> allClear(e, journaled, plan);
            case REPORT, REPORT_FIRE, REPORT_FLOOD -> reply(e, plan);
            case SHIFT_UNMANNED -> unmanned(e, plan);
            default -> {
                if (e.priority().isAlarm() && e.msgType() == Event.MsgType.Alert) {
                    residents(e, plan);
                }
            }
        }
    }

    private void residents(Event e, Plan plan) {
        SmsSettings.Reach reach = settings.reach().getOrDefault(e.priority(), SmsSettings.Reach.NONE);
        if (reach == SmsSettings.Reach.NONE) {
            return;
        }
        Map<String, String> byLang = new HashMap<>(); // one text per language, shared by every resident
        for (String zone : reached(e.zone(), reach)) {
            int rank = zone.equals(e.zone()) ? 1 : 2;
            for (Directory.Entry r : directory.residents(zone)) {
                String text = byLang.computeIfAbsent(r.lang(), l -> texts.resident(e, l));
                plan.send(new SmsRow(e.identifier(), r.key(), e.seq(), e.priority(), rank, "resident", text));
            }
        }
    }

    private List<String> reached(String own, SmsSettings.Reach reach) {
        List<String> out = new ArrayList<>(List.of(own));
        if (reach == SmsSettings.Reach.ALL_ZONES) {
            zones.stream().filter(z -> !z.equals(own)).forEach(out::add);
        }
        return out;
    }

    private void page(Event e, Journaled journaled, Plan plan) throws SQLException {
        Event alarm = referenced(e, journaled);
        List<SmsSettings.Level> levels = alarm == null ? null : settings.phoneTree().get(alarm.kind());
        int level = e.value() == null ? 0 : e.value().intValue();
        if (levels == null || level < 1 || level > levels.size()) {
            return;
        }
        for (String key : levels.get(level - 1).people()) {
            Directory.Entry p = directory.person(key);
            if (p != null) {
                plan.send(new SmsRow(alarm.identifier() + "#page", key, e.seq(), alarm.priority(), 0, "page",
                        texts.page(alarm, level, p.lang())));
            }
        }
    }

    private void duty(Event e, Journaled journaled, Plan plan) throws SQLException {
        Event alarm = referenced(e, journaled);
        if (alarm == null) {
            return;
        }
        for (String key : settings.duty()) {
            Directory.Entry p = directory.person(key);
            if (p != null) {
                plan.send(new SmsRow(alarm.identifier() + "#duty", key, e.seq(), alarm.priority(), 0, "duty",
                        texts.duty(alarm, p.lang())));
            }
        }
    }

    private void allClear(Event e, Journaled journaled, Plan plan) throws SQLException {
        for (String id : CapJson.referencedIdentifiers(e.references())) {
            Event alarm = journaled.event(id);
            if (alarm == null) {
                continue;
            }
            plan.cancelQueued(id, "the all-clear came before it was handed over");
            plan.cancelQueued(id + "#page", "the all-clear came before it was handed over");
            for (String key : journaled.reached(id + "#page")) {
                Directory.Entry p = directory.person(key);
                if (p != null) {
                    plan.send(new SmsRow(id + "#clear", key, e.seq(), Priority.SUPERVISION, 0, "all-clear",
                            texts.allClear(e, alarm, p.lang())));
                }
            }
            for (String key : journaled.reached(id)) {
                Directory.Entry r = directory.entry(key);
                plan.send(new SmsRow(id + "#clear", key, e.seq(), Priority.SUPERVISION,
                        r != null && alarm.zone().equals(r.zone()) ? 1 : 2, "all-clear",
                        texts.allClear(e, alarm, r == null ? "id" : r.lang())));
            }
        }
    }

    /** The night watch's post unmanned (#14): the people the sms section names for it (the RT head), once. */
    private void unmanned(Event e, Plan plan) {
        for (String key : settings.ronda()) {
            Directory.Entry p = directory.person(key);
            if (p != null) {
                plan.send(new SmsRow(e.identifier(), key, e.seq(), e.priority(), 0, "ronda",
                        texts.unmanned(e, p.lang())));
            }
        }
    }

    private void reply(Event report, Plan plan) {
        String source = report.source();
        if (source == null || !source.startsWith("sms:")) {
            return;
        }
        String key = source.substring(4);
        Directory.Entry who = directory.entry(key);
        String lang = who != null ? who.lang() : "id";
        plan.send(new SmsRow(report.identifier(), key, report.seq(), Priority.SUPERVISION, 0, "reply",
                texts.reply(report, lang)));
    }

    private static Event referenced(Event e, Journaled journaled) throws SQLException {
        List<String> ids = CapJson.referencedIdentifiers(e.references());
        return ids.isEmpty() ? null : journaled.event(ids.get(0));
    }
}
