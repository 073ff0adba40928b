package id.kentongan.alert;

import java.util.Locale;

/**
 * What happened, with the CAP 1.2 facts that follow from it and a default text in Bahasa Indonesia
 * and English. The site profile picks a kind per rule and may override the priority and the text.
 * Immutable; any thread.
 */
public enum AlertKind {
    PANIC(Priority.LIFE_SAFETY, "Safety", "Immediate", "Extreme", "Observed",
            "Tombol panik ditekan", "Panic button pressed"),
    FIRE(Priority.LIFE_SAFETY, "Fire", "Immediate", "Extreme", "Observed",
            "Kebakaran", "Fire"),
    FLOOD(Priority.LIFE_SAFETY, "Met", "Immediate", "Severe", "Observed",
            "Air naik: bahaya banjir", "Water rising: flood danger"),
    OFFICIAL_WARNING(Priority.LIFE_SAFETY, "Safety", "Immediate", "Severe", "Likely",
            "Peringatan resmi: ikuti arahan petugas", "Official warning: follow the authorities' instructions"),
    INTRUSION(Priority.SECURITY, "Security", "Immediate", "Severe", "Observed",
            "Penyusup terdeteksi", "Intrusion detected"),
    TAMPER(Priority.SECURITY, "Security", "Expected", "Moderate", "Observed",
            "Perangkat dibuka atau dirusak", "Equipment opened or tampered with"),
    NODE_SILENT(Priority.SUPERVISION, "Infra", "Expected", "Minor", "Likely",
            "Simpul lapangan tidak melapor", "Field node silent"),
    NODE_RETURNED(Priority.SUPERVISION, "Infra", "Past", "Minor", "Observed",
            "Simpul lapangan kembali melapor", "Field node reporting again"),
    LOW_BATTERY(Priority.SUPERVISION, "Infra", "Expected", "Minor", "Observed",
            "Baterai simpul lapangan lemah", "Field node battery low"),
    POWER_LOST(Priority.SUPERVISION, "Infra", "Expected", "Minor", "Observed",
            "Listrik padam", "Power lost"),
    /** The post's mains is back (#16). */
    POWER_RESTORED(Priority.SUPERVISION, "Infra", "Past", "Minor", "Observed",
            "Listrik menyala kembali", "Power restored"),
    /** The post's own battery (a UPS HAT's) is low: the post will stop when it is exhausted. */
    BATTERY_LOW(Priority.SUPERVISION, "Infra", "Expected", "Moderate", "Observed",
            "Baterai pos lemah", "Post battery low"),
    /** A siren's circuit does not follow its output (a cut wire, a stuck relay): source names the output. */
    SIREN_FAULT(Priority.SUPERVISION, "Safety", "Expected", "Moderate", "Observed",
            "Sirene rusak: umpan balik tidak sesuai", "Siren fault: its feedback does not follow it"),
    SIREN_RESTORED(Priority.SUPERVISION, "Safety", "Past", "Minor", "Observed",
            "Sirene kembali normal", "Siren working again"),
    /** The scheduled audible test of the sirens, announced as a test (status Test): nobody need act. */
    SELF_TEST(Priority.SUPERVISION, "Safety", "Future", "Minor", "Observed",
            "Uji sirene terjadwal: ini hanya uji coba", "Scheduled siren test: this is only a test"),
    SELF_TEST_FAILED(Priority.SUPERVISION, "Safety", "Expected", "Moderate", "Observed",
            "Uji mandiri gagal: periksa sirene", "Self-test failed: check the sirens"),
    /** A self-test passed: the record an inspector reads. */
    SELF_TEST_PASSED(Priority.TELEMETRY, "Safety", "Past", "Minor", "Observed",
            "Uji mandiri lulus", "Self-test passed"),
    /** A self-test's time came while an alert sounded: it runs once the post is quiet. */
    SELF_TEST_POSTPONED(Priority.TELEMETRY, "Safety", "Future", "Minor", "Observed",
            "Uji mandiri ditunda: peringatan sedang berbunyi", "Self-test postponed: an alert is sounding"),
    UPLINK_LOST(Priority.SUPERVISION, "Infra", "Expected", "Minor", "Observed",
            "Sambungan ke pusat terputus", "Uplink to the command centre lost"),
    JOURNAL_DAMAGED(Priority.SUPERVISION, "Infra", "Expected", "Moderate", "Observed",
            "Jurnal pos rusak: disimpan terpisah, jurnal baru dimulai",
            "Post journal damaged: kept aside, a fresh journal started"),
    JOURNAL_FAILING(Priority.SUPERVISION, "Infra", "Expected", "Moderate", "Observed",
            "Jurnal pos tidak bisa ditulis (disk penuh?): peringatan tetap dikirim langsung",
            "Post journal cannot be written (disk full?): alerts still go out live"),
    JOURNAL_RECOVERED(Priority.SUPERVISION, "Infra", "Past", "Minor", "Observed",
            "Jurnal pos kembali normal", "Post journal writing again"),
    CLOCK_JUMPED(Priority.SUPERVISION, "Infra", "Expected", "Minor", "Observed",
            "Jam pos melompat: urutan menurut nomor urut, bukan waktu",
            "Post clock jumped: order by sequence number, not by time"),
    CLOCK_SYNCHRONISED(Priority.SUPERVISION, "Infra", "Past", "Minor", "Observed",
            "Jam pos tersinkron", "Post clock synchronised"),
    SIREN_SILENCED(Priority.SUPERVISION, "Safety", "Past", "Minor", "Observed",
            "Sirene dimatikan di pos", "Siren silenced at the post"),
    SIREN_TIMEOUT(Priority.SUPERVISION, "Safety", "Past", "Minor", "Observed",
            "Sirene berhenti setelah batas waktu", "Siren stopped at its time limit"),
    ACKNOWLEDGED(Priority.SUPERVISION, "Safety", "Past", "Minor", "Observed",
            "Peringatan diterima pusat", "Alert acknowledged by the command centre"),
    ALL_CLEAR(Priority.SUPERVISION, "Safety", "Past", "Minor", "Observed",
            "Aman: bahaya sudah lewat", "All clear: the danger is over"),
    /** A resident's report by SMS ({@code LAPOR}): a report, not an observation; it sounds nothing by itself. */
    REPORT(Priority.SUPERVISION, "Security", "Expected", "Unknown", "Unknown",
            "Laporan warga lewat SMS", "Resident's report by SMS"),
    REPORT_FIRE(Priority.SUPERVISION, "Fire", "Expected", "Unknown", "Unknown",
            "Laporan warga: kebakaran", "Resident's report: fire"),
    REPORT_FLOOD(Priority.SUPERVISION, "Met", "Expected", "Unknown", "Unknown",
            "Laporan warga: banjir", "Resident's report: flood"),
    REPORT_CONFIRMED(Priority.SUPERVISION, "Security", "Past", "Minor", "Observed",
            "Laporan warga dikonfirmasi petugas", "Resident's report confirmed by the guard"),
    REPORT_DISMISSED(Priority.SUPERVISION, "Security", "Past", "Minor", "Observed",
            "Laporan warga ditolak petugas", "Resident's report dismissed by the guard"),
    /** The phone tree paged a level of people by SMS for an alarm nobody has acknowledged. */
    PAGED(Priority.SUPERVISION, "Safety", "Expected", "Minor", "Observed",
            "Pohon telepon: petugas dihubungi lewat SMS", "Phone tree: people paged by SMS"),
    /** A life-safety alarm also sent to the centre's duty phone by SMS, the uplink being lost. */
    SENT_BY_SMS(Priority.SUPERVISION, "Safety", "Immediate", "Minor", "Observed",
            "Dikirim ke piket pusat lewat SMS: sambungan terputus", "Sent to the centre's duty phone by SMS: uplink lost"),
    DOOR(Priority.TELEMETRY, "Security", "Unknown", "Unknown", "Observed",
            "Pintu dibuka", "Door opened"),
    LEVEL(Priority.TELEMETRY, "Met", "Unknown", "Unknown", "Observed",
            "Pembacaan tingkat", "Level reading"),
    HEARTBEAT(Priority.TELEMETRY, "Infra", "Unknown", "Unknown", "Observed",
            "Detak simpul", "Node heartbeat"),
    /** The night watch (ronda, #14): nobody signed on by a shift's start plus its grace period. */
    SHIFT_UNMANNED(Priority.SUPERVISION, "Security", "Expected", "Moderate", "Observed",
            "Pos ronda kosong: belum ada petugas jaga", "Guard post unmanned: nobody signed on for the watch"),
    /** A checkpoint of the watch not visited within its interval during a shift; the text names the place. */
    ROUND_MISSED(Priority.SUPERVISION, "Security", "Expected", "Minor", "Observed",
            "Titik ronda tidak dikunjungi tepat waktu", "Patrol checkpoint not visited in time"),
    ROUND_RESUMED(Priority.SUPERVISION, "Security", "Past", "Minor", "Observed",
            "Titik ronda dikunjungi lagi", "Patrol checkpoint visited again"),
    SIGN_ON(Priority.TELEMETRY, "Security", "Unknown", "Unknown", "Observed",
            "Petugas ronda mulai jaga", "Guard signed on for the watch"),
    SIGN_OFF(Priority.TELEMETRY, "Security", "Unknown", "Unknown", "Observed",
            "Petugas ronda selesai jaga", "Guard signed off the watch"),
    /** A guard's card tapped at a checkpoint of the watch (a field node's or the post's reader). */
    CHECKPOINT(Priority.TELEMETRY, "Security", "Unknown", "Unknown", "Observed",
            "Titik ronda dikunjungi", "Patrol checkpoint visited");

