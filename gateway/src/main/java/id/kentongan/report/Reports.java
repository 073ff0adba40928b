package id.kentongan.report;

import id.kentongan.alert.Post;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The report part's face: a post's journal or a centre's made into a report, written as HTML, CSV or JSON.
 * Reading is read-only and streamed ({@link JournalRows}), so a report can be made beside a running
 * gateway, and its heap grows with the window's alerts only, up to {@code maxAlerts} with a timeline.
 * Stateless; the caller's thread does the work.
 */
public final class Reports {

    /** Alerts given a timeline in a report from the command line; past that they are counted only. */
    public static final int MAX_ALERTS = 20_000;

    private Reports() {
    }

    /** What was made, for the command's last line. */
    public record Made(int alerts, long rowsRead, long inWindow) {
    }

    /** The report of one post's journal. */
    public static Made ofPost(Path journal, Post post, Window window, Format format, Lang lang, int maxAlerts,
                              long madeMs, Writer out) throws IOException, SQLException {
        return write(ofPost(journal, post, window, maxAlerts), format, lang, madeMs, out);
    }

    /** The report across the posts in a centre's journal ({@link CentreJournal}), with a table per post. */
    public static Made ofCentre(Path db, Window window, Format format, Lang lang, int maxAlerts, long madeMs,
                                Writer out) throws IOException, SQLException {
        Tally tally = new Tally(window, maxAlerts);
        JournalRows.centre(db, window, tally);
        return write(tally.finish(null, null), format, lang, madeMs, out);
    }

    static Report ofPost(Path journal, Post post, Window window, int maxAlerts) throws IOException, SQLException {
        Tally tally = new Tally(window, maxAlerts);
        String id = post.village() + "/" + post.id();
        JournalRows.post(journal, id, window, tally);
        return tally.finish(post.name(), id);
    }

    static Made write(Report r, Format format, Lang lang, long madeMs, Writer out) throws IOException {
        switch (format) {
            case HTML -> HtmlReport.write(r, new Words(lang, r.window().zone()), madeMs, out);
            case CSV -> CsvReport.write(r, out);
            case JSON -> JsonReport.write(r, out);
        }
        return new Made(r.alerts().size(), r.totals().rows(), r.totals().inWindow());
    }
}
