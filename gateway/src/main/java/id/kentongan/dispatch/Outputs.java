package id.kentongan.dispatch;

/**
 * The post's wired outputs, by index in {@link Site#outputs()}. Called by the dispatch loop thread only;
 * an implementation writes the line at once (a GPIO write, never disk or network).
 */
public interface Outputs {

    /** Drives output {@code index} to its active level ({@code on}) or its inactive level. */
    void set(int index, boolean on);
}
