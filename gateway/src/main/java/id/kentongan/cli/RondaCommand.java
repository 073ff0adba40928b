package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import id.kentongan.alert.Messages;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code kentongan ronda}: the night watch now (#14), through the control socket as {@code status} is. */
@Command(name = "ronda", mixinStandardHelpOptions = true,
        description = "Show the night watch: tonight's roster, who signed on when, the rounds per checkpoint, "
                + "what is overdue.")
final class RondaCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the watch as JSON (the 'ronda' of status --json).")
    boolean json;

    @Mixin
    LangOption lang;

    @Mixin
    StateDirOption state;

    @Override
    public Integer call() throws Exception {
        Messages m = lang.messages();
        JsonNode status = ControlClient.status(state.controlSocket(), m);
        JsonNode r = status.path("ronda");
        if (r.isMissingNode() || r.isNull()) {
            System.err.println("kentongan: " + m.tr("ronda.none"));
            return 1;
        }
        System.out.print(json ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n"
                : RondaStatus.render(r, status.path("cardReader"), m));
        return 0;
    }
}
