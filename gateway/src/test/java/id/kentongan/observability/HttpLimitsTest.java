package id.kentongan.observability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which Java bounds the size of HTTP request headers: 21.0.5 and 23.0.1 on (JDK-8328286), not 22. */
class HttpLimitsTest {

    @Test
    void header_size_is_bounded_from_21_0_5_and_23_0_1_on() {
        assertFalse(HttpLimits.headerSizeBounded(Runtime.Version.parse("21.0.4+7")));
        assertTrue(HttpLimits.headerSizeBounded(Runtime.Version.parse("21.0.5+11")));
        assertFalse(HttpLimits.headerSizeBounded(Runtime.Version.parse("22.0.2")));
        assertFalse(HttpLimits.headerSizeBounded(Runtime.Version.parse("23")));
        assertTrue(HttpLimits.headerSizeBounded(Runtime.Version.parse("23.0.1")));
        assertTrue(HttpLimits.headerSizeBounded(Runtime.Version.parse("25.0.1")));
    }
}
