package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.Messages;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kentongan status} as a guard reads it: in Bahasa Indonesia by default, in English on request. */
class StatusTextTest {

    private static final JsonNode STATUS;

    static {
        try {
            STATUS = new ObjectMapper().readTree("""
                    {"post": {"village": "desa", "id": "pos-1", "name": "Pos Sukamaju"}, "mode": "simulation",
                     "boot": 3, "lastSeq": 9,
                     "uplink": {"connected": false, "broker": "tcp://127.0.0.1:1883", "published": 4, "acked": 4,
                                "reconnects": 2, "lastError": "Connection refused"},
                     "queue": {"owedByClass": {"life-safety": 1}, "inbox": 0, "inboxRefused": 0},
                     "outputs": [{"id": "siren-1", "role": "siren", "on": true, "pattern": "titir", "alertSeq": 9,
                                  "remainingMillis": 61000}],
                     "sms": {"messages": {"queued": 1, "handed": 2, "sent": 3, "failed": 0, "cancelled": 0},
                             "received": 1, "acks": 1, "reports": 0,
                             "modems": [{"id": "modem-1", "waiting": 5, "handed": 2, "sent": 3, "failed": 0,
                                         "stuckMillis": 90000, "stuck": true, "lastError": ""}]},
                     "alerts": [{"seq": 9, "priority": "life-safety", "kind": "panic", "source": "panic-1",
                                 "sentMillis": 1795461486556, "unsynchronised": false, "state": "delivered",
                                 "sounding": "sounding", "identifier": "KTG-desa-pos-1-3-9"}]}""");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void bahasa_indonesia_by_default() {
        String t = StatusCommand.render(STATUS, Messages.of(new LangOption().given));
        assertTrue(t.contains("Pos      desa/pos-1  Pos Sukamaju\n"), t);
        assertTrue(t.contains("Mode     simulasi, boot ke-3, kejadian terakhir #9\n"), t);
        assertTrue(t.contains("Pusat    KONEKSI KE PUSAT TERPUTUS  (terkirim 4, dikonfirmasi 4, sambung ulang 2)\n"
                + "         galat terakhir: Connection refused\n"), t);
        assertTrue(t.contains("  siren-1      siren       NYALA  titir untuk peringatan #9, sisa 1m1s\n"), t);
        assertTrue(t.contains("SMS      antre 1, diserahkan 2, terkirim 3, gagal 0, dibatalkan 0; diterima 1 (1 OK, 0 LAPOR)\n"), t);
        assertTrue(t.contains("5 menunggu di kotak keluar daemon") && t.contains("MACET 90 detik"), t);
        assertTrue(t.contains("Peringatan aktif (1)\n"), t);
        assertTrue(t.contains("panic    dari panic-1") && t.contains("terkirim, belum diterima pusat, Sirene berbunyi"), t);
        String none = StatusCommand.render(new ObjectMapper().createObjectNode(), Messages.of(Messages.Lang.ID));
        assertTrue(none.contains("Tidak ada peringatan aktif\n"), none);
    }

    @Test
    void english_with_lang_en() {
        String t = StatusCommand.render(STATUS, Messages.of("en"));
        assertTrue(t.contains("Post     desa/pos-1  Pos Sukamaju\n"), t);
        assertTrue(t.contains("Mode     simulation, boot 3, last event #9\n"), t);
        assertTrue(t.contains("Uplink   DOWN  (published 4, PUBACKed 4, reconnects 2)\n"
                + "         last error: Connection refused\n"), t);
        assertTrue(t.contains("  siren-1      siren       ON     titir for alert #9, 1m1s left\n"), t);
        assertTrue(t.contains("SMS      queued 1, handed 2, sent 3, failed 0, cancelled 0; received 1 (1 OK, 0 LAPOR)\n"), t);
        assertTrue(t.contains("5 waiting in the daemon's outbox, this run handed 2, sent 3, failed 0  STUCK 90 s: "
                + "is gammu-smsd running?"), t);
        assertTrue(t.contains("Open alerts (1)\n"), t);
        assertTrue(t.contains("panic    from panic-1") && t.contains("sent, not acknowledged, sounding"), t);
    }

    @Test
    void a_refused_command_subscription_is_told_in_both_languages() throws Exception {
        JsonNode deaf = new ObjectMapper().readTree("""
                {"uplink": {"connected": true, "broker": "tcp://127.0.0.1:1883", "published": 4, "acked": 4,
                            "reconnects": 0, "lastError": "", "subscriptionRefused": "kentongan/v1/desa/pos-1/cmd/+"}}""");
        String id = StatusCommand.render(deaf, Messages.of(Messages.Lang.ID));
        assertTrue(id.contains("         broker menolak langganan perintah (kentongan/v1/desa/pos-1/cmd/+): pusat tidak "
                + "bisa memerintah pos ini; periksa ACL broker\n"), id);
        String en = StatusCommand.render(deaf, Messages.of("en"));
        assertTrue(en.contains("         the broker refused the command subscription (kentongan/v1/desa/pos-1/cmd/+): the "
                + "centre cannot command this post; check the broker's ACL\n"), en);
        assertTrue(!StatusCommand.render(STATUS, Messages.of("en")).contains("refused the command"), "only when refused");
    }
}
