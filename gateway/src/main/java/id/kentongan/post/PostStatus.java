package id.kentongan.post;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.kentongan.dispatch.LoopStatus;
import id.kentongan.uplink.UplinkStatus;

import id.kentongan.hardware.CardReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole post's status, as {@code kentongan status --json}, the status page and the metrics read it:
 * one fixed shape, so a reader knows every key (the JSON keys are these components' names, in this
 * order). {@code sms} and {@code reports} only on a post with a modem (#13), {@code ronda} only on a post
 * whose profile has the night watch (#14), {@code cardReader} only on a post with a card reader for it. The parts' own counters ({@code field}, {@code control}, {@code http}) are the parts' maps of
 * counts by reason. Immutable; made on whichever thread asked, from the parts' answers.
 */
public record PostStatus(PostView post, String mode, long boot, long lastSeq, List<LoopStatus.AlertView> alerts,
                         List<LoopStatus.OutputView> outputs, List<LoopStatus.InputView> inputs,
                         List<LoopStatus.NodeView> nodes, LoopStatus.ClockView clock,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> field, QueueView queue,
                         UplinkStatus uplink,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> sms,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<LoopStatus.ReportView> reports,
                         @JsonInclude(JsonInclude.Include.NON_NULL) LoopStatus.RondaView ronda,
                         @JsonInclude(JsonInclude.Include.NON_NULL) CardReaderView cardReader,
                         JournalView journal, Map<String, Object> control, Map<String, Object> http,
                         @JsonInclude(JsonInclude.Include.NON_NULL) LoopStatus.Supervision supervision,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<SelfTestRecord> selfTestRecord) {

    /** Which post this is. */
    public record PostView(String village, String id, String name, String zone) {
    }

    /**
     * One entry of the self-test record (#16), from the journal.
     *
     * @param slot   the local time it was due, or {@code now} for one asked for
     * @param result {@code passed}, {@code failed} or {@code postponed}
     * @param failed how many sirens failed it
     */
    public record SelfTestRecord(long seq, String test, String slot, String result, int failed, long sentMillis) {
    }

    /**
     * The card reader at the post (#14): {@code state} is {@code ready}, {@code no-reader}, {@code no-pcsc} or
     * {@code stopped}; {@code problem} why it is not ready (empty when it is); cards refused since start, by
     * reason ({@code uid-length}, {@code apdu-status}, {@code card-error}).
     */
    public record CardReaderView(String state, String reader, String problem, Map<String, Long> refused) {

        static CardReaderView of(CardReader r) {
            Map<String, Long> refused = new LinkedHashMap<>();
            r.refusals().forEach((why, n) -> refused.put(why.wire(), n));
            return new CardReaderView(r.state().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.readerName(),
                    r.problem(), refused);
        }
    }

    /** What waits: events owed to the broker per priority class, the loop's inbox, the journal writer's queue. */
    public record QueueView(Map<String, Long> owedByClass, int inbox, long inboxRefused, int journalWriterBacklog) {
    }

    /** The journal's file, size and health. */
    public record JournalView(String file, long events, long commits, boolean failing, long stalledMillis) {
    }
}
