package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/** Events and open alerts as the loop makes them, for the unit tests of the loop's parts. */
final class TestAlerts {

    static final Post POST = new Post("desa", "pos-1", "Pos 1", "z1", ZoneId.of("Asia/Jakarta"));
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    static final long T0 = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    private TestAlerts() {
    }

    /** Event {@code seq} of {@code kind}, in its kind's class, raised at the post at {@code sentMillis}. */
    static Event event(long seq, AlertKind kind, Event.CapStatus status, long sentMillis) {
        return new Event(seq, 1, Event.identifier(POST, 1, seq), kind, kind.defaultPriority(), kind.wireName() + "-1",
                "z1", sentMillis, status, Event.MsgType.Alert, null);
    }

    static OpenAlert alert(long seq, AlertKind kind) {
        return new OpenAlert(event(seq, kind, Event.CapStatus.Actual, T0));
    }

    static OpenAlert drill(long seq, AlertKind kind) {
        return new OpenAlert(event(seq, kind, Event.CapStatus.Exercise, T0));
    }
}
