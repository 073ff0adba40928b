package id.kentongan.cli;

import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.hardware.BootConfig;
import id.kentongan.hardware.ConfigTxt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kentongan boot-config}: prints the Pi's {@code config.txt} lines for the site profile (stdout),
 * then checks the Pi's own {@code config.txt} against the profile (stderr, one line per disagreement).
 */
@Command(name = "boot-config", mixinStandardHelpOptions = true,
        description = {"Print the config.txt lines this post needs (watchdog, input pulls, outputs held off, "
                + "shutdown button), then check the Pi's config.txt against the site profile.",
                "Exit 0: it agrees (or there is no config.txt: not a Pi); 1: it disagrees, one line each on stderr."})
final class BootConfigCommand implements Callable<Integer> {

    static final Path DEFAULT_CONFIG_TXT = Path.of("/boot/firmware/config.txt");

    @Mixin
    ProfileOption profile;

    @Option(names = "--config-txt", paramLabel = "FILE",
            description = "The Pi's boot configuration to check (default: ${DEFAULT-VALUE}).")
    Path configTxt = DEFAULT_CONFIG_TXT;

    @Option(names = "--shutdown-pin", paramLabel = "N", defaultValue = "3",
            description = "BCM pin of the shutdown button (default: ${DEFAULT-VALUE}); -1 for none.")
    int shutdownPin;

    @Override
    public Integer call() throws Exception {
        Path p = profile.path();
        SiteProfile sp;
        try {
            sp = ProfileLoader.load(p);
        } catch (ProfileException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        if (shutdownPin < -1 || shutdownPin > 27) {
            System.err.println("kentongan: --shutdown-pin must be a BCM pin 0..27, or -1 for none");
            return 2;
        }
        String fragment;
        try {
            fragment = BootConfig.fragment(sp, shutdownPin);
        } catch (IllegalArgumentException e) {
            System.err.println("kentongan: " + e.getMessage());
            return 2;
        }
        System.out.print(fragment);
        System.out.flush();
        if (!Files.isRegularFile(configTxt)) {
            System.err.println("kentongan: no " + configTxt + ": not a Raspberry Pi (or its boot partition is not "
                    + "mounted); nothing to check, the lines above are for the Pi's config.txt");
            return 0;
        }
        List<String> disagreements = BootConfig.disagreements(sp, ConfigTxt.read(configTxt));
        disagreements.forEach(System.err::println);
        if (!disagreements.isEmpty()) {
            System.err.println("kentongan: " + configTxt + " disagrees with " + p + " in " + disagreements.size()
                    + (disagreements.size() == 1 ? " place" : " places") + ": the lines above set the watchdog, pulls "
                    + "and outputs; move or remove what claims a post's pin; reboot after");
            return 1;
        }
        System.err.println("kentongan: " + configTxt + " agrees with " + p);
        return 0;
    }
}
