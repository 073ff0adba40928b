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
 * @param guidance what its CAP alerts advise and how long they are in effect; carried here, with the
 *                 rest of how this post speaks, so that every encoder of its events says the same
 */
public record Post(String village, String id, String name, String zone, ZoneId timeZone, Guidance guidance) {

    public Post {
        guidance = guidance.forPost(name); // the post's name filled in once, not per event
    }

    /** A post with the built-in guidance. */
    public Post(String village, String id, String name, String zone, ZoneId timeZone) {
        this(village, id, name, zone, timeZone, Guidance.DEFAULTS);
    }

    /** The same post, advising as {@code g} says. */
    public Post with(Guidance g) {
        return new Post(village, id, name, zone, timeZone, g);
    }

    /** CAP {@code sender}: a stable address of this post. */
    public String sender() {
        return "kentongan:" + village + ":" + id;
    }
}
