package id.kentongan.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.observability.Refusals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import static id.kentongan.post.ControlServer.JSON;

/**
 * What the control socket does with one request line: parse it, do it, and say how it went as one
 * JSON line. A line that is not a request ({@link ControlServer.Refusal#MALFORMED}) is counted; what the
 * gateway itself refuses (an unknown input, a press outside simulation) is its answer, not counted.
 *
 * <p>Threads: the control socket's op threads, several at once.
 */
final class ControlRequests {

    private static final long MAX_HOLD_MS = Duration.ofMinutes(10).toMillis();

    private final Callable<?> status;
    private final BiConsumer<String, Boolean> simulate;
    private final Refusals<ControlServer.Refusal> refusals;
    /** The guard's word on a resident's report (#13); none until the gateway gives it. */
    private volatile Decider reports = (decision, report) -> {
        throw new IllegalStateException("this gateway takes no decisions on reports");
    };

    /** The sirens' circuit test now (#16); none until the gateway gives it. */
    private volatile Callable<String> selfTest = () -> {
        throw new IllegalStateException("this gateway runs no self-test");
    };

    void selfTestWith(Callable<String> test) {
        this.selfTest = test;
    }

    /** Confirms or dismisses report {@code report}; @return what was done, or throws with why not. */
    interface Decider {
        String decide(String decision, long report) throws Exception;
    }

    void decideReportsWith(Decider decider) {
        this.reports = decider;
    }

    ControlRequests(Callable<?> status, BiConsumer<String, Boolean> simulate,
                    Refusals<ControlServer.Refusal> refusals) {
        this.status = status;
        this.simulate = simulate;
        this.refusals = refusals;
    }

    /** The reply line, newline included. */
    byte[] answer(String line) {
        ObjectNode reply = JSON.createObjectNode();
        try {
            JsonNode req = parse(line);
            switch (req.path("op").asText()) {
                case "status" -> reply.set("status", JSON.valueToTree(status.call()));
                case "press" -> {
                    String input = req.path("input").asText();
                    long hold = req.path("hold_ms").asLong(200);
                    simulate.accept(input, true);
                    try {
                        Thread.sleep(hold); // a finger on the button: the gateway sees a real press and release
                    } finally {
                        simulate.accept(input, false);
                    }
                }
                case "set" -> simulate.accept(req.path("input").asText(), req.path("active").asBoolean());
                case "report" -> reply.put("detail", reports.decide(req.path("decision").asText(),
                        req.path("report").asLong()));
                case "selftest" -> reply.put("detail", selfTest.call());
                default -> throw new IllegalStateException("unreachable: parse checked the op");
            }
            reply.put("ok", true);
        } catch (Exception e) {
            reply.removeAll();
            reply.put("ok", false);
            reply.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return line(reply);
    }

    /** A refusal as the client reads it: {@code {"ok":false,"error":...}}. */
    static byte[] refusal(String error) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("ok", false);
        reply.put("error", error);
        return line(reply);
    }

    private JsonNode parse(String line) {
        try {
            JsonNode req = JSON.readTree(line);
            String op = req.path("op").asText();
            if (!op.equals("status") && !op.equals("press") && !op.equals("set") && !op.equals("report")
                    && !op.equals("selftest")) {
                throw new IllegalArgumentException("unknown op '" + op + "' (status, press, set, report, selftest)");
            }
            if (op.equals("report") && (!req.path("decision").asText().matches("confirm|dismiss")
                    || !req.path("report").canConvertToLong() || req.path("report").asLong() < 1)) {
                throw new IllegalArgumentException("report: decision must be confirm or dismiss, report a number");
            }
            long hold = req.path("hold_ms").asLong(200);
            if (op.equals("press") && (hold < 0 || hold > MAX_HOLD_MS)) {
                throw new IllegalArgumentException("hold_ms must be 0.." + MAX_HOLD_MS);
            }
            return req;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? "not JSON: " + j.getOriginalMessage()
                    : e.getMessage();
            refusals.refuse(ControlServer.Refusal.MALFORMED, why);
            throw new IllegalArgumentException(why, e);
        }
    }

    private static byte[] line(ObjectNode reply) {
        try {
            return (JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of our own making always writes
        }
    }
}
