package id.kentongan.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a gateway keeps its journal and control socket, and where the other commands find them:
 * {@code --state-dir}, else systemd's {@code $STATE_DIRECTORY}, else {@code $KENTONGAN_STATE_DIR},
 * else {@code $XDG_STATE_HOME/kentongan}, else {@code ~/.local/state/kentongan}. Never the working
 * directory, so running from another folder finds the same gateway.
 */
final class StateDir {

    private StateDir() {
    }

    static Path resolve(Path option, Map<String, String> env) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        for (String var : new String[] {"STATE_DIRECTORY", "KENTONGAN_STATE_DIR"}) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                return Path.of(v.split(":")[0]).toAbsolutePath();
            }
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("kentongan").toAbsolutePath();
    }
}
