package id.kentongan.alert;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * JSON bytes written straight into a growing buffer: field names, strings escaped as Jackson's
 * generator escapes them (so that a payload's bytes do not change with the encoder), whole numbers and
 * CAP dateTimes written digit by digit, with no string made on the way. One per thread (see
 * {@link CapJson#encode}); the buffer is kept for the next event, so encoding allocates only the
 * payload it returns.
 */
final class CapWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A dateTime's 25 characters, written by {@link #appendDateTime} before they are appended. */
    private static final ThreadLocal<byte[]> DATE_TIME = ThreadLocal.withInitial(() -> new byte[25]);

    private byte[] buf = new byte[2048];
    private int len;
    private boolean first = true; // no comma before the next member or element

    void reset() {
        len = 0;
        first = true;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    void startObject() {
        comma();
        put('{');
        first = true;
    }

    void endObject() {
        put('}');
        first = false;
    }

    void startArray(String name) {
        name(name);
        put('[');
        first = true;
    }

    void endArray() {
        put(']');
        first = false;
    }

    /** A member's name: {@code ,"name":} (names are ASCII constants, never escaped). */
    void name(String name) {
        comma();
        put('"');
        ascii(name);
        put('"');
        put(':');
        first = true; // the value follows without a comma
    }

    /**
     * One or more whole members, written once ahead of time by a writer of their own ({@link #fragment}):
     * a kind's constant fields cost one copy instead of a pass over each character.
     */
    void members(byte[] fragment) {
        comma();
        ensure(fragment.length);
        System.arraycopy(fragment, 0, buf, len, fragment.length);
        len += fragment.length;
        first = false;
    }

    /** The members {@code write} writes, as bytes for {@link #members}. */
    static byte[] fragment(Consumer<CapWriter> write) {
        CapWriter w = new CapWriter();
        write.accept(w);
        return w.toBytes();
    }

    void field(String name, String value) {
        name(name);
        string(value);
    }

    /** A member whose value is a whole number (not a string). */
    void field(String name, long value) {
        name(name);
        number(value);
        first = false;
    }

    /** A whole string value, escaped. */
    void string(String value) {
        openString();
        text(value);
        closeString();
    }

    /** A string value in pieces: {@link #openString}, any number of {@link #text} and {@link #number}, {@link #closeString}. */
    void openString() {
        comma();
        put('"');
    }

    void closeString() {
        put('"');
        first = false;
    }

    /** Part of a string value: escaped as Jackson escapes (short escapes, {@code \\u00XX}, each surrogate as {@code \\uXXXX}). */
    void text(String s) {
        ensure(s.length() * 6);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[len++] = (byte) c;
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void escape(char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm != 0) {
            buf[len++] = '\\';
            buf[len++] = (byte) shortForm;
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /** Part of a string value: a whole number's decimal digits, as {@link Long#toString(long)} writes them. */
    void number(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    /**
     * Part of a string value: a CAP dateTime ({@code 2026-11-23T19:06:01+07:00}) of the local time
     * {@code localSecond} (seconds since 1970 on the wall clock of {@code offsetSeconds}), with that
     * offset in hours and minutes. Years 0..9999 only (the caller checks).
     */
    void dateTime(long localSecond, int offsetSeconds) {
        ensure(25);
        dateTime(buf, len, localSecond, offsetSeconds);
        len += 25;
    }

    /** {@link #dateTime(long, int)} as text, for a CAP {@code references} value. */
    static String dateTimeText(long localSecond, int offsetSeconds) {
        byte[] b = new byte[25];
        dateTime(b, 0, localSecond, offsetSeconds);
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** {@link #dateTime(long, int)} appended to {@code to}. */
    static void appendDateTime(StringBuilder to, long localSecond, int offsetSeconds) {
        byte[] b = DATE_TIME.get(); // the thread's own: C1, the service's compiler, would allocate a fresh one
        dateTime(b, 0, localSecond, offsetSeconds);
        for (byte c : b) {
            to.append((char) c);
        }
    }

    private static void dateTime(byte[] b, int at, long localSecond, int offsetSeconds) {
        long days = Math.floorDiv(localSecond, 86_400) + 719_468; // days since 0000-03-01
        long second = Math.floorMod(localSecond, 86_400);
        long era = Math.floorDiv(days, 146_097); // civil-from-days, after Howard Hinnant's algorithm
        long doe = days - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        int abs = Math.abs(offsetSeconds);
        digits(b, at, y, 4);
        b[at + 4] = '-';
        digits(b, at + 5, m, 2);
        b[at + 7] = '-';
        digits(b, at + 8, d, 2);
        b[at + 10] = 'T';
        digits(b, at + 11, second / 3600, 2);
        b[at + 13] = ':';
        digits(b, at + 14, second / 60 % 60, 2);
        b[at + 16] = ':';
        digits(b, at + 17, second % 60, 2);
        b[at + 19] = (byte) (offsetSeconds < 0 ? '-' : '+');
        digits(b, at + 20, abs / 3600, 2);
        b[at + 22] = ':';
        digits(b, at + 23, abs / 60 % 60, 2);
    }

    /** The year {@link #dateTime} can write: four digits. */
    static boolean fourDigitYear(long localSecond) {
        return localSecond >= -62_167_219_200L && localSecond < 253_402_300_800L; // 0000-01-01 .. 9999-12-31
    }

    private static void digits(byte[] b, int at, long v, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    private void comma() {
        if (!first) {
            put(',');
        }
        first = false;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
