package id.kentongan.sms;

/**
 * One SMS text, fitted to a number of parts before it is handed to the daemon. GSM 03.38's 7-bit
 * alphabet when every character is in it (160 characters in one SMS, 153 per part when concatenated;
 * the extension characters {@code ^{}[]~|\€} take two), else UCS-2 (70, and 67 per part, counted in
 * UTF-16 units). Gammu's daemon makes the same choice ({@code TransmitFormat = auto}) and splits the
 * parts; the phone joins them, so a split never shows. What must never happen by accident is a text
 * longer than its parts: that is cut here, deliberately, at a word boundary, with {@code ".."} to say so.
 * Immutable; any thread.
 *
 * @param text      what is sent
 * @param ucs2      {@code true} when a character outside the GSM alphabet forces UCS-2
 * @param parts     how many SMS it takes
 * @param shortened {@code true} if the body was cut to fit
 */
public record SmsText(String text, boolean ucs2, int parts, boolean shortened) {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "^{}\\[~]|€\f";
    static final String CUT = "..";

    /** Septets {@code s} takes in GSM 7-bit, or -1 if a character is outside the alphabet. */
    static int septets(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (BASIC.indexOf(c) >= 0) {
                n++;
            } else if (EXTENSION.indexOf(c) >= 0) {
                n += 2;
            } else {
                return -1;
            }
        }
        return n;
    }

    /** How many SMS {@code s} takes, and in which coding. */
    static SmsText measure(String s, boolean shortened) {
        int septets = septets(s);
        if (septets >= 0) {
            return new SmsText(s, false, septets <= 160 ? 1 : (septets + 152) / 153, shortened);
        }
        int units = s.length();
        return new SmsText(s, true, units <= 70 ? 1 : (units + 66) / 67, shortened);
    }

    /**
     * {@code head + body + tail} in at most {@code maxParts} SMS. The body gives way first, cut after its
     * last whole word that fits; the head and tail (what the message is, and its number to reply to)
     * are kept whole when they fit alone.
     */
    public static SmsText fit(String head, String body, String tail, int maxParts) {
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts " + maxParts + " must be at least 1");
        }
        SmsText whole = measure(head + body + tail, false);
        if (whole.parts() <= maxParts) {
            return whole;
        }
        // the coding of the whole decides the room: cutting UCS-2 characters away never makes room for more
        String cut = cutToFit(head, body, tail, maxParts, whole.ucs2());
        if (cut != null) {
            return measure(cut, true);
        }
        String headOnly = cutToFit("", head, tail, maxParts, whole.ucs2());
        return measure(headOnly != null ? headOnly : cutToFit("", head + tail, "", maxParts, whole.ucs2()), true);
    }

    /** The longest {@code head + body' + CUT + tail} that fits, body' a word-boundary prefix of body; else null. */
    private static String cutToFit(String head, String body, String tail, int maxParts, boolean ucs2) {
        int end = body.length();
        while (end > 0) {
            int space = lastSpace(body, end);
            if (space < 0) {
                break;
            }
            String candidate = head + body.substring(0, space).stripTrailing() + CUT + tail;
            if (fits(candidate, maxParts, ucs2)) {
                return candidate;
            }
            end = space;
        }
        String bare = head.stripTrailing() + (head.isEmpty() ? "" : CUT) + tail;
        return !bare.isEmpty() && fits(bare, maxParts, ucs2) ? bare : null;
    }

    private static int lastSpace(String s, int before) {
        for (int i = before - 1; i > 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean fits(String s, int maxParts, boolean ucs2) {
        if (ucs2) {
            return s.length() <= (maxParts == 1 ? 70 : 67 * maxParts);
        }
        int septets = septets(s);
        return septets >= 0 ? septets <= (maxParts == 1 ? 160 : 153 * maxParts)
                : s.length() <= (maxParts == 1 ? 70 : 67 * maxParts);
    }
}
