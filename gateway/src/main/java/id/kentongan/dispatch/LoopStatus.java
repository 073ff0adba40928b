package id.kentongan.dispatch;

import java.util.List;
import java.util.Locale;

/**
 * The dispatch loop's state at one instant, made on the loop thread for anyone to read. Immutable.
 *
 * @param alerts  open alerts, oldest first
 * @param outputs every wired output
 * @param inputs  every wired input, with its debounced state
 */
public record LoopStatus(long boot, long lastSeq, boolean uplinkConnected, int inboxDepth, long inboxRefused,
                         List<AlertView> alerts, List<OutputView> outputs, List<InputView> inputs,
                         List<NodeView> nodes, ClockView clock) {

    /**
     * An open alert; {@code state} follows the lifecycle raised, delivered (broker PUBACK).
     *
     * @param unsynchronised its {@code sentMillis} was stamped by a clock not known to be right
     */
    public record AlertView(long seq, String identifier, String kind, String priority, String source,
                            long sentMillis, boolean unsynchronised, String state, String sounding) {
    }

    /**
     * The post's wall clock.
     *
     * @param sync    the kernel's word: {@code synchronised}, {@code unsynchronised} or {@code unknown}
     * @param trusted whether events made now carry no unsynchronised flag
     * @param jumps   jumps seen since the gateway started
     */
    public record ClockView(String sync, boolean trusted, long jumps) {
    }

    /** An output and what it plays; {@code pattern} is empty when quiet, {@code remainingMillis} -1 then. */
    public record OutputView(String id, String role, boolean on, String pattern, long alertSeq,
                             long remainingMillis) {
    }

    public record InputView(String id, boolean active) {
    }

    /** A state or role as the status shows it: {@code ACK_LED} as {@code ack-led}. */
    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A field node.
     *
     * @param lastSeenMillisAgo since its last heartbeat or event (or since the gateway started)
     * @param state             {@code ok}, {@code silent}, {@code returning} (heard again, not yet for a whole silence period) or {@code never-seen}
     */
    public record NodeView(String id, String zone, long lastSeenMillisAgo, String state, boolean batteryLow,
                           boolean tamper) {
    }
}
