package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.Messages;
import id.kentongan.dispatch.LoopStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kentongan ronda}'s lines from the watch's status as the control socket gives it (#14). */
class RondaStatusTest {

    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

    static long at(int h, int m) {
        return LocalDateTime.of(2026, 12, 1, h, m).atZone(WIB).toInstant().toEpochMilli();
    }

    /** The watch as the loop reports it, through JSON as the control socket carries it. */
    static JsonNode watch(boolean judged) {
        var r = new LoopStatus.RondaView(true, judged, "malam@2026-11-30", "2026-11-30", "Asia/Jakarta",
                List.of("budi", "agus"),
                List.of(new LoopStatus.GuardView("budi", at(21, 55))), false, List.of(
                new LoopStatus.CheckpointView("cp-sungai", "Tepi sungai", "rw05-sungai", 2_700_000, at(23, 10), "budi",
                        2, true, 1_800_000, false),
                new LoopStatus.CheckpointView("cp-masjid", "Masjid", "rw05-utara", 3_600_000, at(22, 40), "agus", 1,
                        true, -600_000, true),
                new LoopStatus.CheckpointView("pos", "Pos kamling", "rw05-pos", 3_600_000, -1, null, 0, true,
                        -120_000, false)), 2, 0);
        return new ObjectMapper().valueToTree(r);
    }

    @Test
    void the_guard_reads_tonights_roster_who_is_on_and_each_round_in_indonesian() {
        String out = RondaStatus.render(watch(true), Messages.of("id"));
        assertTrue(out.contains("Jadwal malam 2026-11-30: budi, agus"), out);
        assertTrue(out.contains("Bertugas: budi sejak 21:55"), out);
        String[] lines = out.split("\n");
        String river = List.of(lines).stream().filter(l -> l.contains("cp-sungai")).findFirst().orElseThrow();
        assertTrue(river.contains("terakhir 23:10 oleh budi") && river.contains("sisa 30 menit")
                && river.contains("tiap 45 menit") && river.contains("2 kali"), river);
        String mosque = List.of(lines).stream().filter(l -> l.contains("cp-masjid")).findFirst().orElseThrow();
        assertTrue(mosque.contains("TERLEWAT"), mosque);
        String post = List.of(lines).stream().filter(l -> l.contains("Pos kamling")).findFirst().orElseThrow();
        assertTrue(post.contains("belum dikunjungi") && post.contains("TERLAMBAT 2 menit")
                && post.contains("tiap 1 jam,"), post);
        assertTrue(out.contains("Ditolak: 2 kartu tak dikenal"), out);
    }

    @Test
    void the_card_reader_at_the_post_is_shown_ready_or_why_not_with_the_cards_it_could_not_read() {
        ObjectMapper json = new ObjectMapper();
        JsonNode ready = json.createObjectNode().put("state", "ready").put("reader", "ACS ACR122U 00 00")
                .put("problem", "").set("refused", json.createObjectNode().put("uid-length", 0).put("apdu-status", 2));
        String out = RondaStatus.render(watch(true), ready, Messages.of("id"));
        assertTrue(out.contains("Pembaca kartu: siap (ACS ACR122U 00 00); kartu tak terbaca: 2 apdu-status\n"), out);
        JsonNode gone = json.createObjectNode().put("state", "no-pcsc").put("reader", "")
                .put("problem", "pcscd is not running").set("refused", json.createObjectNode().put("uid-length", 0));
        assertTrue(RondaStatus.render(watch(true), gone, Messages.of("en"))
                .contains("Card reader: NOT READY: pcscd is not running\n"));
        assertFalse(RondaStatus.render(watch(true), Messages.of("id")).contains("Pembaca kartu"),
                "a post without a reader says nothing of one");
    }

    @Test
    void english_on_request_and_an_untrusted_clock_is_said() {
        String out = RondaStatus.render(watch(false), Messages.of("en"));
        assertTrue(out.startsWith("Ronda    malam@2026-11-30  NOT JUDGED: the post's clock is not trusted"), out);
        assertTrue(out.contains("On watch: budi since 21:55"), out);
        assertTrue(out.contains("MISSED (round-missed open)"), out);
        assertTrue(out.contains("every 45 min, last 23:10 by budi, 2 visits, due in 30 min"), out);
        assertEquals("", RondaStatus.render(new ObjectMapper().valueToTree(LoopStatus.RondaView.NONE), Messages.of("id")),
                "a post without a watch shows nothing");
    }
}
