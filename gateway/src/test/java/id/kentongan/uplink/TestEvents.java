package id.kentongan.uplink;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;

import java.time.Instant;
import java.time.ZoneId;

/** Events for the uplink's tests, made the way the dispatch loop stamps them. */
final class TestEvents {

    static final Post POST = new Post("desa", "pos-1", "Pos 1", "z1", ZoneId.of("Asia/Jakarta"));
    static final long BOOT = 1;
    static final long SENT = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    private TestEvents() {
    }

    static Event event(long seq, AlertKind kind) {
        return new Event(seq, BOOT, Event.identifier(POST, BOOT, seq), kind, kind.defaultPriority(), "src-1", "z1",
                SENT, Event.CapStatus.Actual, Event.MsgType.Alert, null);
    }

    static Event panic(long seq) {
        return event(seq, AlertKind.PANIC);
    }

    static Event tamper(long seq) {
        return event(seq, AlertKind.TAMPER);
    }

    static Event heartbeat(long seq) {
        return event(seq, AlertKind.HEARTBEAT);
    }
}
