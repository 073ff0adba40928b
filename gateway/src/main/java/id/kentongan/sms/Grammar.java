package id.kentongan.sms;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a received SMS says, read forgivingly (case, spacing and punctuation as people type them) but
 * strictly (anything else is "not understood", never guessed at):
 * <pre>
 *   OK [#]N          acknowledges alarm N (its short number in the page): "ok", "Ok 17", "OK #17", "oke 17."
 *   OK               acknowledges the newest open alarm the sender is listed for
 *   LAPOR ZONE TEXT  a report about zone ZONE (one of the post's zones): "lapor rw05-utara ada asap"
 *   LAPOR TEXT       a report about the reporter's own zone: "Lapor: maling di gang 3"
 *   RONDA            a guard of the night watch signs on, or off if on (#14): "ronda", "Ronda!"
 * </pre>
 * Stateless; any thread.
 */
final class Grammar {

    /** What a message says. */
    sealed interface Said permits Ok, Lapor, Ronda, NotUnderstood {
    }

    /** @param alarm the short number named, or -1 */
    record Ok(long alarm) implements Said {
    }

    /** @param words everything after the keyword, spacing tidied; the zone, if any, is its first word */
    record Lapor(String words) implements Said {
    }

    /** A guard's sign-on or sign-off for the night watch (#14); the sender says who. */
    record Ronda() implements Said {
    }

    record NotUnderstood() implements Said {
    }

    private static final Pattern OK = Pattern.compile("(?:ok|oke|okay)(?:[\\s.,:;!#-]*([0-9]{1,9}))?[\\s.!]*");
    private static final Pattern RONDA = Pattern.compile("ronda[\\s.!]*");
    private static final Pattern LAPOR = Pattern.compile("lapor(?:an)?(?:$|[\\s.,:;!-]+(.*))", Pattern.DOTALL);
    /** A report's words: enough for a place and what happened, no more. */
    static final int MAX_WORDS = 320;

    private Grammar() {
    }

    static Said parse(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        String lower = t.toLowerCase(Locale.ROOT);
        Matcher ok = OK.matcher(lower);
        if (ok.matches()) {
            return new Ok(ok.group(1) == null ? -1 : Long.parseLong(ok.group(1)));
        }
        if (RONDA.matcher(lower).matches()) {
            return new Ronda();
        }
        Matcher lapor = LAPOR.matcher(lower);
        if (lapor.matches() && lapor.group(1) != null && !lapor.group(1).isBlank()) {
            String words = t.substring(t.length() - lapor.group(1).length()).strip();
            return new Lapor(words.length() > MAX_WORDS ? words.substring(0, MAX_WORDS) : words);
        }
        return new NotUnderstood();
    }
}
