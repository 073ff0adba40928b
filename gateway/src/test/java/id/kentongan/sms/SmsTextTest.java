package id.kentongan.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a phone shows: the right coding, the parts counted as a modem counts them, cuts only between words. */
class SmsTextTest {

    @Test
    void plain_indonesian_goes_in_gsm_seven_bit_and_160_characters_are_one_sms() {
        SmsText t = SmsText.fit("", "a".repeat(160), "", 1);
        assertFalse(t.ucs2());
        assertEquals(1, t.parts());
        assertEquals(2, SmsText.measure("a".repeat(161), false).parts());
        assertEquals(2, SmsText.measure("a".repeat(306), false).parts());
        assertEquals(3, SmsText.measure("a".repeat(307), false).parts());
    }

    @Test
    void an_extension_character_counts_twice_and_one_character_outside_gsm_makes_the_whole_text_ucs2() {
        assertEquals(2, SmsText.measure("€".repeat(81), false).parts(), "81 euro signs are 162 septets");
        SmsText dash = SmsText.measure("Banjir – air naik", false);
        assertTrue(dash.ucs2(), "an en dash is not in the GSM alphabet");
        assertEquals(2, SmsText.measure("x".repeat(70) + "–", false).parts(), "71 UCS-2 characters are two SMS");
        assertEquals(2, SmsText.measure("–".repeat(71), false).parts());
        assertEquals(2, SmsText.measure("–".repeat(134), false).parts());
        assertEquals(3, SmsText.measure("–".repeat(135), false).parts());
    }

    @Test
    void a_long_body_is_cut_after_a_whole_word_and_the_head_and_reply_number_stay_whole() {
        String body = "Matikan listrik, bawa surat penting, naik ke tempat tinggi dan tunggu arahan petugas pos "
                .repeat(6);
        SmsText t = SmsText.fit("BANJIR di rw05-sungai. ", body, " (#17)", 2);
        assertEquals(2, t.parts());
        assertTrue(t.shortened());
        assertTrue(t.text().startsWith("BANJIR di rw05-sungai. "), t.text());
        assertTrue(t.text().endsWith(".. (#17)"), t.text());
        String kept = t.text().substring("BANJIR di rw05-sungai. ".length(), t.text().length() - ".. (#17)".length());
        assertTrue(body.startsWith(kept), "a prefix of the body: " + kept);
        char next = body.charAt(kept.length());
        assertTrue(next == ' ' || next == ',', "cut at a word boundary, not inside '" + kept + "|" + next + "'");
        assertTrue(SmsText.septets(t.text()) <= 306);
    }

    @Test
    void a_text_that_fits_is_never_touched() {
        SmsText t = SmsText.fit("Aman. ", "Keadaan aman.", " (#18)", 1);
        assertEquals("Aman. Keadaan aman. (#18)", t.text());
        assertFalse(t.shortened());
    }

    @Test
    void ucs2_text_is_cut_by_ucs2_room_at_a_word_boundary() {
        String body = "Banjir – air naik di gang tiga, segera naik ke masjid. ".repeat(5);
        SmsText t = SmsText.fit("", body, "", 1);
        assertTrue(t.ucs2());
        assertTrue(t.text().length() <= 70, t.text());
        assertTrue(t.text().endsWith(".."));
        String kept = t.text().substring(0, t.text().length() - 2);
        assertTrue(body.startsWith(kept) && Character.isWhitespace(body.charAt(kept.length()))
                || body.charAt(kept.length()) == ',', kept);
    }

    @Test
    void a_single_word_longer_than_the_room_leaves_only_head_and_tail() {
        SmsText t = SmsText.fit("PANIK #3 ", "x".repeat(400), " Balas OK 3", 1);
        assertEquals("PANIK #3.. Balas OK 3", t.text());
    }
}
