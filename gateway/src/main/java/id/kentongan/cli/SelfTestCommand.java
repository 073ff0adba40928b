package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;
import id.kentongan.alert.Messages;
import id.kentongan.dispatch.SupervisionRules;
import id.kentongan.journal.JournalFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kentongan selftest}: the sirens' circuit test now, silent where the wiring allows, through the
 * control socket (#16); {@code --history}: the self-test record from the journal, read-only, newest
 * first, the record an RT head or an inspector signs off. In the guard's language ({@code --lang}); the loop's
 * reasons for not running a test come as it gives them.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Test the sirens' circuits now (silent where the wiring allows), or list the self-test record.")
final class SelfTestCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--history", description = "List the self-tests and their results from the journal, newest first.")
    boolean history;

    @Option(names = "--limit", paramLabel = "N", description = "With --history: at most N entries (default 50).")
    int limit = 50;

    @Mixin
    StateDirOption state;

    @Mixin
    LangOption lang;

    @Override
    public Integer call() throws Exception {
        Messages m = lang.messages();
        if (history) {
            return history(m);
        }
        JsonNode reply = ControlClient.call(state.controlSocket(), Map.of("op", "selftest"), m);
        if (!reply.path("ok").asBoolean()) {
            System.err.println("kentongan: " + m.tr("cli.selftest.not-run", reply.path("error").asText()));
            return 1;
        }
        // the loop answers "passed" or "failed: siren-1, siren-2" (the sirens by their profile ids)
        String detail = reply.path("detail").asText();
        boolean passed = detail.equals("passed");
        System.out.println("kentongan: " + (passed ? m.tr("cli.selftest.passed")
                : m.tr("cli.selftest.failed", detail.replaceFirst("^failed:\\s*", ""))));
        return passed ? 0 : 1;
    }

    private int history(Messages m) throws Exception {
        if (limit < 1 || limit > 10_000) {
            System.err.println("kentongan: " + m.tr("cli.selftest.limit"));
            return 2;
        }
        if (!Files.exists(state.journal())) {
            System.err.println("kentongan: " + m.tr("cli.selftest.no-journal", state.journal()));
            return 1;
        }
        List<Event> record = JournalFile.selfTests(state.journal(), limit);
        if (record.isEmpty()) {
            System.out.println(m.tr("cli.selftest.none"));
            return 0;
        }
        System.out.println(m.tr("cli.selftest.head"));
        for (Event e : record) {
            String result = e.kind() == AlertKind.SELF_TEST_PASSED ? m.tr("supervision.result.passed")
                    : e.kind() == AlertKind.SELF_TEST_FAILED ? m.tr("supervision.result.failed").toUpperCase(Locale.ROOT)
                    : m.tr("supervision.result.postponed");
            System.out.printf("%-6d %-19s %-8s %-17s %-10s %s%n", e.seq(),
                    TIME.format(Instant.ofEpochMilli(e.sentMillis()).atZone(ZoneId.systemDefault()))
                            + (e.unsynchronised() ? "?" : ""),
                    e.source().replaceFirst("^selftest:", ""), e.sourceRef() == null ? "" : SupervisionRules.slotOf(e.sourceRef()), result,
                    e.kind() == AlertKind.SELF_TEST_FAILED && e.value() != null ? String.format("%.0f", e.value()) : "");
        }
        return 0;
    }
}
