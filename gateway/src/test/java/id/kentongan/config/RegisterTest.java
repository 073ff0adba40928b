package id.kentongan.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The register of numbers: private, strict, big enough for a village, and never printing a number. */
class RegisterTest {

    static final List<String> ZONES = List.of("z1", "z2");

    @TempDir
    Path tmp;

    private Path write(String text) throws Exception {
        Path f = tmp.resolve("register.yaml");
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, text);
        return f;
    }

    @Test
    void people_and_residents_are_found_by_key_and_by_number_in_one_form_with_indonesian_by_default() throws Exception {
        Register r = Register.load(write("""
                people:
                  ketua-rt: { number: "0800-0000-0001", role: "Ketua RT 03" }
                residents:
                  z1:
                    - { id: z1-001, number: "+62800000002" }
                    - { id: z1-002, number: "+62 800 000 003", lang: en }
                """), "62", ZONES);
        assertEquals("+6280000000001", r.number("ketua-rt"));
        assertEquals("Ketua RT 03", r.person("ketua-rt").role());
        assertEquals(List.of("z1-001", "z1-002"), r.residents("z1").stream().map(e -> e.key()).toList());
        assertEquals(List.of("id", "en"), r.residents("z1").stream().map(e -> e.lang()).toList());
        assertEquals("z1-002", r.byNumber("+62800000003").key());
        assertTrue(r.byNumber("+6280000000001").person());
        assertNull(r.byNumber("+62899999999"));
        assertFalse(r.toString().contains("80000"), r.toString());
    }

    @Test
    void the_watchs_guards_are_found_by_card_and_by_number_and_bad_cards_are_refused_with_lines() throws Exception {
        Register r = Register.load(write("""
                guards:
                  budi: { card: "04A1B2C3", number: "0800-0000-0009" }
                  agus: { card: "04D4E5F6A7B8C9" }
                """), "62", ZONES);
        assertEquals(java.util.Map.of("04A1B2C3", "budi", "04D4E5F6A7B8C9", "agus"), r.guardCards());
        assertEquals("budi", r.guardByNumber("+6280000000009"));
        assertEquals(java.util.Set.of("budi", "agus"), r.guards());
        Path bad = write("""
                guards:
                  budi: { card: "04a1b2c3" }
                  agus: { card: "04D4E5F6" }
                  joko: { card: "04D4E5F6" }
                  wawan: {}
                """);
        ProfileException e = assertThrows(ProfileException.class, () -> Register.load(bad, "62", ZONES));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).matches(".*register\\.yaml:2: .*uppercase hex.*"), e.problems().toString());
        assertTrue(e.problems().get(1).matches(".*register\\.yaml:4: .*same card as guard 'agus'.*"), e.problems().toString());
        assertTrue(e.problems().get(2).matches(".*register\\.yaml:5: .*a card, a number, or both.*"), e.problems().toString());
    }

    @Test
    void a_register_others_may_read_is_refused_with_the_fix() throws Exception {
        Path f = write("people: {}\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ProfileException e = assertThrows(ProfileException.class, () -> Register.load(f, "62", ZONES));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void every_problem_is_reported_with_its_line_and_no_number_is_quoted() throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> Register.load(write("""
                people:
                  ketua-rt: { number: "+62800000001234567890" }
                  Ketua RW: { number: "+62800000001" }
                residents:
                  z9:
                    - { id: a, number: "+62800000002", lang: jv }
                    - { id: a, number: "+62800000003" }
                """), "62", ZONES));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("register.yaml:2:"), all);
        assertTrue(all.contains("'Ketua RW' must be"), all);
        assertTrue(all.contains("zone 'z9' is not one of"), all);
        assertTrue(all.contains("lang must be id or en"), all);
        assertTrue(all.contains("'a' is in the register twice"), all);
        assertFalse(all.contains("80000000"), "numbers are never quoted: " + all);
    }

    @Test
    void a_thousand_residents_in_a_zone_load_quickly() throws Exception {
        StringBuilder b = new StringBuilder("residents:\n  z1:\n");
        for (int i = 0; i < 1000; i++) {
            b.append(String.format("    - { id: r%04d, number: \"+62800%07d\" }%n", i, i));
        }
        long t = System.nanoTime();
        Register r = Register.load(write(b.toString()), "62", ZONES);
        assertEquals(1000, r.residents("z1").size());
        assertEquals("r0999", r.byNumber("+628000000999").key());
        assertTrue(System.nanoTime() - t < 5_000_000_000L, "loaded in seconds at most");
    }
}
