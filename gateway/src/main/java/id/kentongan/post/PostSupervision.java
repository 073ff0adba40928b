package id.kentongan.post;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.CommandReply;
import id.kentongan.dispatch.DispatchLoop;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import id.kentongan.dispatch.SupervisionRules;
import id.kentongan.hardware.Gpio;
import id.kentongan.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's side of the post's self-supervision (#16): the self-tests' record read back from the
 * journal before the loop starts, the clean stop a critical battery asks for, the circuit test on
 * request, and in simulation the wiring a real post has (each feedback follows its siren, the mains is
 * present). Threads: {@link #wire} from the owner before the loop starts; {@link #testNow} from a
 * control-socket op thread; the power-off request completes on the loop thread and never blocks it.
 */
final class PostSupervision {

    private static final Logger log = LoggerFactory.getLogger(PostSupervision.class);
    private static final long TEST_WAIT_SECONDS = 60;

    private PostSupervision() {
    }

    /**
     * Before the loop starts. @param powerOff completed with a reason when the post must stop cleanly
     * (the owner stops it: journal closed, offline status published)
     */
    static void wire(SiteProfile profile, Gpio gpio, DispatchLoop loop, Journal journal, boolean simulate,
                     CompletableFuture<String> powerOff) throws SQLException {
        Map<String, String[]> last = new HashMap<>();
        for (Event e : journal.selfTests(200)) { // newest first: the first result of each test is its last
            if (e.kind() != AlertKind.SELF_TEST_POSTPONED && e.source().startsWith("selftest:")
                    && e.sourceRef() != null && !SupervisionRules.slotOf(e.sourceRef()).equals("now")) {
                last.putIfAbsent(e.source().substring("selftest:".length()), new String[] {
                        SupervisionRules.slotOf(e.sourceRef()),
                        e.kind() == AlertKind.SELF_TEST_PASSED ? "passed" : "failed"});
            }
        }
        loop.restoreSelfTests(last);
        loop.shutDownWith(() -> {
            if (powerOff.complete("the battery is critical")) {
                log.warn("power: the battery is critical; the post stops cleanly before the power dies");
            }
        });
        if (simulate) {
            simulateWiring(profile, gpio);
        }
    }

    /** A simulated post is wired as a sound one: feedback follows its siren, the mains is present. */
    private static void simulateWiring(SiteProfile profile, Gpio gpio) {
        for (int o = 0; o < profile.outputs().size(); o++) {
            String feedback = profile.outputs().get(o).feedback();
            if (feedback != null) {
                gpio.onOutputChange(o, on -> gpio.simulate(feedback, on));
            }
        }
        for (SiteProfile.InputSpec in : profile.inputs()) {
            if (in.role() == SiteProfile.InputRole.MAINS) {
                gpio.simulate(in.id(), true);
            }
        }
    }

    /** The newest {@code limit} entries of the self-test record, for the status. */
    static List<PostStatus.SelfTestRecord> record(Journal journal, int limit) throws SQLException {
        return journal.selfTests(limit).stream().map(e -> new PostStatus.SelfTestRecord(e.seq(),
                e.source().replaceFirst("^selftest:", ""), e.sourceRef() == null ? ""
                : SupervisionRules.slotOf(e.sourceRef()), e.kind() == AlertKind.SELF_TEST_PASSED ? "passed"
                : e.kind() == AlertKind.SELF_TEST_FAILED ? "failed" : "postponed",
                e.value() == null ? 0 : e.value().intValue(), e.sentMillis())).toList();
    }

    /** The circuit test now, through the loop; @return its result, or throws with why it did not run. */
    static String testNow(Inbox inbox) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (!inbox.offer(new Input.SelfTestNow(new CommandReply() {
            @Override
            public void accepted(String detail) {
                done.complete(detail);
            }

            @Override
            public void rejected(String reason) {
                done.completeExceptionally(new IllegalStateException(reason));
            }
        }))) {
            throw new IllegalStateException("the dispatch loop's inbox is full");
        }
        try {
            return done.get(TEST_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("the self-test did not end within " + TEST_WAIT_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
