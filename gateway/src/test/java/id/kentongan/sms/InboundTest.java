package id.kentongan.sms;

import id.kentongan.alert.AlertKind;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What comes back by SMS: a person's OK, a registered LAPOR, and everything else only counted or held. */
class InboundTest {

    static final String RT = "+6280000000900";
    static final String RESIDENT = "+6280000000001";
    static final String STRANGER = "+6280000000999";

    final Inbox inbox = new Inbox(64);
    long now = 1_000_000_000L;
    final Inbound in = new Inbound(PlannerTest.DIRECTORY_WITH_NUMBERS, inbox, List.of("z1", "z2"), "z1", 2,
            () -> now, () -> 1_700_000_000_000L);

    List<Input> taken() {
        List<Input> out = new ArrayList<>();
        for (Input i; (i = inbox.poll()) != null; ) {
            out.add(i);
        }
        return out;
    }

    @Test
    void a_persons_ok_becomes_a_reply_anyone_elses_only_a_count() {
        in.received("modem-1", "0800-0000-0900", "OK 7");
        in.received("modem-1", RESIDENT, "ok");
        in.received("modem-1", STRANGER, "OK 7");
        in.received("modem-1", "TELKOMSEL", "Paket data Anda habis");
        assertEquals(List.of(new Input.Reply("ketua-rt", "Ketua RT", 7)), taken());
        assertEquals(1L, in.counts().get("acks"));
        assertEquals(1L, in.counts().get("unknown-number"));
        assertEquals(2L, in.counts().get("not-understood"));
    }

    @Test
    void a_guards_ronda_signs_on_or_off_anyone_elses_only_a_count_and_a_looping_phone_is_limited() {
        in.received("modem-1", "0800-0000-0777", "RONDA");
        in.received("modem-1", RESIDENT, "ronda");
        in.received("modem-1", STRANGER, "ronda");
        assertEquals(List.of(new Input.RondaText("budi")), taken());
        assertEquals(1L, in.counts().get("ronda"));
        assertEquals(2L, in.counts().get("unknown-guard"), "a resident is no guard; a stranger neither");
        for (int i = 0; i < 10; i++) {
            in.received("modem-1", "0800-0000-0777", "ronda");
        }
        assertEquals(Inbound.RONDA_PER_HOUR - 1, taken().size(), "at most six an hour");
        assertEquals(11L - Inbound.RONDA_PER_HOUR, in.counts().get("rate-limited"), "eleven texts, six taken");
    }

    @Test
    void a_registered_lapor_names_its_zone_and_kind_and_is_rate_limited_per_number() {
        in.received("modem-1", RESIDENT, "LAPOR z2 ada kebakaran di pasar");
        in.received("modem-1", RESIDENT, "lapor maling lewat gang 3");
        in.received("modem-1", RESIDENT, "lapor satu lagi");
        List<Input> got = taken();
        assertEquals(new Input.Report("a", "z2", AlertKind.REPORT_FIRE, "ada kebakaran di pasar"), got.get(0));
        assertEquals(new Input.Report("a", "z1", AlertKind.REPORT, "maling lewat gang 3"), got.get(1),
                "no zone named: the reporter's own");
        assertEquals(2, got.size());
        assertEquals(1L, in.counts().get("rate-limited"));
        now += 3_600_000_000_000L;
        in.received("modem-1", RESIDENT, "lapor banjir, air naik di z1");
        assertEquals(AlertKind.REPORT_FLOOD, ((Input.Report) taken().get(0)).kind(), "an hour later: taken again");
    }

    @Test
    void a_lapor_from_an_unknown_number_is_held_masked_never_raised_once_per_ten_minutes_newest_kept() {
        in.received("modem-1", STRANGER, "lapor ada api");
        in.received("modem-1", STRANGER, "lapor ada api!!");
        assertEquals(List.of(), taken());
        assertEquals(1, in.held().size());
        assertEquals("+62800****0999", in.held().get(0).from());
        assertEquals("ada api", in.held().get(0).words());
        for (int i = 0; i < Inbound.MAX_HELD + 5; i++) {
            in.received("modem-1", String.format("+62811%07d", i), "lapor nomor " + i);
        }
        assertEquals(Inbound.MAX_HELD, in.held().size());
        assertEquals("nomor " + (Inbound.MAX_HELD + 4), in.held().get(Inbound.MAX_HELD - 1).words());
        assertEquals(6L, in.counts().get("held-full"));
        assertNull(in.counts().get("reports"));
        assertInstanceOf(List.class, in.held());
    }
}
