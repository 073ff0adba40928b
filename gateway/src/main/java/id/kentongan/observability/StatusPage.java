package id.kentongan.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.Messages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status page's HTML in the guard's language: {@code index.html} with each {@code {{name}}} filled from
 * the message bundles' {@code page.name} (HTML-escaped), and the script's own words ({@code page.js.*}) put in
 * as JSON for {@code status.js}. Made once per language, on first asking.
 *
 * <p>Threads: any ({@code kentongan-status}); the made pages are kept in a synchronized map.
 */
final class StatusPage {

    private static final Pattern NAME = Pattern.compile("\\{\\{([a-z0-9.-]+)}}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "page.";
    private static final List<String> SHARED = List.of("page.js.", "alert.state.", "alert.sound.", "node.", "ronda.",
            "supervision.");
    private static final Map<Messages.Lang, String> MADE = new EnumMap<>(Messages.Lang.class);

    private StatusPage() {
    }

    /**
     * The language a request's query asks for: {@code lang=en} English, anything else Indonesian. Only the
     * exact forms are looked at; the query is never parsed further.
     */
    static Messages.Lang lang(String rawQuery) {
        return rawQuery != null && (rawQuery.equals("lang=en") || rawQuery.startsWith("lang=en&"))
                ? Messages.Lang.EN : Messages.Lang.ID;
    }

    static String html(Messages.Lang lang) throws IOException {
        synchronized (MADE) {
            String page = MADE.get(lang);
            if (page == null) {
                page = make(Messages.of(lang), template());
                MADE.put(lang, page);
            }
            return page;
        }
    }

    static String make(Messages m, String template) throws JsonProcessingException {
        Map<String, String> words = new TreeMap<>();
        for (String shared : SHARED) { // the script's words, and the states' as kentongan status says them
            m.startingWith(shared).forEach((k, v) -> words.put(shared + k, v));
        }
        String texts = JSON.writeValueAsString(words).replace("<", "\\u003c"); // no "</script>" ends it early
        Matcher at = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (at.find()) {
            String name = at.group(1);
            String value = switch (name) {
                case "lang" -> m.lang().code;
                case "texts" -> texts;
                case "report-query" -> m.lang() == Messages.Lang.EN ? "?lang=en" : "";
                default -> escape(m.tr(PAGE + name));
            };
            at.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        at.appendTail(out);
        return out.toString();
    }

    private static String template() throws IOException {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/index.html")) {
            if (in == null) {
                throw new IOException("the jar lacks /status/index.html");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
