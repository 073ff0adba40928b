package id.kentongan.alert;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard's two languages are whole: both bundles have the same keys, each text takes the same arguments
 * in both, every key the code, the page's script and its HTML ask for is there, and none is left over.
 */
class MessagesTest {

    private static final Pattern ARG = Pattern.compile("%(?:(\\d+)\\$)?([sd])");
    private static final Path MAIN = Path.of("src", "main");

    /** The states the status shows by name: each must have its words (the loop's wire names). */
    private static final List<String> STATES = List.of("mode.simulation", "mode.gpiod",
            "alert.state.raised", "alert.state.delivered", "alert.state.acknowledged",
            "alert.sound.none", "alert.sound.sounding", "alert.sound.superseded", "alert.sound.silenced",
            "alert.sound.timed-out", "node.state.ok", "node.state.silent", "node.state.returning",
            "node.state.never-seen");

    private static Map<String, String> bundle(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("/" + file)) {
            assertTrue(in != null, file + " is not on the class path");
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return m;
    }

    /** A text's arguments as Formatter reads them: index to conversion. */
    private static Map<Integer, String> arguments(String text) {
        Map<Integer, String> args = new TreeMap<>();
        Matcher a = ARG.matcher(text);
        int next = 1;
        while (a.find()) {
            int i = a.group(1) != null ? Integer.parseInt(a.group(1)) : next++;
            args.put(i, a.group(2));
        }
        return args;
    }

    @Test
    void both_languages_have_the_same_keys_and_each_text_the_same_arguments() throws IOException {
        Map<String, String> id = bundle("messages.properties");
        Map<String, String> en = bundle("messages_en.properties");
        assertEquals(id.keySet(), en.keySet(), "keys in one bundle and not the other");
        List<String> wrong = new ArrayList<>();
        id.forEach((k, v) -> {
            if (v.isBlank() || en.get(k).isBlank()) {
                wrong.add(k + ": empty");
            } else if (!arguments(v).equals(arguments(en.get(k)))) {
                wrong.add(k + ": id " + arguments(v) + ", en " + arguments(en.get(k)));
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void every_key_asked_for_is_in_the_bundles_and_none_is_left_over() throws IOException {
        Set<String> keys = bundle("messages.properties").keySet();
        Set<String> asked = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                find(src, "\\btr\\(\"([^\"]+)\"", "", asked);
                find(src, "\\bword\\(m, \"([^\"]+)\"", "", prefixes);
                find(src, "\\blabel\\(m, \"([^\"]+)\"", "", asked);
            }
        }
        String js = Files.readString(MAIN.resolve("resources/status/status.js"));
        find(js, "\\bt\\(\"([^\"]+)\"", "page.js.", asked);
        find(js, "\\bword\\(\"([^\"]+)\"", "", prefixes);
        find(js, "\\bshared\\(\"([^\"]+)\"", "", asked);
        Set<String> html = new TreeSet<>();
        find(Files.readString(MAIN.resolve("resources/status/index.html")), "\\{\\{([a-z0-9.-]+)}}", "page.", html);
        html.removeAll(Set.of("page.lang", "page.texts", "page.report-query")); // filled by StatusPage itself
        asked.addAll(html);
        asked.addAll(STATES);
        assertTrue(asked.size() > 100, "the scan found the keys: " + asked.size());

        Set<String> missing = new TreeSet<>(asked);
        missing.removeAll(keys);
        assertEquals(Set.of(), missing, "asked for, in no bundle");
        for (String p : prefixes) {
            assertTrue(keys.stream().anyMatch(k -> k.startsWith(p)), "no key starts " + p);
        }
        Set<String> unused = new TreeSet<>(keys);
        unused.removeAll(asked);
        unused.removeIf(k -> prefixes.stream().anyMatch(k::startsWith));
        assertEquals(Set.of(), unused, "in the bundles, asked for by nothing");
    }

    private static void find(String text, String regex, String prefix, Set<String> into) {
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            into.add(prefix + m.group(1));
        }
    }

    @Test
    void indonesian_is_the_default_and_english_is_asked_for() {
        assertEquals(Messages.Lang.ID, Messages.Lang.of(null));
        assertEquals("Tidak ada peringatan aktif", Messages.of("id").tr("status.alerts.none"));
        assertEquals("No open alerts", Messages.of("en").tr("status.alerts.none"));
        assertEquals("panic-1 pressed for 200 ms and released",
                Messages.of("en").tr("cli.press.pressed", "panic-1", 200));
        assertEquals("panic-1 ditekan 200 ms lalu dilepas", Messages.of("id").tr("cli.press.pressed", "panic-1", 200));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Messages.of("fr"));
        assertTrue(e.getMessage().contains("id (Bahasa Indonesia) or en (English)"), e.getMessage());
    }
}
