/**
 * SMS through Gammu's daemon ({@code gammu-smsd}, files backend): residents of a zone, the phone
 * tree's people and the centre's duty phone get their messages, and replies ({@code OK}) and reports
 * ({@code LAPOR}) come back.
 *
 * <pre>
 *   JournalWriter ──(same transaction as the event)──> sms_outbox rows (register keys, never numbers)
 *        │ durable                                              │ paged in priority order
 *        └──> SmsGateway (kentongan-sms) ── number from the register ──> Spool: outbox/ ──> gammu-smsd ──> modem
 *                  ^   └── fates from sent/, error/ (and the daemon's log) ──> JournalWriter
 *                  └── InboxReader: inbox/ ──> OK, LAPOR ──> Inbox ──> DispatchLoop
 * </pre>
 *
 * Nothing here runs on the dispatch thread, and nothing here imports Pi4J, Paho or Californium; the
 * journal owns the outbox table, this package owns the daemon's folders. A number is resolved from the
 * register only at the moment a message is handed over, and is masked wherever it is shown.
 */
package id.kentongan.sms;
