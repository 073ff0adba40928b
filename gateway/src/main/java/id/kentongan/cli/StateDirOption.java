package id.kentongan.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --state-dir}, the same for every command that finds a running or past gateway (a picocli
 * mixin, {@code @Mixin StateDirOption state;}), resolved as {@code run} resolves it ({@link StateDir}),
 * so {@code status}, {@code press} and {@code report} find the gateway {@code run} started. Main thread only.
 */
final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The gateway's journal and control socket. "
            + "Default: $STATE_DIRECTORY, $KENTONGAN_STATE_DIR, $XDG_STATE_HOME/kentongan or ~/.local/state/kentongan.")
    Path given;

    Path path() {
        return StateDir.resolve(given, System.getenv());
    }

    Path journal() {
        return path().resolve("journal.db");
    }

    Path controlSocket() {
        return path().resolve("control.sock");
    }
}
