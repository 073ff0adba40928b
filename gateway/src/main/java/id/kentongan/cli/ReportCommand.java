package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kentongan report}: the guard's word on residents' reports by SMS ({@code LAPOR}). A subcommand
 * per action, so that other report commands (an evaluation report by month, #15) can sit beside them.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Residents' reports by SMS (LAPOR): confirm one (raises its alarm, with the siren) or dismiss it.",
        subcommands = {ReportCommand.Confirm.class, ReportCommand.Dismiss.class})
final class ReportCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("kentongan report: say 'confirm N' or 'dismiss N' (N: the report's number in 'kentongan status')");
        return 2;
    }

    /** What both subcommands share: the report's number and where the gateway is. */
    abstract static class Decision implements Callable<Integer> {

        @Parameters(paramLabel = "N", description = "The report's number, as 'kentongan status' shows it (#17 or 17).")
        String report;

        @Option(names = "--state-dir", description = "State directory of the gateway (default as for 'run').")
        Path stateDir;

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
            JsonNode reply = ControlClient.call(StateDir.resolve(stateDir, System.getenv()).resolve("control.sock"),
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
            description = "The report is true: raise its alarm (fire, flood, else intrusion) with the siren.")
    static final class Confirm extends Decision {
        @Override
        String decision() {
            return "confirm";
        }
    }

    @Command(name = "dismiss", mixinStandardHelpOptions = true, description = "The report is not true: close it.")
    static final class Dismiss extends Decision {
        @Override
        String decision() {
            return "dismiss";
        }
    }
}
