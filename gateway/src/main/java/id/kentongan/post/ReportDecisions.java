package id.kentongan.post;

import id.kentongan.dispatch.CommandReply;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The guard's word on a resident's report (#13), from the control socket, handed to the dispatch loop
 * as a command and its answer awaited. Threads: a control-socket op thread; it never blocks the loop.
 */
final class ReportDecisions {

    private ReportDecisions() {
    }

    /** {@code confirm} raises the report's alarm with the siren, {@code dismiss} closes it. */
    static String decide(Inbox inbox, String decision, long report) throws Exception {
        Input.Command.Verb verb = switch (decision) {
            case "confirm" -> Input.Command.Verb.REPORT_CONFIRM;
            case "dismiss" -> Input.Command.Verb.REPORT_DISMISS;
            default -> throw new IllegalArgumentException("decision must be confirm or dismiss");
        };
        CompletableFuture<String> done = new CompletableFuture<>();
        if (!inbox.offer(new Input.Command(verb, List.of(Long.toString(report)), null, null, List.of(), "post:guard",
                new CommandReply() {
                    @Override
                    public void accepted(String detail) {
                        done.complete(detail);
                    }

                    @Override
                    public void rejected(String reason) {
                        done.completeExceptionally(new IllegalArgumentException(reason));
                    }
                }))) {
            throw new IllegalStateException("the dispatch loop's inbox is full");
        }
        try {
            return Gateway.answer(done, "the dispatch loop");
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
