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
                         List<NodeView> nodes, ClockView clock, List<PagingView> paging, List<ReportView> reports,
                         Supervision supervision, RondaView ronda) {

    /**
     * What the post supervises of itself (#16): its supervised outputs, its power, its self-tests.
     *
     * @param outputs only the outputs with a feedback input
     */
    public record Supervision(List<SupervisionView> outputs, PowerView power, List<SelfTestView> tests) {
        public static final Supervision NONE = new Supervision(List.of(), new PowerView("unwired", false, false),
                List.of());

        public Supervision {
            outputs = List.copyOf(outputs);
            tests = List.copyOf(tests);
        }
    }

    /**
     * A supervised output.
     *
     * @param state  {@code ok} or {@code faulty}
     * @param why    when faulty: {@code does-not-follow} (stays quiet when driven), {@code does-not-rest}
     *               (shows driven when off) or {@code stuck} (both); else empty
     * @param faults faults since the gateway started
     */
    public record SupervisionView(String output, String state, String why, long faults) {
    }

    /** @param mains {@code present}, {@code lost} or {@code unwired} */
    public record PowerView(String mains, boolean batteryLow, boolean batteryCritical) {
    }

    /**
     * A scheduled self-test.
     *
     * @param schedule   its schedule in words, in the post's time zone
     * @param last       the last result: {@code passed}, {@code failed} or empty when it never ran
     * @param lastSlot   the local time of the slot it last ran for, or empty
     * @param nextSlot   the local time of its next slot
     * @param state      {@code waiting}, {@code running} or {@code postponed}
     */
    public record SelfTestView(String name, String method, String schedule, String last, String lastSlot,
                               String nextSlot, String state) {
    }

    /**
     * The night watch (#14).
     *
     * @param watched  whether the profile has a {@code ronda} section
     * @param judged   whether the watch is judged now (it is not while the wall clock is not trusted)
     * @param shift    the shift under way ({@code malam@2026-12-01}), or empty
     * @param night    the date of tonight's roster (the day the shift starts)
     * @param timeZone the post's, in which shifts are kept and times are shown
     * @param unmanned whether a shift-unmanned alert is open
     */
    public record RondaView(boolean watched, boolean judged, String shift, String night, String timeZone,
                            List<String> roster,
                            List<GuardView> on, boolean unmanned, List<CheckpointView> checkpoints,
                            long refusedCards, long refusedCheckpoints) {
        public static final RondaView NONE = new RondaView(false, false, "", "", "UTC", List.of(), List.of(), false,
                List.of(), 0, 0);
    }

    /** A guard signed on, since {@code sinceMillis} (wall clock). */
    public record GuardView(String guard, long sinceMillis) {
    }

    /**
     * A checkpoint of the watch.
     *
     * @param lastVisitMillis wall time of the last visit, or -1
     * @param visits          this shift
     * @param due             whether its round is being timed now (a shift under way, someone on, the clock trusted)
     * @param dueInMillis     until the round is missed (negative: overdue); meaningful only when {@code due}
     */
    public record CheckpointView(String id, String place, String zone, long everyMillis, long lastVisitMillis,
                                 String lastGuard, long visits, boolean due, long dueInMillis, boolean missed) {
    }

    /**
     * A resident's report by SMS waiting for the guard (#13): {@code kentongan report confirm|dismiss SEQ}.
     *
     * @param reporter the reporter's register key, never a number
     */
    public record ReportView(long seq, String kind, String zone, String reporter, long sentMillis, String words) {
    }

    /**
     * An alarm the phone tree is paging people for (#13).
     *
     * @param levelsPaged     levels paged so far
     * @param nextLevelMillis until the next level is paged
     */
    public record PagingView(long alertSeq, long levelsPaged, long nextLevelMillis) {
    }

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
