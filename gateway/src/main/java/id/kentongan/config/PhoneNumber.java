package id.kentongan.config;

import java.util.regex.Pattern;

/**
 * Phone numbers as the post keeps them: international form ({@code +6281234567890}), and masked
 * wherever one must be shown ({@code +62812****7890}): in logs, status and the status page. A number is
 * personal data: it lives in the register and in the daemon's spool, nowhere else. Stateless; any thread.
 */
public final class PhoneNumber {

    private static final Pattern INTERNATIONAL = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{3,20}");

    private PhoneNumber() {
    }

    /**
     * {@code text} in international form, or {@code null} if it is not a phone number. A national number
     * ({@code 0812...}) takes the post's country code; spaces and dashes are dropped.
     */
    public static String normalise(String text, String countryCode) {
        if (text == null) {
            return null;
        }
        String s = text.replace(" ", "").replace("-", "");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        } else if (s.startsWith("0")) {
            s = "+" + countryCode + s.substring(1);
        } else if (!s.startsWith("+") && s.startsWith(countryCode) && s.length() > 9) {
            s = "+" + s;
        }
        return INTERNATIONAL.matcher(s).matches() ? s : null;
    }

    /** Whether a sender as the daemon wrote it looks like a number at all (operators send names). */
    public static boolean looksLikeNumber(String sender) {
        return DIGITS.matcher(sender).matches();
    }

    /** {@code +62812****7890}: the country and operator prefix and the last four digits, never the rest. */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return "(none)";
        }
        int n = number.length();
        if (n <= 6) {
            return "*".repeat(n);
        }
        int keepEnd = n >= 10 ? 4 : 2;
        int keepStart = Math.min(6, n - keepEnd - 2);
        return number.substring(0, keepStart) + "*".repeat(n - keepStart - keepEnd) + number.substring(n - keepEnd);
    }

    /** {@code text} with every run of seven or more digits masked: for lines a daemon wrote. */
    public static String maskAll(String text) {
        return Pattern.compile("\\+?[0-9]{7,}").matcher(text).replaceAll(m -> mask(m.group()));
    }
}
