/**
 * The dispatch loop: one thread, {@code kentongan-dispatch}, owns the alert state. Every other thread
 * only offers it inputs, and nobody waits for it: the only one that waits is the loop itself, parked
 * in the inbox until an input comes or its next deadline is due.
 *
 * <pre>
 *  who writes (their own threads)        the one reader                  what the loop writes, in order
 *
 *  hardware  GPIO edge ─────────────┐                                   ┌─> Outputs      GPIO write, first,
 *  field     node event, heartbeat ─┤                                   │                on this thread
 *  uplink    centre command,        │   Inbox                           ├─> JournalSink  hand-off to the
 *            PUBACK, link up/down ──┼─> offer() ──> DispatchLoop ───────┤                journal thread
 *  control   status query ──────────┤   never blocks;  turn: inputs,    ├─> UplinkSink   hand-off to the
 *  journal   damaged, failing ──────┘   full: refused, then timers      │                uplink thread
 *                                       and counted    await(): parks   └─> LevelSink    field displays
 *                                                      until an input
 *                                                      or a deadline    replies, on this thread:
 *                                                      (at most 1 s)    FieldReply, CommandReply, status
 *
 *  the loop's parts (loop thread only, each with its own deadlines through nextDeadline()):
 *    Debounce     which edges are presses, which presses are new events (lockouts, rest)
 *    Sirens       which alert each output plays, silence, time limits, the ack and uplink LEDs
 *    OpenAlerts   alerts held until cleared; re-published and escalated until acknowledged
 *    FieldNodes   retries, the same danger answered with its alert, silent nodes, battery, tamper
 *    UplinkWatch  one uplink-lost per outage;  Stamper: sequence, identifier, clock flag
 *    People       SMS (#13): the PhoneTree paging levels until an OK, the duty phone while the uplink is
 *                 lost, and residents' Reports held for the guard
 *    Watch        the night watch (#14): sign-on and off, checkpoint visits, shift-unmanned, round-missed
 *                 and round-resumed, judged only on a trusted clock
 * </pre>
 *
 * Inputs are a closed family ({@link id.kentongan.dispatch.Input}) handled by one exhaustive switch.
 * A GPIO edge the full inbox refuses marks its line instead ({@code Inbox.reread}, a bit per input,
 * never refused), and the loop reads that line again through {@link id.kentongan.dispatch.Lines} after
 * the queued inputs. The hand-offs never block: the journal and the uplink have their own threads and queues, and the
 * field adapter acknowledges a node only once the journal says its row is durable. The loop's
 * collaborators are ports this package defines; the adapters ({@code hardware}, {@code field},
 * {@code journal}, {@code uplink}) implement them, so this package imports none of Pi4J, Californium,
 * SQLite or Paho, and a unit test steps the loop by hand with {@code runPending(now)}.
 *
 * <p>The night watch (ronda, #14) is a part here, not a package of its own: its rules act on the loop's
 * own state (the sequence, the open alerts, whether the clock is trusted) and must run on the loop's
 * thread, and a {@code ronda} package could not be used from here (this package uses nothing above
 * {@code alert} and {@code clock}). Its profile section is read in {@code config}, its card reader is an
 * adapter in {@code hardware}; what is left of it is this one part and its inputs.
 */
package id.kentongan.dispatch;
