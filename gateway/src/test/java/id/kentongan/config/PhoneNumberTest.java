package id.kentongan.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Numbers in one form, and never shown whole. */
class PhoneNumberTest {

    @Test
    void a_number_is_shown_with_its_prefix_and_last_four_digits_only() {
        assertEquals("+62812****5432", PhoneNumber.mask("+6281298765432"));
        assertFalse(PhoneNumber.mask("+628129876543").contains("98765"));
        assertEquals("****", PhoneNumber.mask("1234"));
    }

    @Test
    void national_and_international_forms_become_one() {
        assertEquals("+6281298765432", PhoneNumber.normalise("0812-9876-5432", "62"));
        assertEquals("+6281298765432", PhoneNumber.normalise("+62 812 9876 5432", "62"));
        assertEquals("+6281298765432", PhoneNumber.normalise("006281298765432", "62"));
        assertEquals("+6281298765432", PhoneNumber.normalise("6281298765432", "62"));
        assertNull(PhoneNumber.normalise("TELKOMSEL", "62"));
        assertNull(PhoneNumber.normalise("+62 812", "62"));
    }

    @Test
    void every_long_digit_run_in_a_daemon_line_is_masked() {
        assertEquals("Failed to find SMS for TPMR=12, Number=+62812****5432",
                PhoneNumber.maskAll("Failed to find SMS for TPMR=12, Number=+6281298765432"));
    }
}
