package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kentongan report confirm|dismiss N}: the guard's word on a resident's report by SMS
 * ({@code LAPOR}, #13), as subcommands of {@link ReportCommand}. Confirming raises the report's alarm
 * (fire, flood, else intrusion) with the siren; dismissing closes it. Both through the control socket.
 */
final class ReportDecision {

    private ReportDecision() {
    }

    private static final Pattern CONFIRMED = Pattern.compile("confirmed report (\\d+): (\\S+) raised as (\\S+)");
    private static final Pattern DISMISSED = Pattern.compile("dismissed report (\\d+)");
    private static final Pattern NONE_OPEN = Pattern.compile("no open report (-?\\d+)");

    /**
     * The loop's answer (the same words it gives the centre over MQTT) in the guard's language; an answer
     * of another form as it came.
     */
    static String say(Messages m, String answer) {
        Matcher c = CONFIRMED.matcher(answer);
        if (c.matches()) {
            return m.tr("cli.report.confirmed", c.group(1), c.group(2), c.group(3));
        }
        Matcher d = DISMISSED.matcher(answer);
        if (d.matches()) {
            return m.tr("cli.report.dismissed", d.group(1));
        }
        Matcher n = NONE_OPEN.matcher(answer);
        return n.matches() ? m.tr("cli.report.none-open", n.group(1)) : answer;
    }

    /** What both subcommands share: the report's number and where the gateway is. */
    abstract static class Decision implements Callable<Integer> {

        @Parameters(paramLabel = "N", description = "The report's number, as 'kentongan status' shows it (#17 or 17).")
        String report;

        @Mixin
        StateDirOption state;

        @Mixin
        LangOption lang;

        abstract String decision();

        @Override
        public Integer call() throws Exception {
            Messages m = lang.messages();
            long n;
            try {
                n = Long.parseLong(report.replaceFirst("^#", ""));
            } catch (NumberFormatException e) {
                System.err.println("kentongan: " + m.tr("cli.report.number", report));
                return 2;
            }
            JsonNode reply = ControlClient.call(state.controlSocket(),
                    Map.of("op", "report", "decision", decision(), "report", n), m);
            if (!reply.path("ok").asBoolean()) {
                System.err.println("kentongan: " + say(m, reply.path("error").asText()));
                return 1;
            }
            System.out.println(say(m, reply.path("detail").asText()));
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
