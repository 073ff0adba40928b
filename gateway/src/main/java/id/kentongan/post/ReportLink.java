package id.kentongan.post;

import id.kentongan.observability.LinkedPages;
import id.kentongan.report.ReportPages;

/**
 * The evaluation reports served on the status page: the report part and the status server know
 * nothing of each other, and meet here. Called on the status server's HTTP threads, as
 * {@link ReportPages} allows.
 */
record ReportLink(ReportPages reports) implements LinkedPages {

    @Override
    public Page answer(String path, String query) {
        ReportPages.Page p = reports.answer(path, query);
        return p == null ? null : new Page(p.status(), p.contentType(), p.body(), ReportPages.POLICY);
    }

    @Override
    public void close() throws InterruptedException {
        reports.close();
    }
}