    private static final AlertKind[] ALL = values();

    private final Priority defaultPriority;
    private final String capCategory;
    private final String urgency;
    private final String severity;
    private final String certainty;
    private final String headlineId;
    private final String headlineEn;
    /** Made once: the encoder and the loop's level read it for every event. */
    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    AlertKind(Priority defaultPriority, String capCategory, String urgency, String severity,
              String certainty, String headlineId, String headlineEn) {
        this.defaultPriority = defaultPriority;
        this.capCategory = capCategory;
        this.urgency = urgency;
        this.severity = severity;
        this.certainty = certainty;
        this.headlineId = headlineId;
        this.headlineEn = headlineEn;
    }

    public Priority defaultPriority() { return defaultPriority; }
    public String capCategory() { return capCategory; }
    public String urgency() { return urgency; }
    public String severity() { return severity; }
    public String certainty() { return certainty; }
    public String headlineId() { return headlineId; }
    public String headlineEn() { return headlineEn; }

    /** The name used in the site profile and on the wire, e.g. {@code node-silent}. */
    public String wireName() {
        return wireName;
    }

    /** @return the kind named {@code name} in wire form, or {@code null} if there is none */
    public static AlertKind fromWireName(String name) {
        for (AlertKind k : ALL) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** A resident's report by SMS, whatever it is about. */
    public boolean isReport() {
        return this == REPORT || this == REPORT_FIRE || this == REPORT_FLOOD;
    }

    public static AlertKind ofOrdinal(int ordinal) {
        return ALL[ordinal];
    }
}
