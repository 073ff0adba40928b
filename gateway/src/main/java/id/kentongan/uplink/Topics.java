package id.kentongan.uplink;

import id.kentongan.alert.Event;
import id.kentongan.alert.Post;

/**
 * The MQTT topic scheme, one versioned root per gateway:
 * <pre>
 *   {root}/{village}/{post}/alert       alerts (life-safety, security, supervision), CAP JSON, QoS 1
 *   {root}/{village}/{post}/telemetry   telemetry, CAP JSON, QoS 1
 *   {root}/{village}/{post}/status      retained; online/offline, offline set by the last will
 *   {root}/{village}/{post}/cmd/{verb}  signed commands for this post (ack, all-clear, silence, alert,
 *                                       test, drill, replay)
 *   {root}/{village}/all/cmd/{verb}     signed commands for every post of the village
 *   {root}/{village}/{post}/result      the answer to each command
 *   {root}/{village}/all/alert          alerts escalated after going unacknowledged
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

    /** Commands for this post: {@code .../cmd/{verb}}. */
    public String commands() {
        return base() + "/cmd/+";
    }

    /** Commands for every post of the village: {@code {root}/{village}/all/cmd/{verb}}. */
    public String villageCommands() {
        return root + "/" + village + "/all/cmd/+";
    }

    /** Where the post answers each command: accepted, or rejected with a reason. */
    public String result() {
        return base() + "/result";
    }

    /** The village-wide alert topic: escalations land here. */
    public String villageAlert() {
        return root + "/" + village + "/all/alert";
    }

    public String forEvent(Event e) {
        return e.priority().isAlert() ? alert() : telemetry();
    }

    /** What the command centre subscribes to for every post's alerts under {@code root}. */
    public static String allAlerts(String root) {
        return root + "/+/+/alert";
    }
}
