package id.kentongan.observability;

/**
 * Pages another part of the post serves through the status server (the evaluation reports), behind a
 * narrow face so that observability need not know that part. {@link #answer} is called on an HTTP
 * thread and must not block: a page still being made answers at once that it is being prepared.
 */
public interface LinkedPages {

    /** A page: its HTTP status, content type, body, and the Content-Security-Policy it needs. */
    record Page(int status, String contentType, byte[] body, String policy) {
    }

    /** The page at {@code path}, or {@code null} when the path is not one of these pages. */
    Page answer(String path, String query);

    /** Owner: stops whatever makes the pages; called when the status server closes. */
    void close() throws InterruptedException;
}
