package id.kentongan.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile site profiles: structured mutations of the example (bytes flipped, lines dropped, swapped,
 * duplicated, values replaced by odd ones). Every one is either loaded or refused with file:line
 * problems: never another exception, never a hang. Seeded, so a failure can be replayed.
 */
class ProfileFuzzTest {

    /** Short form in the suite; {@code -Dkentongan.faults=long} runs the long form. */
    static final int PROFILES = "long".equals(System.getProperty("kentongan.faults")) ? 100_000 : 20_000;

    static final String[] ODD = {"", "-1", "99999999999999999999", "0x1F", "~", "null", "[", "]", "{", "}", "&a", "*a",
            "!!binary AAAA", "'", "\"", "1e309", "NaN", "\t", "\u0000", "\uFFFF", "ä", "- - -", "? x", "%YAML 1.1"};

    @Test
    @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES) // the long form's 100,000 profiles
    void mutated_profiles_are_loaded_or_refused_with_lines_never_crash_or_hang() throws Exception {
        fuzz("sukamaju-rt03.yaml", PROFILES);
    }

    /** The night watch's example (#14): its ronda section mutated the same way, no null crash. */
    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void mutated_ronda_profiles_are_loaded_or_refused_with_lines_never_crash_or_hang() throws Exception {
        fuzz("ronda-sukamaju.yaml", PROFILES / 4);
    }

    private static void fuzz(String example, int profiles) throws Exception {
        String base = Files.readString(Path.of("..", "firmware-config", "sites", example));
        String[] lines = base.split("\n");
        SplittableRandom rnd = new SplittableRandom(20261123);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < profiles; i++) {
            String text = mutate(base, lines, rnd);
            try {
                ProfileLoader.load(Path.of("fuzz.yaml"), new StringReader(text));
                loaded++;
            } catch (ProfileException e) {
                refused++;
                for (String p : e.problems()) {
                    assertTrue(p.matches("(?s)fuzz\\.yaml:\\d+: .+"), "case " + i + ": " + p);
                }
            }
        }
        assertEquals(profiles, loaded + refused);
        assertTrue(refused > profiles / 2, "most mutations break something: " + refused);
        System.out.printf("hostile input, site profiles (%s): %d mutated, %d loaded, %d refused with file:line, "
                + "0 crashes, 0 hangs%n", example, profiles, loaded, refused);
    }

    static String mutate(String base, String[] lines, SplittableRandom rnd) {
        switch (rnd.nextInt(5)) {
            case 0 -> { // flip bytes
                char[] c = base.toCharArray();
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    c[rnd.nextInt(c.length)] = (char) rnd.nextInt(32, 127);
                }
                return new String(c);
            }
            case 1 -> { // drop a line
                int drop = rnd.nextInt(lines.length);
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < lines.length; k++) {
                    if (k != drop) {
                        b.append(lines[k]).append('\n');
                    }
                }
                return b.toString();
            }
            case 2 -> { // duplicate a line
                int dup = rnd.nextInt(lines.length);
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < lines.length; k++) {
                    b.append(lines[k]).append('\n');
                    if (k == dup) {
                        b.append(lines[k]).append('\n');
                    }
                }
                return b.toString();
            }
            case 3 -> { // replace a value after a colon with something odd
                int at = rnd.nextInt(lines.length);
                String l = lines[at];
                int colon = l.indexOf(':');
                String[] copy = lines.clone();
                copy[at] = colon < 0 ? ODD[rnd.nextInt(ODD.length)] : l.substring(0, colon + 1) + " " + ODD[rnd.nextInt(
                        ODD.length)];
                return String.join("\n", copy);
            }
            default -> { // truncate
                return base.substring(0, rnd.nextInt(base.length()));
            }
        }
    }
}
