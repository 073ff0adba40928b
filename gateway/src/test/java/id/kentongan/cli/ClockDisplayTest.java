package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Messages;
import id.kentongan.alert.Post;
import id.kentongan.alert.Priority;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code kentongan watch} and {@code kentongan status} show of an unsynchronised clock. */
class ClockDisplayTest {

    static final Messages EN = Messages.of(Messages.Lang.EN);

    static final Post POST = new Post("desa", "pos-1", "Pos", "z1", ZoneId.of("Asia/Jakarta"));

    static Event panic(boolean unsynchronised) {
        return new Event(9, 2, Event.identifier(POST, 2, 9), AlertKind.PANIC, Priority.LIFE_SAFETY, "panic-1", "z1",
                1_795_461_486_556L, Event.CapStatus.Actual, Event.MsgType.Alert, null, null, null, unsynchronised);
    }

    @Test
    void watch_marks_the_time_of_an_event_from_an_unsynchronised_post() {
        String flagged = WatchCommand.line(CapJson.encode(panic(true), POST));
        assertTrue(flagged.startsWith("2026-11-24T02:18:06+07:00 (clock?)  desa/pos-1 #9"), flagged);
        String plain = WatchCommand.line(CapJson.encode(panic(false), POST));
        assertFalse(plain.contains("clock?"), plain);
    }

    @Test
    void status_says_whether_the_clock_is_trusted_and_marks_open_alerts_stamped_without_it() throws Exception {
        var untrusted = new ObjectMapper().readTree("""
                {"clock": {"sync": "unsynchronised", "trusted": false, "jumps": 1},
                 "alerts": [{"seq": 9, "priority": "life-safety", "kind": "panic", "source": "panic-1",
                             "sentMillis": 1795461486556, "unsynchronised": true, "state": "raised",
                             "sounding": "sounding", "identifier": "KTG-desa-pos-1-2-9"}]}""");
        String text = StatusCommand.render(untrusted, EN);
        assertTrue(text.contains("Clock    NOT TRUSTED (kernel: unsynchronised): event times are flagged '(clock?)', "
                + "order by #seq; jumps since start: 1"), text);
        assertTrue(text.contains(" (clock?)  not sent yet"), text);
        String id = StatusCommand.render(untrusted, Messages.of(Messages.Lang.ID));
        assertTrue(id.contains("Jam      TIDAK DAPAT DIPERCAYA (kernel: unsynchronised)"), id);
        assertTrue(id.contains(" (jam?)  belum terkirim ke pusat, Sirene berbunyi"), id);
        String trusted = StatusCommand.render(new ObjectMapper().readTree("""
                {"clock": {"sync": "synchronised", "trusted": true, "jumps": 0}, "alerts": []}"""), EN);
        assertTrue(trusted.contains("Clock    synchronised\n"), trusted);
    }

    @Test
    void residents_messages_say_when_their_sent_time_is_not_to_be_trusted() throws Exception {
        var mapper = new ObjectMapper();
        var flagged = mapper.readTree(id.kentongan.alert.Residents.DEFAULTS.message(panic(true), POST));
        assertTrue(flagged.path("clock").asText().equals("unsynchronised"), flagged.toString());
        var plain = mapper.readTree(id.kentongan.alert.Residents.DEFAULTS.message(panic(false), POST));
        assertFalse(plain.has("clock"), plain.toString());
    }
}
