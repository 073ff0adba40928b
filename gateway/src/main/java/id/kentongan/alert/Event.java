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
 * @param references CAP references ({@code sender,identifier,sent} triples) of the events this one
 *                   follows up, or {@code null}
 * @param sourceRef  the source's own name for the event (a field node's {@code boot/seq}), by which a
 *                   retry is recognised; {@code null} for the post's own inputs
 * @param value      a reading that came with the event (a water level), or {@code null}
 * @param unsynchronised {@code true} if the wall clock behind {@code sentMillis} was not known to be right
 *                   when the event was made (the kernel's clock not synchronised, or a jump the kernel did
 *                   not account for): order such events by {@code seq}, never by {@code sent}
 * @param text       words that came with the event from a person (a resident's report by SMS), or
 *                   {@code null}; outside input, bounded by whoever took it
 */
public record Event(long seq, long boot, String identifier, AlertKind kind, Priority priority,
                    String source, String zone, long sentMillis, CapStatus status, MsgType msgType,
                    String references, String sourceRef, Double value, boolean unsynchronised, String text) {

    /** An event with no words from a person: every event the post makes itself. */
    public Event(long seq, long boot, String identifier, AlertKind kind, Priority priority, String source,
                 String zone, long sentMillis, CapStatus status, MsgType msgType, String references,
                 String sourceRef, Double value, boolean unsynchronised) {
        this(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, references,
                sourceRef, value, unsynchronised, null);
    }

    /** An event whose clock was synchronised (or made before the gateway knew to ask). */
    public Event(long seq, long boot, String identifier, AlertKind kind, Priority priority, String source,
                 String zone, long sentMillis, CapStatus status, MsgType msgType, String references,
                 String sourceRef, Double value) {
        this(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, references,
                sourceRef, value, false);
    }

    /** An event of the post's own making: no source reference, no reading. */
    public Event(long seq, long boot, String identifier, AlertKind kind, Priority priority, String source,
                 String zone, long sentMillis, CapStatus status, MsgType msgType, String references) {
        this(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, references, null,
                null, false);
    }

    /** The same event with a reading (a phone tree's level, say). */
    public Event withValue(Double v) {
        return new Event(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, references,
                sourceRef, v, unsynchronised, text);
    }

    /** The same event with a person's words (a resident's report). */
    public Event withText(String words) {
        return new Event(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, references,
                sourceRef, value, unsynchronised, words);
    }

    /** The same event with another source reference (the night watch's, made unique by its seq). */
    public Event withSourceRef(String ref) {
        return new Event(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, references,
                ref, value, unsynchronised, text);
    }

    /** The same event following up earlier ones (CAP references: sender,identifier,sent triples). */
    public Event withReferences(String refs) {
        return new Event(seq, boot, identifier, kind, priority, source, zone, sentMillis, status, msgType, refs,
                sourceRef, value, unsynchronised, text);
    }

    /** The CAP identifier for an event; stable because all three parts are persisted. */
    public static String identifier(Post post, long boot, long seq) {
        return "KTG-" + post.village() + "-" + post.id() + "-" + boot + "-" + seq;
    }

    /** CAP 1.2 alert/status. */
    public enum CapStatus { Actual, Exercise, System, Test, Draft }

    /** CAP 1.2 alert/msgType. */
    public enum MsgType { Alert, Update, Cancel, Ack, Error }
}
