package id.kentongan.alert;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * What a guard reads at the post (the status page, {@code kentongan status}, the command line's messages),
 * in Bahasa Indonesia by default and in English on request, from one pair of message bundles:
 * {@code messages.properties} (Indonesian, the base) and {@code messages_en.properties}, UTF-8. A text is
 * looked up by key ({@code status.uplink.down}) and filled with {@link String#format} arguments
 * ({@code %1$s}, so a translation may reorder them). JSON and metrics never go through here: their names
 * stay the same in every language.
 *
 * <p>Here, in {@code alert}, because every other part may use this package and it already holds what
 * people are told ({@link Residents}); a package of its own would need a line in every part's layering
 * for one class.
 *
 * <p>Immutable once loaded; any thread.
 */
public final class Messages {

    /** The two languages a guard may read. */
    public enum Lang {
        ID("id"), EN("en");

        public final String code;

        Lang(String code) {
            this.code = code;
        }

        /** {@code id} or {@code en} (as {@code --lang} and {@code ?lang=} give it); anything else is refused. */
        public static Lang of(String code) {
            return switch (code == null ? "" : code.strip().toLowerCase(Locale.ROOT)) {
                case "id", "" -> ID;
                case "en" -> EN;
                default -> throw new IllegalArgumentException("--lang must be id (Bahasa Indonesia) or en (English), "
                        + "not '" + code + "'");
            };
        }

        Locale locale() {
            return this == ID ? Locale.forLanguageTag("id") : Locale.ENGLISH;
        }
    }

    private static final String BUNDLE = "messages";
    private static final Messages ID = load(Lang.ID);
    private static final Messages EN = load(Lang.EN);

    private final Lang lang;
    private final Map<String, String> texts;

    private Messages(Lang lang, Map<String, String> texts) {
        this.lang = lang;
        this.texts = texts;
    }

    /** The texts of one language. */
    public static Messages of(Lang lang) {
        return lang == Lang.EN ? EN : ID;
    }

    /** The texts of {@code id} or {@code en}; see {@link Lang#of}. */
    public static Messages of(String code) {
        return of(Lang.of(code));
    }

    public Lang lang() {
        return lang;
    }

    /**
     * The text under {@code key}, filled with {@code args}. A key missing from the bundles (a bug the bundle
     * test catches) shows as the key itself, never as an exception on a guard's screen.
     */
    public String tr(String key, Object... args) {
        String t = texts.get(key);
        if (t == null) {
            return key;
        }
        return args.length == 0 ? t : String.format(lang.locale(), t, args);
    }

    /** Whether the bundles have {@code key} (for keys made from a state's name). */
    public boolean has(String key) {
        return texts.containsKey(key);
    }

    /** Every text whose key starts with {@code prefix}, the prefix cut off, in key order (the page's texts). */
    public Map<String, String> startingWith(String prefix) {
        Map<String, String> m = new TreeMap<>();
        texts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    private static Messages load(Lang lang) {
        ResourceBundle b = bundle(lang);
        Map<String, String> m = new TreeMap<>();
        for (String k : Collections.list(b.getKeys())) {
            m.put(k, b.getString(k));
        }
        return new Messages(lang, Collections.unmodifiableMap(m));
    }

    private static ResourceBundle bundle(Lang lang) {
        try {
            // no fall-back to the machine's default locale: Indonesian is the base, English its own file
            return ResourceBundle.getBundle(BUNDLE, lang == Lang.ID ? Locale.ROOT : Locale.ENGLISH,
                    Messages.class.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            throw new IllegalStateException("the jar lacks its message bundles (" + BUNDLE + ".properties)", e);
        }
    }
}
