/**
 * What an alert is, in CAP 1.2's own terms: {@link id.kentongan.alert.Event}, its
 * {@link id.kentongan.alert.AlertKind} and {@link id.kentongan.alert.Priority} class, the
 * {@link id.kentongan.alert.Post} that raises it, and the CAP JSON codec. Values only: no threads,
 * no I/O, no transport library.
 */
package id.kentongan.alert;
