package id.kentongan.alert;

/**
 * One thing that happened at or through the post, as journaled and published. Alerts are events of
 * the three upper priority classes; telemetry is the fourth. Immutable; any thread.
 *
 * @param seq        per-post sequence number, strictly increasing across restarts; the order of the
 *                   journal and, within a priority class, of delivery
 * @param boot       the gateway's boot counter when the event was made
 * @param identifier CAP identifier: unique, and the same on every retry so subscribers can deduplicate
 * @param kind       what happened
 * @param priority   the class it is delivered in
 * @param source     the input or node id that reported it
 * @param zone       the zone it concerns
 * @param sentMillis wall-clock time at the gateway, epoch milliseconds
 * @param status     CAP status: Actual, Exercise or Test
 * @param msgType    CAP msgType: Alert for a new event, Update for a follow-up
 * @param references identifier of the event this one follows up, or {@code null}
 */
public record Event(long seq, long boot, String identifier, AlertKind kind, Priority priority,
                    String source, String zone, long sentMillis, CapStatus status, MsgType msgType,
                    String references) {

    /** The CAP identifier for an event; stable because all three parts are persisted. */
    public static String identifier(Post post, long boot, long seq) {
        return "KTG-" + post.village() + "-" + post.id() + "-" + boot + "-" + seq;
    }

    /** CAP 1.2 alert/status. */
    public enum CapStatus { Actual, Exercise, System, Test, Draft }

    /** CAP 1.2 alert/msgType. */
    public enum MsgType { Alert, Update, Cancel, Ack, Error }
}
