package id.kentongan.clock;

/**
 * Whether the system clock is synchronised (to NTP or another time source), as the kernel says. Any
 * thread; an implementation answers from a system call or a field, never from disk or network.
 */
@FunctionalInterface
public interface ClockSync {

    enum State { SYNCHRONISED, UNSYNCHRONISED, UNKNOWN }

    State state();

    /** For tests and tools that do not ask: the clock is taken as right. */
    ClockSync ASSUMED = () -> State.SYNCHRONISED;
}
