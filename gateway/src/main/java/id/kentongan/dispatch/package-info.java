/**
 * The dispatch loop: one thread, {@code kentongan-dispatch}, owns the alert state.
 *
 * <pre>
 *   hardware (GPIO edge) ──┐                      ┌──> Outputs        (GPIO write: first, on this thread)
 *   uplink (PUBACK, link) ─┼─> Inbox ─> DispatchLoop ──> JournalSink  (hand-off: never blocks)
 *   control (status) ──────┘  offer()   │          └──> UplinkSink   (hand-off: never blocks)
 *                             never     └─ own timer: siren patterns, maximum sounding, debounce,
 *                             blocks                    uplink-lost grace
 * </pre>
 *
 * Inputs are a closed family ({@link id.kentongan.dispatch.Input}) handled by one exhaustive switch.
 * The loop's collaborators are ports this package defines; the adapters ({@code hardware},
 * {@code journal}, {@code uplink}) implement them, so this package imports none of Pi4J, SQLite or
 * Paho, and a unit test steps the loop by hand with {@code runPending(now)}.
 */
package id.kentongan.dispatch;
