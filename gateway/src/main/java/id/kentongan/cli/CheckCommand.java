package id.kentongan.cli;

import id.kentongan.post.Gateway;
import id.kentongan.config.ProfileException;
import id.kentongan.config.SiteProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kentongan check}: validates a site profile without touching any hardware. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a site profile; print every problem as file:line: reason.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PROFILE", arity = "0..1", description = "Default: as for 'run'.")
    Path profile;

    @Override
    public Integer call() {
        Path p = profile != null ? profile : RunCommand.defaultProfile();
        try {
            SiteProfile sp = Gateway.check(p);
            System.out.printf("%s: ok: post %s/%s, %d inputs, %d outputs, %d rules%n", p, sp.post().village(),
                    sp.post().id(), sp.inputs().size(), sp.outputs().size(), sp.rules().size());
            return 0;
        } catch (ProfileException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
    }
}
