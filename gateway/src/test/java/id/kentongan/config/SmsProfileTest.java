package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Priority;
import id.kentongan.config.SmsSettings;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile's sms section: a post without it has no SMS; with it, every problem has its line. */
class SmsProfileTest {

    private static String base() throws Exception {
        return Files.readString(Path.of("..", "firmware-config", "sites", "sukamaju-rt03.yaml"));
    }

    private static String withoutSms(String text) {
        int start = text.indexOf("\nsms:");
        int end = text.indexOf("\n# Field nodes");
        return text.substring(0, start + 1) + text.substring(end + 1);
    }

    @Test
    void the_example_post_pages_its_tree_by_default_and_fire_at_once() throws Exception {
        SmsSettings sms = ProfileLoader.load(Path.of("site.yaml"), new StringReader(base())).sms();
        assertEquals(1, sms.modems().size());
        assertEquals(12, sms.modems().get(0).perMinute());
        List<SmsSettings.Level> panic = sms.phoneTree().get(AlertKind.PANIC);
        assertEquals(List.of(Duration.ofMinutes(2), Duration.ofMinutes(7)), panic.stream().map(SmsSettings.Level::after)
                .toList(), "default stands for every alarm kind without its own");
        assertEquals(Duration.ZERO, sms.phoneTree().get(AlertKind.FIRE).get(0).after());
        assertNull(sms.phoneTree().get(AlertKind.NODE_SILENT), "supervision pages nobody");
        assertEquals(SmsSettings.Reach.ALL_ZONES, sms.reach().get(Priority.LIFE_SAFETY));
        assertEquals(List.of("piket-polsek"), sms.duty());
        assertTrue(sms.people().containsAll(List.of("ketua-rt", "linmas", "ketua-rw", "bhabinkamtibmas", "piket-polsek")));
    }

    @Test
    void a_post_without_the_section_has_no_sms() throws Exception {
        assertNull(ProfileLoader.load(Path.of("site.yaml"), new StringReader(withoutSms(base()))).sms());
    }

    @Test
    void levels_out_of_order_unknown_kinds_and_bad_modems_are_refused_with_lines() throws Exception {
        String text = withoutSms(base()) + """
                sms:
                  modems:
                    - { id: modem-1, per_minute: 0 }
                  residents: { life-safety: everyone }
                  phone_tree:
                    door:
                      - { after: 1m, people: [ketua-rt] }
                    panic:
                      - { after: 5m, people: [ketua-rt] }
                      - { after: 1m, people: [ketua-rw] }
                """;
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load(Path.of("site.yaml"), new StringReader(text)));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("per_minute 0 must be 1..6000"), all);
        assertTrue(all.contains("must be own-zone, all-zones or none"), all);
        assertTrue(all.contains("'door' is not an alarm kind"), all);
        assertTrue(all.contains("each level comes later than the one before it"), all);
        assertTrue(e.problems().stream().allMatch(p -> p.matches("site\\.yaml:\\d+: .*")), all);
    }
}
