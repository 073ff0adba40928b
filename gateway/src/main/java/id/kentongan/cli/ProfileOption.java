package id.kentongan.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --profile}, the same for every command that reads the site profile (a picocli mixin,
 * {@code @Mixin ProfileOption profile;}), with the default {@code run} uses. Main thread only.
 */
final class ProfileOption {

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Site profile (YAML). Default: $KENTONGAN_PROFILE, else /etc/kentongan/site.yaml.")
    Path given;

    /** The profile given, or the default. */
    Path path() {
        return given != null ? given : RunCommand.defaultProfile();
    }
}
