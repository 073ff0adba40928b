package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The night watch (#14) as a guard reads it, in {@code kentongan ronda} and {@code kentongan status}:
 * tonight's roster, who signed on when, the rounds per checkpoint and what is overdue. Bahasa Indonesia
 * by default, English on request; every word a guard reads is in {@link Words}, one table per language,
 * so that it can move into the message bundles unchanged. Stateless.
 */
final class RondaStatus {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** The words, one set per language. */
    record Words(String title, String noShift, String notJudged, String roster, String nobodyOnRoster, String on,
                 String since, String nobodyOn, String unmanned, String checkpoints, String every, String last,
                 String by, String never, String visits, String dueIn, String overdue, String missed, String idle,
                 String refused, String reader, String readerReady, String readerNot, String readerRefused) {

        static final Words ID = new Words("Ronda", "tidak ada giliran jaga sekarang",
                "TIDAK DINILAI: jam pos belum tepercaya", "Jadwal malam %s", "(tidak ada yang dijadwalkan)",
                "Bertugas", "sejak", "belum ada petugas yang masuk", "POS KOSONG: peringatan shift-unmanned terbuka",
                "Titik ronda", "tiap", "terakhir", "oleh", "belum dikunjungi", "kali", "batas dalam",
                "TERLAMBAT", "TERLEWAT (round-missed terbuka)", "tidak dihitung sekarang",
                "Ditolak: %d kartu tak dikenal, %d titik tak dikenal", "Pembaca kartu", "siap (%s)",
                "TIDAK SIAP: %s", "kartu tak terbaca: %s");
        static final Words EN = new Words("Ronda", "no shift under way", "NOT JUDGED: the post's clock is not trusted",
                "Roster for the night of %s", "(nobody on the roster)", "On watch", "since", "nobody signed on yet",
                "POST UNMANNED: a shift-unmanned alert is open", "Checkpoints", "every", "last", "by", "not visited yet",
                "visits", "due in", "OVERDUE", "MISSED (round-missed open)", "not timed now",
                "Refused: %d unknown cards, %d unknown checkpoints", "Card reader", "ready (%s)",
                "NOT READY: %s", "cards not read: %s");

        static Words of(String lang) {
            return "en".equals(lang) ? EN : ID;
        }
    }

    private RondaStatus() {
    }

    /** The watch's lines, or nothing on a post without one; times in the post's zone. */
    static String render(JsonNode r, String lang) {
        return render(r, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), lang);
    }

    /** The same, with the card reader at the post ({@code cardReader} of the status; missing if none). */
    static String render(JsonNode r, JsonNode reader, String lang) {
        if (r.isMissingNode() || r.isNull() || !r.path("watched").asBoolean()) {
            return "";
        }
        ZoneId zone = ZoneId.of(r.path("timeZone").asText("UTC"));
        Words w = Words.of(lang);
        StringBuilder b = new StringBuilder();
        String shift = r.path("shift").asText();
        b.append(String.format("%-8s %s%s%n", w.title(), shift.isEmpty() ? w.noShift() : shift,
                r.path("judged").asBoolean() ? "" : "  " + w.notJudged()));
        StringBuilder roster = new StringBuilder();
        r.path("roster").forEach(g -> roster.append(roster.isEmpty() ? "" : ", ").append(g.asText()));
        b.append(String.format("  %s: %s%n", String.format(w.roster(), r.path("night").asText()),
                roster.isEmpty() ? w.nobodyOnRoster() : roster));
        StringBuilder on = new StringBuilder();
        r.path("on").forEach(g -> on.append(on.isEmpty() ? "" : ", ").append(g.path("guard").asText()).append(' ')
                .append(w.since()).append(' ').append(time(g.path("sinceMillis").asLong(), zone)));
        b.append(String.format("  %s: %s%n", w.on(), on.isEmpty() ? w.nobodyOn() : on));
        if (r.path("unmanned").asBoolean()) {
            b.append("  ").append(w.unmanned()).append('\n');
        }
        b.append("  ").append(w.checkpoints()).append('\n');
        for (JsonNode c : r.path("checkpoints")) {
            long last = c.path("lastVisitMillis").asLong();
            String seen = last < 0 ? w.never() : w.last() + " " + time(last, zone) + " " + w.by() + " "
                    + c.path("lastGuard").asText();
            long dueIn = c.path("dueInMillis").asLong();
            String state = c.path("missed").asBoolean() ? w.missed()
                    : !c.path("due").asBoolean() ? w.idle()
                    : dueIn < 0 ? w.overdue() + " " + minutes(-dueIn) : w.dueIn() + " " + minutes(dueIn);
            b.append(String.format("    %-12s %-20s %-12s %s %-4s %s, %d %s, %s%n", c.path("id").asText(),
                    c.path("place").asText(), c.path("zone").asText(), w.every(),
                    minutes(c.path("everyMillis").asLong()), seen, c.path("visits").asLong(), w.visits(), state));
        }
        if (!reader.isMissingNode() && !reader.isNull()) {
            StringBuilder refused = new StringBuilder();
            reader.path("refused").fields().forEachRemaining(e -> {
                if (e.getValue().asLong() > 0) {
                    refused.append(refused.isEmpty() ? "" : ", ").append(e.getValue().asLong()).append(' ')
                            .append(e.getKey());
                }
            });
            b.append(String.format("  %s: %s%s%n", w.reader(), reader.path("state").asText().equals("ready")
                            ? String.format(w.readerReady(), reader.path("reader").asText())
                            : String.format(w.readerNot(), reader.path("problem").asText()),
                    refused.isEmpty() ? "" : "; " + String.format(w.readerRefused(), refused)));
        }
        long cards = r.path("refusedCards").asLong();
        long cps = r.path("refusedCheckpoints").asLong();
        if (cards + cps > 0) {
            b.append("  ").append(String.format(w.refused(), cards, cps)).append('\n');
        }
        return b.toString();
    }

    private static String time(long millis, ZoneId zone) {
        return HH_MM.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    private static String minutes(long ms) {
        long m = ms / 60_000;
        return m >= 60 ? (m / 60) + "h" + String.format("%02d", m % 60) + "m" : m + "m";
    }
}
