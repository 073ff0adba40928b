package id.kentongan.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one profile, so that a technician fixes them in one pass. Single thread. */
final class Problems {

    private final String file;
    private final List<String> list = new ArrayList<>();

    Problems(Path file) {
        this.file = file.toString();
    }

    void add(int line, String reason) {
        list.add(file + ":" + line + ": " + reason);
    }

    boolean any() {
        return !list.isEmpty();
    }

    void throwIfAny() throws ProfileException {
        if (any()) {
            throw new ProfileException(list);
        }
    }
}
