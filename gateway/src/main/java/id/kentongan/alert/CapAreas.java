package id.kentongan.alert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of this post's zones a relayed CAP alert is for, from the areas it names: the site profile's
 * {@code centre.cap_areas}, each row an {@code areaDesc} or a {@code geocode} (CAP's valueName and
 * value) and the post's zones inside it, possibly none (an area elsewhere in the village). Immutable; any
 * thread.
 *
 * <p>A post stays quiet only when it can tell the alert is not for it. So an alert that names no area, or
 * names one the profile does not know, sounds the whole village, as every relayed alert did before areas
 * counted: the centre chose to relay it to this village, and a post that cannot place an area must not
 * guess it away. Only when every area named is known do its zones decide; when they are none of this
 * post's, nothing sounds. An {@code areaDesc} matches without regard to case or runs of spaces; a
 * geocode matches its valueName and value exactly.
 */
public final class CapAreas {

    /** No rows: every relayed alert sounds the whole village. */
    public static final CapAreas NONE = new CapAreas(List.of());

    /**
     * One row of the profile: an area by its description, or by a geocode, and this post's zones in it.
     *
     * @param areaDesc     the area's CAP {@code areaDesc}, or {@code null} for a geocode row
     * @param geocodeName  the geocode's {@code valueName} (e.g. {@code BPS}), or {@code null}
     * @param geocodeValue the geocode's {@code value}, or {@code null}
     * @param zones        this post's zones inside the area; empty: none of them
     */
    public record Row(String areaDesc, String geocodeName, String geocodeValue, List<String> zones) {
        public Row {
            zones = List.copyOf(zones);
            if ((areaDesc == null) == (geocodeName == null || geocodeValue == null)) {
                throw new IllegalArgumentException("a row names an areaDesc or a geocode, not both, not neither");
            }
            areaDesc = areaDesc == null ? null : plain(areaDesc);
        }
    }

    /**
     * What the alert's areas mean here.
     *
     * @param wholeVillage sound every zone: no area named, or one not in the profile
     * @param zones        when not the whole village: this post's zones the areas cover (empty: none)
     * @param unknown      the areas the profile does not know, as the alert names them
     */
    public record Reach(boolean wholeVillage, List<String> zones, List<String> unknown) {
    }

    private final List<Row> rows;

    public CapAreas(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Where {@code areas} (from {@link CapXml#parse}) put this post. */
    public Reach reach(List<CapXml.Area> areas) {
        Set<String> zones = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (CapXml.Area a : areas) {
            boolean known = false;
            String desc = plain(a.desc());
            for (Row r : rows) {
                if (r.areaDesc() != null ? r.areaDesc().equals(desc) : a.geocodes().stream().anyMatch(
                        g -> g.name().equals(r.geocodeName()) && g.value().equals(r.geocodeValue()))) {
                    known = true;
                    zones.addAll(r.zones());
                }
            }
            if (!known) {
                unknown.add(a.desc());
            }
        }
        boolean whole = areas.isEmpty() || !unknown.isEmpty();
        return new Reach(whole, whole ? List.of() : List.copyOf(zones), List.copyOf(unknown));
    }

    private static String plain(String desc) {
        return desc.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
