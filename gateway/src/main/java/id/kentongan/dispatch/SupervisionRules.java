package id.kentongan.dispatch;

import java.util.List;

/**
 * What the post supervises of itself (#16), in the loop's form: indexes instead of names, nanoseconds.
 * Made from a validated site profile. Immutable; any thread.
 *
 * @param feedback the outputs whose circuit is watched through a feedback input
 * @param power    the inputs that tell the state of the mains and the battery
 * @param tests    the scheduled self-tests
 */
public record SupervisionRules(List<Feedback> feedback, List<PowerLine> power, List<Test> tests) {

    public static final SupervisionRules NONE = new SupervisionRules(List.of(), List.of(), List.of());

    public SupervisionRules {
        feedback = List.copyOf(feedback);
        power = List.copyOf(power);
        tests = List.copyOf(tests);
    }

    /**
     * Output {@code output}'s circuit, read back through input {@code input}.
     *
     * @param settleNanos how long the feedback may take to follow the output
     * @param supply      the supply-cut output that silences its siren for a silent test, or -1
     */
    public record Feedback(int output, int input, long settleNanos, int supply) {
    }

    /** What a power input says while it is active. */
    public enum Power { MAINS, BATTERY_LOW, BATTERY_CRITICAL }

    /** @param settleNanos how long a new level must hold before it counts */
    public record PowerLine(int input, Power kind, long settleNanos) {
    }

    /** How a self-test proves the sirens. */
    public enum Method {
        /** Each supervised siren driven with its supply cut: its feedback must follow, nobody hears it. */
        SILENT,
        /** Each supervised siren driven for a short chirp: its feedback must follow. */
        CHIRP,
        /** Every siren plays the test pattern, announced as a test: the community's published test. */
        AUDIBLE
    }

    /**
     * A scheduled self-test.
     *
     * @param name          {@code circuit} or {@code audible}, as the profile and the record name it
     * @param driveNanos    how long each siren is driven (silent, chirp) or sounds (audible)
     * @param pattern       what an audible test plays; {@code null} otherwise
     */
    public record Test(String name, Schedule schedule, Method method, long driveNanos, SirenPattern pattern) {
    }

    /**
     * The slot a self-test record's reference names: its local time in the post's zone
     * ({@code 2026-12-02T03:00}), or {@code now} for a test run on request.
     */
    public static String slotOf(String ref) {
        int hash = ref.indexOf('#');
        return hash < 0 ? ref : ref.substring(0, hash);
    }

    public boolean any() {
        return !feedback.isEmpty() || !power.isEmpty() || !tests.isEmpty();
    }
}
