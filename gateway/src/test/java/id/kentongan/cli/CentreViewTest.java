package id.kentongan.cli;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.uplink.PostSignature;
import id.kentongan.uplink.PostVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The centre's picture of its posts, from the messages alone: status, gaps, acknowledgement. */
class CentreViewTest {

    static final Post POST = new Post("desa", "pos-1", "Pos 1", "z1", ZoneId.of("Asia/Jakarta"));
    final CentreView view = new CentreView();

    String alert(long seq) {
        Event e = new Event(seq, 1, Event.identifier(POST, 1, seq), AlertKind.PANIC, AlertKind.PANIC.defaultPriority(),
                "panic-1", "z1", 1_795_461_486_556L, Event.CapStatus.Actual, Event.MsgType.Alert, null);
        return view.onMessage("kentongan/v1/desa/pos-1/alert", CapJson.encode(e, POST));
    }

    @Test
    void a_gap_in_the_sequence_is_shown_with_the_replay_that_fills_it_and_closes_when_filled() {
        alert(1);
        alert(2);
        String line = alert(5);
        assertTrue(line.contains("gap     events 3..4 not seen (ask: replay <post> 3 4)"), line);
        assertTrue(view.postsReport().get(0).contains("missing 3..4"), view.postsReport().toString());
        alert(3);
        alert(4);
        assertTrue(!view.postsReport().get(0).contains("missing"), view.postsReport().toString());
    }

    @Test
    void a_cancel_clears_exactly_the_alerts_it_names() {
        for (long seq = 1; seq <= 11; seq++) {
            alert(seq);
        }
        Event cancel = new Event(12, 1, Event.identifier(POST, 1, 12), AlertKind.ALL_CLEAR, AlertKind.ALL_CLEAR
                .defaultPriority(), "centre:polsek-1", "z1", 1_795_461_486_556L, Event.CapStatus.Actual,
                Event.MsgType.Cancel, POST.sender() + ",KTG-desa-pos-1-1-11,2026-11-24T02:18:06+07:00");
        view.onMessage("kentongan/v1/desa/pos-1/alert", CapJson.encode(cancel, POST));
        assertTrue(view.alertsReport().get(0).contains(" open "), "#1 is not #11: " + view.alertsReport());
        assertTrue(view.alertsReport().get(10).contains("cleared"), view.alertsReport().toString());
    }

    @Test
    void status_acknowledgement_and_cancel_are_followed() {
        view.onMessage("kentongan/v1/desa/pos-1/status",
                "{\"state\":\"online\",\"boot\":3}".getBytes(StandardCharsets.UTF_8));
        alert(1);
        assertTrue(view.postsReport().get(0).contains("online"), view.postsReport().toString());
        assertTrue(view.alertsReport().get(0).contains("open"));
        view.acknowledged("KTG-desa-pos-1-1-1");
        assertTrue(view.alertsReport().get(0).contains("acknowledged"), view.alertsReport().toString());
        Event cancel = new Event(2, 1, Event.identifier(POST, 1, 2), AlertKind.ALL_CLEAR, AlertKind.ALL_CLEAR
                .defaultPriority(), "centre:polsek-1", "z1", 1_795_461_486_556L, Event.CapStatus.Actual,
                Event.MsgType.Cancel, POST.sender() + ",KTG-desa-pos-1-1-1,2026-11-24T02:18:06+07:00");
        view.onMessage("kentongan/v1/desa/pos-1/alert", CapJson.encode(cancel, POST));
        assertTrue(view.alertsReport().get(0).contains("cleared"), view.alertsReport().toString());
        assertEquals(1, view.alertsReport().size(), "the cancel itself is not an open alert");
    }

    static final byte[] KEY = "key-of-pos-1-0123456789-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

    static byte[] event(long seq, AlertKind kind, Event.MsgType type, String references) {
        return CapJson.encode(new Event(seq, 1, Event.identifier(POST, 1, seq), kind, kind.defaultPriority(),
                "panic-1", "z1", 1_795_461_486_556L, Event.CapStatus.Actual, type, references), POST);
    }

    @Test
    void with_the_posts_keys_a_forged_cancel_clears_nothing_and_a_forged_alert_takes_no_identifier() {
        CentreView keyed = new CentreView(new PostVerifier(Map.of("desa/pos-1", KEY)));
        PostSignature.Signer post = PostSignature.signer("desa", "pos-1", KEY);
        String topic = "kentongan/v1/desa/pos-1/alert";
        // an outsider's copy of the coming alert #2, unsigned: shown marked, not kept
        String early = keyed.onMessage(topic, event(2, AlertKind.PANIC, Event.MsgType.Alert, null));
        assertTrue(early.startsWith("UNVERIFIED  alert  " + topic) && early.endsWith("(unsigned)"), early);
        String first = keyed.onMessage(topic, post.sign(event(1, AlertKind.PANIC, Event.MsgType.Alert, null)));
        assertTrue(first.startsWith("#1  verified    "), first);
        String second = keyed.onMessage(topic, post.sign(event(2, AlertKind.PANIC, Event.MsgType.Alert, null)));
        assertTrue(second.startsWith("#2  verified    "), "the real #2 is not taken for a re-publish: " + second);
        byte[] cancel = event(3, AlertKind.ALL_CLEAR, Event.MsgType.Cancel, POST.sender()
                + ",KTG-desa-pos-1-1-1,2026-11-24T02:18:06+07:00");
        byte[] forged = PostSignature.signer("desa", "pos-1", "a-guessed-key-0123456789-abcdefghij"
                .getBytes(StandardCharsets.US_ASCII)).sign(cancel);
        assertTrue(keyed.onMessage(topic, forged).startsWith("FORGED      alert  "));
        assertTrue(keyed.alertsReport().get(0).contains(" open "), keyed.alertsReport().toString());
        keyed.onMessage(topic, post.sign(cancel));
        assertTrue(keyed.alertsReport().get(0).contains("cleared"), keyed.alertsReport().toString());
        String offline = keyed.onMessage("kentongan/v1/desa/pos-1/status",
                "{\"state\":\"offline\",\"village\":\"desa\",\"post\":\"pos-1\",\"boot\":1}"
                        .getBytes(StandardCharsets.UTF_8));
        assertTrue(offline.startsWith("UNVERIFIED") && keyed.postsReport().get(0).contains("unknown"),
                offline + " / " + keyed.postsReport());
    }

    @Test
    void a_forged_line_cannot_overwrite_its_own_mark_on_the_screen() {
        byte[] sneaky = ("{\"identifier\":\"X\",\"info\":[{\"language\":\"id-ID\",\"headline\":"
                + "\"\\rverified  2026 desa/pos-1 fire\"}]}").getBytes(StandardCharsets.UTF_8);
        String line = new CentreView(new PostVerifier(Map.of("desa/pos-1", KEY)))
                .onMessage("kentongan/v1/desa/pos-1/alert", sneaky);
        assertTrue(line.startsWith("UNVERIFIED") && !line.contains("\r") && line.contains("?verified"), line);
    }
}
