package id.kentongan.cli;

import id.kentongan.journal.SqliteNative;
import id.kentongan.post.Gateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code kentongan}: the one command users run. Parses the command line and hands over to a
 * subcommand; the gateway itself is wired in {@link Gateway}. Nothing imports this package.
 */
@Command(name = "kentongan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Emergency early-warning gateway for a village guard post (poskamling).")
public final class Main {

    /**
     * The subcommands. Only the one named on the command line is given to picocli, which otherwise
     * reflects over every command's options and loads their libraries' classes before running any:
     * a third of the service's start to armed (bench P5). Without a known name (help, a typo) all are.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, PressCommand.class,
            StatusCommand.class, WatchCommand.class, CheckCommand.class, NodeCommand.class, CommandCommand.class,
            ConsoleCommand.class, CentreCommand.class, KeysCommand.class, ExportCapCommand.class, ReportCommand.class,
            BenchCommand.class, BootConfigCommand.class, SmsCommand.class, CardCommand.class, SelfTestCommand.class,
            RondaCommand.class,
            CommandLine.HelpCommand.class);

    /** The service's cache directory, set by the launcher for {@code run} (beside its class-data archive). */
    static final String CACHE_PROPERTY = "kentongan.cache";

    public static void main(String[] args) {
        NativeLibraries.reportAtExitIfAsked(); // hidden: -Dkentongan.natives=DIR, for .ci/arm64-check
        String cache = System.getProperty(CACHE_PROPERTY);
        if (cache != null) { // the launcher's, for 'run': SQLite's library loads while the command line is read
            SqliteNative.loadEarly(Path.of(cache));
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = args.length > 0 ? named(args[0]) : null;
        for (Class<?> c : named != null ? List.<Class<?>>of(named) : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("kentongan: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("KENTONGAN_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static Class<?> named(String arg) {
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(arg) && c != CommandLine.HelpCommand.class) {
                return c;
            }
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"kentongan " + (v == null ? "(development build)" : v)};
        }
    }
}
