package id.kentongan.config;

import id.kentongan.dispatch.Schedule;
import id.kentongan.dispatch.SirenPattern;
import id.kentongan.dispatch.SupervisionRules.Method;

import java.time.Duration;
import java.util.List;

/**
 * The profile's {@code selftest} section (#16): when the post tests its sirens, and how. Immutable; any
 * thread.
 *
 * @param tests the scheduled tests, the circuit test first; empty when the profile schedules none
 */
public record SelfTests(List<Test> tests) {

    public static final SelfTests NONE = new SelfTests(List.of());

    public SelfTests {
        tests = List.copyOf(tests);
    }

    /**
     * @param drive   how long each siren is driven (silent, chirp) or sounds (audible)
     * @param pattern an audible test's pattern; {@code null} otherwise
     */
    public record Test(String name, Schedule schedule, Method method, Duration drive, SirenPattern pattern) {
    }
}
