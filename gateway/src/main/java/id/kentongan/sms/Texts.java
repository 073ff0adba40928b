package id.kentongan.sms;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.alert.Residents;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The words of every SMS the post sends, in Bahasa Indonesia or English, each fitted to its parts.
 * Residents read the profile's {@code residents} templates (the same the residents' MQTT topic carries);
 * a drill says so first. A message always ends with the alert's short number, the one a person replies
 * {@code OK} with. Immutable; any thread.
 */
final class Texts {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Post post;
    private final Residents residents;
    private final int maxParts;

    Texts(Post post, Residents residents, int maxParts) {
        this.post = post;
        this.residents = residents;
        this.maxParts = maxParts;
    }

    private static boolean en(String lang) {
        return "en".equals(lang);
    }

    private static String drill(Event e, String lang) {
        return switch (e.status()) {
            case Exercise -> en(lang) ? "DRILL, NOT REAL: " : "LATIHAN, BUKAN SUNGGUHAN: ";
            case Test -> en(lang) ? "TEST: " : "UJI COBA: ";
            default -> "";
        };
    }

    /** What a resident reads of an alarm or the all-clear: the template's headline and instruction. */
    String resident(Event e, String lang) {
        Residents.Text t = residents.filled(e, post, en(lang));
        return SmsText.fit(drill(e, lang) + t.headline() + ". ", t.instruction(), " (#" + e.seq() + ")", maxParts)
                .text();
    }

    /** What the phone tree's person reads: what, where, and how to take it. */
    String page(Event alarm, int level, String lang) {
        String what = en(lang) ? alarm.kind().headlineEn() : alarm.kind().headlineId();
        String head = drill(alarm, lang) + (en(lang) ? "CALL-OUT: " + what + " at " + post.name() + ", zone "
                : "PANGGILAN: " + what + " di " + post.name() + ", zona ") + alarm.zone() + ", #" + alarm.seq() + ". ";
        String body = level <= 1 ? "" : en(lang) ? "Level " + level + ": nobody has responded yet. "
                : "Tingkat " + level + ": belum ada yang menanggapi. ";
        String tail = en(lang) ? "Reply OK " + alarm.seq() + " if you are taking it."
                : "Balas OK " + alarm.seq() + " bila Anda menangani.";
        return SmsText.fit(head, body, tail, 2).text();
    }

    /** What the RT head reads when nobody came to the night watch (#14). */
    String unmanned(Event e, String lang) {
        String at = HH_MM.format(Instant.ofEpochMilli(e.sentMillis()).atZone(post.timeZone()));
        String head = en(lang) ? "RONDA: nobody has signed on for the watch at " + post.name() + " (" + at + ", #"
                + e.seq() + "). " : "RONDA: belum ada petugas jaga di " + post.name() + " (" + at + ", #" + e.seq()
                + "). ";
        String tail = en(lang) ? "Please check on tonight's guards." : "Mohon hubungi petugas ronda malam ini.";
        return SmsText.fit(head, "", tail, 2).text();
    }

    /** What the centre's duty phone reads while the uplink is lost. */
    String duty(Event alarm, String lang) {
        String what = en(lang) ? alarm.kind().headlineEn() : alarm.kind().headlineId();
        String at = HH_MM.format(Instant.ofEpochMilli(alarm.sentMillis()).atZone(post.timeZone()));
        String head = drill(alarm, lang) + "KENTONGAN " + post.village() + "/" + post.id() + ": " + what
                + (en(lang) ? ", zone " : ", zona ") + alarm.zone() + ", #" + alarm.seq() + ", " + at + ". ";
        String tail = en(lang) ? "The post's uplink is lost: sent by SMS." : "Sambungan pos ke pusat terputus: lewat SMS.";
        return SmsText.fit(head, "", tail, 2).text();
    }

    /** What a reporter reads back: the post has it, and its number. */
    String reply(Event report, String lang) {
        return SmsText.fit(en(lang) ? "Your report reached " + post.name() + " (no. " + report.seq() + "). "
                        : "Laporan Anda diterima " + post.name() + " (no. " + report.seq() + "). ",
                en(lang) ? "The guards will look into it. Thank you." : "Petugas akan memeriksa. Terima kasih.", "", 1)
                .text();
    }

    /** The all-clear of {@code alarm}, in the words of the profile's all-clear template. */
    String allClear(Event clear, Event alarm, String lang) {
        Event about = new Event(alarm.seq(), clear.boot(), clear.identifier(), AlertKind.ALL_CLEAR, clear.priority(),
                clear.source(), alarm.zone(), clear.sentMillis(), alarm.status(), clear.msgType(), clear.references());
        return resident(about, lang);
    }
}
