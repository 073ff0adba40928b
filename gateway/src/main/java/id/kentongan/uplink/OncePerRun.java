package id.kentongan.uplink;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The events a message beside them (residents', Home Assistant's) already went out for in this run,
 * so a re-publish does not send it again; the most recent 4,096 are remembered, which outlasts any
 * re-publish of an open alert. Threads: the {@code kentongan-uplink} thread only.
 */
final class OncePerRun {

    private static final int REMEMBERED = 4096;
    private final Set<Long> told = new LinkedHashSet<>();

    /** @return whether this is the first time for {@code seq} (it is remembered from now on) */
    boolean first(long seq) {
        if (!told.add(seq)) {
            return false;
        }
        if (told.size() > REMEMBERED) {
            told.remove(told.iterator().next());
        }
        return true;
    }
}
