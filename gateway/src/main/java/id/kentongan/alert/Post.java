package id.kentongan.alert;

import java.time.ZoneId;

/**
 * Who speaks: the guard post this gateway runs at. Every identifier, topic and CAP sender derives
 * from it, so its ids are restricted to characters safe in all three.
 * Immutable; any thread.
 *
 * @param village  village id, e.g. {@code sukamaju}
 * @param id       post id, unique within the village, e.g. {@code rt03-rw05}
 * @param name     human name, e.g. {@code Poskamling RT 03 / RW 05}
 * @param zone     the zone the post itself stands in; alerts raised at the post name it as their area
 * @param timeZone local time zone, for CAP {@code sent} (CAP requires an explicit offset)
 */
public record Post(String village, String id, String name, String zone, ZoneId timeZone) {

    /** CAP {@code sender}: a stable address of this post. */
    public String sender() {
        return "kentongan:" + village + ":" + id;
    }
}
