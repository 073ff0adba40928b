package id.kentongan.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What people type, read forgivingly; anything else is not understood, never guessed at. */
class GrammarTest {

    @Test
    void ok_with_or_without_the_alarms_number_however_it_is_typed() {
        assertEquals(new Grammar.Ok(-1), Grammar.parse("OK"));
        assertEquals(new Grammar.Ok(-1), Grammar.parse("  oke. "));
        assertEquals(new Grammar.Ok(17), Grammar.parse("Ok 17"));
        assertEquals(new Grammar.Ok(17), Grammar.parse("OK #17"));
        assertEquals(new Grammar.Ok(17), Grammar.parse("ok,17!"));
        assertInstanceOf(Grammar.NotUnderstood.class, Grammar.parse("ok tapi saya di luar kota"));
        assertInstanceOf(Grammar.NotUnderstood.class, Grammar.parse("okta"));
        assertEquals(new Grammar.Ronda(), Grammar.parse(" Ronda! "));
        assertInstanceOf(Grammar.NotUnderstood.class, Grammar.parse("ronda malam ini saya sakit"));
    }

    @Test
    void lapor_keeps_the_words_as_typed_after_the_keyword() {
        assertEquals(new Grammar.Lapor("rw05-utara ada asap di gang 3"), Grammar.parse("LAPOR  rw05-utara ada asap di gang 3"));
        assertEquals(new Grammar.Lapor("Maling di rumah Pak Budi"), Grammar.parse("lapor: Maling di rumah Pak Budi"));
        assertEquals(new Grammar.Lapor("air naik"), Grammar.parse("Laporan\nair   naik"));
        assertInstanceOf(Grammar.NotUnderstood.class, Grammar.parse("LAPOR"));
        assertInstanceOf(Grammar.NotUnderstood.class, Grammar.parse("laporkan"));
        assertEquals(Grammar.MAX_WORDS, ((Grammar.Lapor) Grammar.parse("lapor " + "x".repeat(1000))).words().length());
    }
}
