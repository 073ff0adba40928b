package id.kentongan.cli;

import id.kentongan.alert.Messages;
import id.kentongan.sms.DummyPhone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;

/**
 * {@code kentongan sms}: simulation helpers. {@code receive} puts a message into the dummy phone of a
 * gateway running with {@code --simulate}, as if a resident or the RT head had sent it.
 */
@Command(name = "sms", mixinStandardHelpOptions = true, description = "SMS in simulation.",
        subcommands = SmsCommand.Receive.class)
final class SmsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("kentongan sms: say 'receive --from NUMBER TEXT'");
        return 2;
    }

    @Command(name = "receive", mixinStandardHelpOptions = true,
            description = "Simulation only: the dummy phone receives TEXT from NUMBER, e.g. "
                    + "kentongan sms receive --from +628000000001 \"OK 1\"")
    static final class Receive implements Callable<Integer> {

        @Option(names = "--from", required = true, paramLabel = "NUMBER", description = "The sender, e.g. +628000000001.")
        String from;

        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What they wrote (one SMS at most).")
        String[] text;

        @Option(names = "--modem", defaultValue = "modem-1", description = "The simulated modem (default ${DEFAULT-VALUE}).")
        String modem;

        @Mixin
        StateDirOption state;

        @Mixin
        LangOption lang;

        @Override
        public Integer call() throws Exception {
            Messages m = lang.messages();
            Path spool = state.path().resolve("sms").resolve(modem);
            if (!Files.isDirectory(spool.resolve("phone"))) {
                System.err.println("kentongan: " + m.tr("cli.sms.no-modem", spool));
                return 1;
            }
            try {
                DummyPhone.receive(spool, from, String.join(" ", text), LocalDateTime.now());
            } catch (IllegalArgumentException e) {
                System.err.println("kentongan: " + e.getMessage());
                return 2;
            }
            System.out.println(m.tr("cli.sms.received", modem));
            return 0;
        }
    }
}
