/**
 * Micro-benchmarks (JMH) of the parts on the press's path and the journal's: what the whole-system
 * figures of {@code kentongan bench} cannot take apart. Run from a checkout with
 * {@code ./kentongan jmh [JMH options]}, e.g. {@code ./kentongan jmh -prof gc DispatchTurn}. Not tests:
 * nothing here asserts; the numbers go in the README's Performance section beside the bench figures.
 */
package id.kentongan.micro;
