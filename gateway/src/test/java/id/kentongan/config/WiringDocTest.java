package id.kentongan.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wiring table a technician follows in docs/install.md ("Install on a Raspberry Pi") is the example
 * profile's: the same ids, GPIO numbers, the header pin each GPIO is on, and the active level. A pin
 * moved in the profile and not in the document (or the other way) fails here, before a siren is wired
 * to the wrong pin.
 */
class WiringDocTest {

    private static final Path INSTALL = Path.of("..", "docs", "install.md");
    private static final Path EXAMPLE = Path.of("..", "firmware-config", "sites", "sukamaju-rt03.yaml");

    /** BCM GPIO number to the physical pin of the 40-pin header (the same on a Pi 4 and a Pi 5). */
    private static final Map<Integer, Integer> HEADER = Map.ofEntries(Map.entry(2, 3), Map.entry(3, 5),
            Map.entry(4, 7), Map.entry(17, 11), Map.entry(27, 13), Map.entry(22, 15), Map.entry(10, 19),
            Map.entry(9, 21), Map.entry(11, 23), Map.entry(0, 27), Map.entry(5, 29), Map.entry(6, 31),
            Map.entry(13, 33), Map.entry(19, 35), Map.entry(26, 37), Map.entry(14, 8), Map.entry(15, 10),
            Map.entry(18, 12), Map.entry(23, 16), Map.entry(24, 18), Map.entry(25, 22), Map.entry(8, 24),
            Map.entry(7, 26), Map.entry(1, 28), Map.entry(12, 32), Map.entry(16, 36), Map.entry(20, 38),
            Map.entry(21, 40));

    private static final Pattern ROW = Pattern.compile(
            "^\\| `([\\w-]+)` \\| [^|]+ \\| GPIO(\\d+) \\| (\\d+) \\| [^|]+ \\| (high|low) [^|]*\\|$", Pattern.MULTILINE);

    @Test
    void the_readme_wiring_table_is_the_example_profile() throws Exception {
        SiteProfile post = ProfileLoader.load(EXAMPLE);
        List<String> expected = new ArrayList<>();
        for (SiteProfile.InputSpec in : post.inputs()) {
            expected.add(row(in.id(), in.pin(), in.activeHigh()));
        }
        for (SiteProfile.OutputSpec out : post.outputs()) {
            expected.add(row(out.id(), out.pin(), out.activeHigh()));
        }
        List<String> documented = new ArrayList<>();
        Matcher m = ROW.matcher(Files.readString(INSTALL));
        while (m.find()) {
            int gpio = Integer.parseInt(m.group(2));
            assertEquals(HEADER.get(gpio), Integer.valueOf(m.group(3)), m.group(1) + ": GPIO" + gpio
                    + " is not on header pin " + m.group(3));
            documented.add(row(m.group(1), gpio, m.group(4).equals("high")));
        }
        assertTrue(documented.size() >= expected.size(), "docs/install.md has a wiring table: " + documented);
        assertEquals(expected, documented);
    }

    private static String row(String id, int gpio, boolean activeHigh) {
        return id + " GPIO" + gpio + " " + (activeHigh ? "high" : "low");
    }
}
