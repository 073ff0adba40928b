package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kentongan press}: presses a simulated input of a gateway running with {@code --simulate}. */
@Command(name = "press", mixinStandardHelpOptions = true,
        description = "Press and release a simulated input (simulation only), e.g. 'kentongan press panic-1'.")
final class PressCommand implements Callable<Integer> {

    @Parameters(paramLabel = "INPUT", description = "Input id from the site profile, e.g. panic-1, flood-1, silence.")
    String input;

    @Option(names = "--hold-ms", defaultValue = "200", description = "How long to hold it (default ${DEFAULT-VALUE}).")
    long holdMs;

    @Option(names = "--down", description = "Press and keep it pressed (a float switch that stays up).")
    boolean down;

    @Option(names = "--up", description = "Release it.")
    boolean up;

    @Mixin
    StateDirOption state;

    @Mixin
    LangOption lang;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("input", input);
        if (down || up) {
            req.put("op", "set");
            req.put("active", down);
        } else {
            req.put("op", "press");
            req.put("hold_ms", holdMs);
        }
        Messages m = lang.messages();
        JsonNode reply = ControlClient.call(state.controlSocket(), req, m);
        if (!reply.path("ok").asBoolean()) {
            System.err.println("kentongan: " + reply.path("error").asText());
            return 1;
        }
        System.out.println(down ? m.tr("cli.press.held", input) : up ? m.tr("cli.press.released", input)
                : m.tr("cli.press.pressed", input, holdMs));
        return 0;
    }
}
