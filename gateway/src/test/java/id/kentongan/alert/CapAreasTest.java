package id.kentongan.alert;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of a post's zones a relayed CAP alert is for, read from real CAP XML. */
class CapAreasTest {

    /** Post A of the village: zones z1 and z2; Dusun Hulu holds z1, Dusun Hilir none of its zones. */
    static final CapAreas POST_A = new CapAreas(List.of(
            new CapAreas.Row("Dusun Hulu", null, null, List.of("z1")),
            new CapAreas.Row("Dusun Hilir", null, null, List.of()),
            new CapAreas.Row(null, "BPS", "3201012005", List.of("z2")),
            new CapAreas.Row("Desa Sukamaju", null, null, List.of("z1", "z2"))));

    static List<CapXml.Area> areas(String areaElements) {
        return CapXml.parse(CapXmlTest.BMKG.replace("<area><areaDesc>Sukamaju</areaDesc></area>", areaElements))
                .areas();
    }

    @Test
    void an_area_named_by_its_description_sounds_only_its_zones() {
        CapAreas.Reach r = POST_A.reach(areas("<area><areaDesc>  dusun   HULU </areaDesc></area>"));
        assertFalse(r.wholeVillage());
        assertEquals(List.of("z1"), r.zones(), "case and runs of spaces do not matter");
    }

    @Test
    void an_area_named_by_a_geocode_the_profile_maps_sounds_its_zones() {
        CapAreas.Reach r = POST_A.reach(areas("""
                <area><areaDesc>Kelurahan 2005</areaDesc>
                  <geocode><valueName>BPS</valueName><value>3201012005</value></geocode></area>"""));
        assertEquals(List.of("z2"), r.zones());
        assertFalse(r.wholeVillage());
    }

    @Test
    void an_area_that_holds_none_of_this_posts_zones_sounds_nothing_here() {
        CapAreas.Reach r = POST_A.reach(areas("<area><areaDesc>Dusun Hilir</areaDesc></area>"));
        assertFalse(r.wholeVillage());
        assertEquals(List.of(), r.zones());
    }

    @Test
    void several_known_areas_sound_the_zones_of_all_of_them() {
        CapAreas.Reach r = POST_A.reach(areas("""
                <area><areaDesc>Dusun Hilir</areaDesc></area>
                <area><areaDesc>Dusun Hulu</areaDesc></area>
                <area><areaDesc>Desa Sukamaju</areaDesc></area>"""));
        assertEquals(List.of("z1", "z2"), r.zones());
    }

    @Test
    void an_area_the_profile_does_not_know_sounds_the_whole_village_and_is_named() {
        CapAreas.Reach r = POST_A.reach(areas("""
                <area><areaDesc>Dusun Hilir</areaDesc></area>
                <area><areaDesc>Kabupaten Bogor</areaDesc></area>"""));
        assertTrue(r.wholeVillage(), "a post that cannot place an area does not guess it away");
        assertEquals(List.of("Kabupaten Bogor"), r.unknown());
        assertEquals(List.of(), r.zones(), "no zones: the whole village, as the loop reads it");
    }

    @Test
    void an_alert_that_names_no_area_sounds_the_whole_village_as_before() {
        CapAreas.Reach r = POST_A.reach(areas(""));
        assertTrue(r.wholeVillage());
        assertTrue(CapAreas.NONE.reach(areas("<area><areaDesc>Dusun Hulu</areaDesc></area>")).wholeVillage(),
                "a profile without cap_areas knows no area");
    }
}
