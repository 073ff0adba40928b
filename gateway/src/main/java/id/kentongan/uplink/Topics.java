package id.kentongan.uplink;

import id.kentongan.alert.Event;
import id.kentongan.alert.Post;

/**
 * The MQTT topic scheme, one versioned root per gateway:
 * <pre>
 *   {root}/{village}/{post}/alert       alerts (life-safety, security, supervision), CAP JSON, QoS 1
 *   {root}/{village}/{post}/telemetry   telemetry, CAP JSON, QoS 1
 *   {root}/{village}/{post}/status      retained; online/offline, offline set by the last will
 * </pre>
 * Immutable; any thread.
 */
public record Topics(String root, String village, String post) {

    public static Topics of(String root, Post post) {
        return new Topics(root, post.village(), post.id());
    }

    private String base() {
        return root + "/" + village + "/" + post;
    }

    public String alert() {
        return base() + "/alert";
    }

    public String telemetry() {
        return base() + "/telemetry";
    }

    public String status() {
        return base() + "/status";
    }

    public String forEvent(Event e) {
        return e.priority().isAlert() ? alert() : telemetry();
    }

    /** What the command centre subscribes to for every post's alerts under {@code root}. */
    public static String allAlerts(String root) {
        return root + "/+/+/alert";
    }
}
