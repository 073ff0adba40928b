package id.kentongan.report;

import java.util.Locale;

/** The forms a report is written in: one self-contained HTML page, CSV (a row per alert), or JSON. */
public enum Format {
    HTML("text/html; charset=utf-8"),
    CSV("text/csv; charset=utf-8"),
    JSON("application/json");

    final String contentType;

    Format(String contentType) {
        this.contentType = contentType;
    }

    /** {@code html}, {@code csv} or {@code json}; @throws IllegalArgumentException for anything else */
    public static Format of(String name) {
        for (Format f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--format must be html, csv or json, not '" + name + "'");
    }

    String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
