package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A guard's press is handled before the field's telemetry that was queued ahead of it (bench P6). */
class EdgePrecedenceLoopTest {

    static final String PROFILE = """
            post: { id: pos-1, village: desa, zone: z1 }
            zones: [z1]
            inputs:
              - { id: panic-1, pin: 17, debounce: 0ms }
            outputs:
              - { id: siren-1, pin: 5, role: siren }
            rules:
              - { input: panic-1, kind: panic, pattern: titir, outputs: [siren-1] }
            field:
              nodes:
                - { id: sungai-1, zone: z1, heartbeat: 10s, events: [level] }
            """;
    static final int QUEUED = 10_000;

    @Test
    void a_press_offered_after_ten_thousand_field_events_is_handled_first() throws Exception {
        var profile = ProfileLoader.load(Path.of("test.yaml"), new StringReader(PROFILE));
        boolean[] lines = new boolean[1];
        List<Event> journaled = new ArrayList<>();
        List<Boolean> sirenWhenJournaled = new ArrayList<>();
        long now = 5_000_000_000L;
        Inbox inbox = new Inbox(65_536);
        DispatchLoop loop = new DispatchLoop(profile.toSite(), 1, 0, inbox, (i, on) -> lines[i] = on, e -> {
            journaled.add(e);
            sirenWhenJournaled.add(lines[0]);
        }, e -> { }, InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z")), () -> now);
        loop.allOff();
        int node = profile.nodeIndex("sungai-1");
        for (int i = 0; i < QUEUED; i++) {
            assertTrue(inbox.offer(new Input.FieldEvent(node, "0/" + i, AlertKind.LEVEL, 1.5, (seq, id, fresh) -> { })));
        }
        assertTrue(inbox.offer(new Input.Edge(profile.inputIndex("panic-1"), true, now)));

        loop.runPending(now);

        assertEquals(QUEUED + 1, journaled.size(), "the press and every field event were handled");
        assertEquals(AlertKind.PANIC, journaled.get(0).kind(), "the press was handled first");
        assertEquals("panic-1", journaled.get(0).source());
        assertTrue(sirenWhenJournaled.get(0), "the siren was on before the first event was handed on");
        assertEquals(AlertKind.LEVEL, journaled.get(1).kind());
        assertEquals(0, inbox.depth());
    }
}
