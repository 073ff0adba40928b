/**
 * The SQLite journal, source of truth for delivery: {@link id.kentongan.journal.Journal} (schema,
 * boot counter, replay queries) and {@link id.kentongan.journal.JournalWriter}, its single writer
 * thread with group commit. The only user of sqlite-jdbc.
 */
package id.kentongan.journal;
