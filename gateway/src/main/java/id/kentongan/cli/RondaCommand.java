package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kentongan ronda}: the night watch now (#14), through the control socket as {@code status} is. */
@Command(name = "ronda", mixinStandardHelpOptions = true,
        description = "Show the night watch: tonight's roster, who signed on when, the rounds per checkpoint, "
                + "what is overdue.")
final class RondaCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the watch as JSON (the 'ronda' of status --json).")
    boolean json;

    @Option(names = "--lang", defaultValue = "id", description = "id (Bahasa Indonesia, default) or en.")
    String lang;

    @Mixin
    StateDirOption state;

    @Override
    public Integer call() throws Exception {
        if (!lang.equals("id") && !lang.equals("en")) {
            System.err.println("kentongan: --lang must be id or en");
            return 2;
        }
        JsonNode reply = ControlClient.call(state.controlSocket(), Map.of("op", "status"));
        if (!reply.path("ok").asBoolean()) {
            System.err.println("kentongan: " + reply.path("error").asText());
            return 1;
        }
        JsonNode r = reply.path("status").path("ronda");
        if (r.isMissingNode() || r.isNull()) {
            System.err.println(lang.equals("en") ? "kentongan: this post's profile has no ronda section"
                    : "kentongan: profil pos ini tidak punya bagian ronda");
            return 1;
        }
        System.out.print(json ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n"
                : RondaStatus.render(r, reply.path("status").path("cardReader"), lang));
        return 0;
    }
}
