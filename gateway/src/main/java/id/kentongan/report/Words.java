package id.kentongan.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.time.DayOfWeek;
import java.time.YearMonth;

/**
 * The report's words in Bahasa Indonesia and English, and how times and durations are written in each.
 * Immutable; any thread.
 */
final class Words {

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("title", new String[] {"Laporan", "Report"}),
            Map.entry("period", new String[] {"Periode", "Period"}),
            Map.entry("made", new String[] {"Dibuat", "Made"}),
            Map.entry("posts", new String[] {"pos", "posts"}),
            Map.entry("summary", new String[] {"Ringkasan", "Summary"}),
            Map.entry("alarms", new String[] {"Peringatan nyata", "Real alarms"}),
            Map.entry("drills", new String[] {"Latihan dan uji", "Drills and tests"}),
            Map.entry("median-ack", new String[] {"Median sampai diterima pusat", "Median to the centre's acknowledgement"}),
            Map.entry("outages", new String[] {"Sambungan terputus", "Uplink outages"}),
            Map.entry("untrusted", new String[] {"Kejadian dengan jam tidak tepercaya", "Events on an untrusted clock"}),
            Map.entry("by-kind", new String[] {"Peringatan menurut jenis", "Alarms by kind"}),
            Map.entry("by-zone", new String[] {"Peringatan menurut zona", "Alarms by zone"}),
            Map.entry("by-hour", new String[] {"Menurut jam (waktu setempat)", "By hour of day (local time)"}),
            Map.entry("by-weekday", new String[] {"Menurut hari", "By weekday"}),
            Map.entry("not-placed", new String[] {"tidak dihitung: jam pos tidak tepercaya",
                    "not placed: the post's clock was not trusted"}),
            Map.entry("response", new String[] {"Kecepatan tanggapan", "Response times"}),
            Map.entry("kind", new String[] {"Jenis", "Kind"}),
            Map.entry("count", new String[] {"Jumlah", "Count"}),
            Map.entry("to-ack", new String[] {"Sampai diterima pusat", "To acknowledgement"}),
            Map.entry("to-clear", new String[] {"Sampai aman", "To all-clear"}),
            Map.entry("never-acked", new String[] {"Tidak pernah diterima", "Never acknowledged"}),
            Map.entry("median", new String[] {"median", "median"}),
            Map.entry("p90", new String[] {"p90", "p90"}),
            Map.entry("max", new String[] {"terlama", "longest"}),
            Map.entry("distribution", new String[] {"Sebaran waktu sampai diterima pusat",
                    "Time to the centre's acknowledgement"}),
            Map.entry("incidents", new String[] {"Kejadian, langkah demi langkah", "Incidents, step by step"}),
            Map.entry("raised", new String[] {"dipicu", "raised"}),
            Map.entry("sounded", new String[] {"sirene berbunyi", "siren sounded"}),
            Map.entry("delivered", new String[] {"terkirim", "delivered"}),
            Map.entry("acknowledged", new String[] {"diterima pusat", "acknowledged"}),
            Map.entry("silenced", new String[] {"sirene dimatikan", "siren silenced"}),
            Map.entry("timed-out", new String[] {"sirene berhenti (batas waktu)", "siren stopped (time limit)"}),
            Map.entry("cleared", new String[] {"aman", "all clear"}),
            Map.entry("when", new String[] {"Waktu", "When"}),
            Map.entry("zone", new String[] {"Zona", "Zone"}),
            Map.entry("from", new String[] {"Dari", "From"}),
            Map.entry("post", new String[] {"Pos", "Post"}),
            Map.entry("by", new String[] {"oleh", "by"}),
            Map.entry("clock-mark", new String[] {"jam?", "clock?"}),
            Map.entry("more", new String[] {"lagi: lihat CSV", "more: see the CSV"}),
            Map.entry("sirens", new String[] {"Sirene", "Sirens"}),
            Map.entry("sirens-line", new String[] {"%d dimatikan, %d berhenti pada batas waktu; berbunyi %s seluruhnya",
                    "%d silenced, %d stopped at their time limit; %s sounding in all"}),
            Map.entry("exercise", new String[] {"Latihan", "Drill"}),
            Map.entry("test", new String[] {"Uji", "Test"}),
            Map.entry("held", new String[] {"Diadakan", "Held"}),
            Map.entry("acked-in", new String[] {"Diterima (median / terlama)", "Acknowledged (median / longest)"}),
            Map.entry("no-drills", new String[] {"Tidak ada latihan atau uji dalam periode ini.",
                    "No drill or test in this period."}),
            Map.entry("equipment", new String[] {"Peralatan", "Equipment"}),
            Map.entry("outage-line", new String[] {"%d kali; %s seluruhnya, terlama %s (setelah batas putus pos)",
                    "%d times; %s in all, longest %s (after the post's lost_after)"}),
            Map.entry("still-down", new String[] {"belum tersambung kembali", "not back yet"}),
            Map.entry("node", new String[] {"Simpul", "Node"}),
            Map.entry("silences", new String[] {"Diam", "Silences"}),
            Map.entry("silent-for", new String[] {"Lama diam", "Silent for"}),
            Map.entry("length", new String[] {"Lama", "Length"}),
            Map.entry("low-battery", new String[] {"Baterai lemah", "Low battery"}),
            Map.entry("silent-now", new String[] {"masih diam", "still silent"}),
            Map.entry("power-lost", new String[] {"Listrik padam", "Power lost"}),
            Map.entry("journal", new String[] {"Jurnal: gagal tulis %d, rusak %d, pulih %d",
                    "Journal: failing %d, damaged %d, recovered %d"}),
            Map.entry("clock", new String[] {
                    "Jam: melompat %d kali %s, tersinkron %d kali; %d kejadian dengan jam tidak tepercaya",
                    "Clock: jumped %d times %s, synchronised %d times; %d events on an untrusted clock"}),
            Map.entry("other-supervision", new String[] {"Lainnya", "Other"}),
            Map.entry("reports", new String[] {"Laporan warga", "Residents' reports"}),
            Map.entry("outcome", new String[] {"Tindak lanjut", "Outcome"}),
            Map.entry("open", new String[] {"belum ditindaklanjuti", "open"}),
            Map.entry("watch", new String[] {"Ronda", "The watch"}),
            Map.entry("place", new String[] {"Tempat", "Place"}),
            Map.entry("per-post", new String[] {"Per pos", "Per post"}),
            Map.entry("events", new String[] {"Kejadian", "Events"}),
            Map.entry("none", new String[] {"Tidak ada.", "None."}),
            Map.entry("how-to-read", new String[] {"Cara membaca", "How to read this"}),
            Map.entry("note-steps", new String[] {
                    "Setiap peringatan: dipicu → sirene berbunyi → terkirim ke broker → diterima pusat → sirene "
                            + "dimatikan → aman. Waktu di samping setiap langkah dihitung dari saat dipicu.",
                    "Each alarm: raised → siren sounded → delivered to the broker → acknowledged by the centre → siren "
                            + "silenced → all clear. The time beside each step counts from the raise."}),
            Map.entry("note-rank", new String[] {
                    "Median: separuh kejadian lebih cepat. p90: sembilan dari sepuluh lebih cepat.",
                    "Median: half the cases were faster. p90: nine in ten were faster."}),
            Map.entry("note-clock", new String[] {
                    "Tanda \"jam?\": jam pos belum tepercaya saat itu (belum tersinkron); kejadian itu ditampilkan, "
                            + "tetapi tidak dihitung dalam jam, hari dan lama waktu.",
                    "Marked \"clock?\": the post's clock was not trusted then (not synchronised); the event is shown, "
                            + "and kept out of hours, weekdays and durations."}),
            Map.entry("note-siren", new String[] {
                    "Sirene yang dihentikan oleh perintah aman tidak tercatat tersendiri; lama bunyi dihitung dari sirene "
                            + "yang dimatikan atau berhenti pada batas waktu.",
                    "A siren stopped by the all-clear leaves no record of its own; sounding time counts the sirens "
                            + "silenced or stopped at their time limit."}),
            Map.entry("untracked", new String[] {"%d peringatan lagi dihitung tanpa garis waktu (batas laporan)",
                    "%d more alerts counted without a timeline (the report's limit)"}));

    private static final String[][] KINDS = {
            {"panic", "panik", "panic"}, {"fire", "kebakaran", "fire"}, {"flood", "banjir", "flood"},
            {"official-warning", "peringatan resmi", "official warning"}, {"intrusion", "penyusup", "intrusion"},
            {"tamper", "perusakan", "tamper"}, {"uplink-lost", "sambungan putus", "uplink lost"},
            {"node-silent", "simpul diam", "node silent"}, {"low-battery", "baterai lemah", "low battery"},
            {"report", "laporan warga", "resident's report"}};

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("dd/MM HH:mm:ss");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Lang lang;
    private final ZoneId zone;

    Words(Lang lang, ZoneId zone) {
        this.lang = lang;
        this.zone = zone;
    }

    Lang lang() {
        return lang;
    }

    String get(String key) {
        String[] t = TEXT.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no words for " + key);
        }
        return t[lang.ordinal()];
    }

    String format(String key, Object... args) {
        return String.format(lang.locale, get(key), args);
    }

    /** A kind in words, or its wire name when there are none. */
    String kind(String kind) {
        for (String[] k : KINDS) {
            if (k[0].equals(kind)) {
                return k[1 + lang.ordinal()];
            }
        }
        return kind;
    }

    String weekday(int mondayZero) {
        return DayOfWeek.of(mondayZero + 1).getDisplayName(TextStyle.SHORT, lang.locale);
    }

    String month(YearMonth m) {
        return m.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, lang.locale) + " " + m.getYear();
    }

    /** {@code 24/11 02:18:06}, in the report's zone. */
    String dayTime(long ms) {
        return DAY_TIME.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    String full(long ms) {
        return FULL.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    /** A duration as a person reads it: {@code 0.4 s}, {@code 42 s}, {@code 3 min 12 s}, {@code 1 h 5 min}. */
    String duration(long ms) {
        boolean id = lang == Lang.ID;
        String s = id ? "dtk" : "s";
        String min = id ? "mnt" : "min";
        String h = id ? "jam" : "h";
        String d = id ? "hari" : "d";
        if (ms < 0) {
            return "–";
        }
        if (ms < 10_000) {
            return String.format(lang.locale, "%.1f %s", ms / 1000.0, s);
        }
        long sec = ms / 1000;
        if (sec < 60) {
            return sec + " " + s;
        }
        if (sec < 3600) {
            return sec / 60 + " " + min + (sec % 60 == 0 ? "" : " " + sec % 60 + " " + s);
        }
        if (sec < 86_400) {
            return sec / 3600 + " " + h + (sec % 3600 / 60 == 0 ? "" : " " + sec % 3600 / 60 + " " + min);
        }
        return sec / 86_400 + " " + d + (sec % 86_400 / 3600 == 0 ? "" : " " + sec % 86_400 / 3600 + " " + h);
    }

    /** Who took a step: the centre's key id, a guard's input, a person's role. */
    String by(String source) {
        if (source == null) {
            return "";
        }
        if (source.startsWith("centre:")) {
            return (lang == Lang.ID ? "pusat " : "centre ") + source.substring("centre:".length());
        }
        return source;
    }

    Locale locale() {
        return lang.locale;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
