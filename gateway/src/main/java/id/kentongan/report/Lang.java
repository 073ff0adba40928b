package id.kentongan.report;

import java.util.Locale;

/** The language a report is written in: Bahasa Indonesia (the default, as a guard reads it) or English. */
public enum Lang {
    ID(Locale.forLanguageTag("id-ID")),
    EN(Locale.forLanguageTag("en-GB"));

    final Locale locale;

    Lang(Locale locale) {
        this.locale = locale;
    }

    /** {@code id} or {@code en}; @throws IllegalArgumentException for anything else */
    public static Lang of(String code) {
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "id" -> ID;
            case "en" -> EN;
            default -> throw new IllegalArgumentException("--lang must be id or en, not '" + code + "'");
        };
    }
}
