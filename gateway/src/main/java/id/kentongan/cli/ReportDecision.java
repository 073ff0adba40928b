package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kentongan report confirm|dismiss N}: the guard's word on a resident's report by SMS
 * ({@code LAPOR}, #13), as subcommands of {@link ReportCommand}. Confirming raises the report's alarm
 * (fire, flood, else intrusion) with the siren; dismissing closes it. Both through the control socket.
 */
final class ReportDecision {

    private ReportDecision() {
    }

    /** What both subcommands share: the report's number and where the gateway is. */
    abstract static class Decision implements Callable<Integer> {

        @Parameters(paramLabel = "N", description = "The report's number, as 'kentongan status' shows it (#17 or 17).")
        String report;

        @Mixin
        StateDirOption state;

        abstract String decision();

        @Override
        public Integer call() throws Exception {
            long n;
            try {
                n = Long.parseLong(report.replaceFirst("^#", ""));
            } catch (NumberFormatException e) {
                System.err.println("kentongan: N must be a report's number, not '" + report + "'");
                return 2;
            }
            JsonNode reply = ControlClient.call(state.controlSocket(),
                    Map.of("op", "report", "decision", decision(), "report", n));
            if (!reply.path("ok").asBoolean()) {
                System.err.println("kentongan: " + reply.path("error").asText());
                return 1;
            }
            System.out.println(reply.path("detail").asText());
            return 0;
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "A resident's SMS report is true: raise its alarm (fire, flood, else intrusion) with the siren.")
    static final class Confirm extends Decision {
        @Override
        String decision() {
            return "confirm";
        }
    }

    @Command(name = "dismiss", mixinStandardHelpOptions = true, description = "A resident's SMS report is not true: "
            + "close it.")
    static final class Dismiss extends Decision {
        @Override
        String decision() {
            return "dismiss";
        }
    }
}
