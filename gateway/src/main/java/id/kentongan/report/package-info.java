/**
 * Evaluation by data: the journal made into reports people read, at the post and, from the centre's own
 * journal, across posts.
 *
 * <pre>
 *  journal.db (a post's) ─┐ read-only, streamed,            ┌─> HtmlReport + Svg  one page, inline SVG, A4
 *                         ├─> JournalRows ─> Tally ─> Report ┼─> CsvReport         a row per alert
 *  centre.db ─────────────┘   in sequence order              └─> JsonReport        every figure
 *
 *  MQTT (Paho's thread) ─> CentreRecorder.offer ─> kentongan-centre: CapRows ─> CentreJournal (once each)
 *                                                                     └─> Gaps ─> signed replay
 *  status page (HTTP thread) ─> ReportPages.answer, never blocking ─> kentongan-report: Reports ─> cached page
 * </pre>
 *
 * <p>Nothing here writes a post's journal, and nothing grows with its size: rows stream past, and only the
 * alerts of the report's window are kept (a {@link id.kentongan.report.Timeline} each, up to a limit).
 * Events stamped while the post's clock was not trusted are shown, marked, and kept out of everything timed.
 * Uses sqlite-jdbc, Jackson, Commons CSV, and {@code alert} for the post's identity and priority names.
 */
package id.kentongan.report;
