package id.kentongan.bench;

/**
 * One measured figure beside its baseline from the same run, so that a noisy machine still gives an
 * honest ratio. Immutable.
 *
 * @param id       short id, e.g. {@code P1}
 * @param value    the figure, in {@code unit}
 * @param baseline the baseline's value in the same unit, measured in the same run
 * @param detail   the full picture (percentiles, counts, GC), for the table and the JSON
 */
public record Figure(String id, String name, double value, String unit, String baselineName, double baseline,
                     String detail) {

    /** value / baseline. */
    public double ratio() {
        return baseline == 0 ? Double.NaN : value / baseline;
    }
}
