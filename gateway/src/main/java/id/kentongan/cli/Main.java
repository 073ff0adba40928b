package id.kentongan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kentongan}: the one command users run. Parses the command line and hands over to a
 * subcommand; the gateway itself is wired in {@link Gateway}. Nothing imports this package.
 */
@Command(name = "kentongan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Emergency early-warning gateway for a village guard post (poskamling).",
        subcommands = {RunCommand.class, PressCommand.class, StatusCommand.class, WatchCommand.class,
                CheckCommand.class, NodeCommand.class, CommandCommand.class, ConsoleCommand.class, ExportCapCommand.class,
                BenchCommand.class, BootConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        NativeLibraries.reportAtExitIfAsked(); // hidden: -Dkentongan.natives=DIR, for .ci/arm64-check
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("kentongan: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("KENTONGAN_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"kentongan " + (v == null ? "(development build)" : v)};
        }
    }
}
