package id.kentongan.report;

import id.kentongan.alert.Post;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The reports the status page links to, the last 30 days and the current month, made inside the gateway
 * without slowing anything it does. An HTTP thread never makes a report and never waits for one: it answers
 * with the last one made (fresh for a minute, or stale while a new one is made) or with a page that
 * refreshes itself while the first is made. One {@code kentongan-report} thread makes them, one at a time,
 * from the journal read-only; what it keeps is bounded ({@link #MAX_ALERTS} timelines, the HTML page's own
 * limits, four pages cached at most), so it stays well inside the gateway's heap.
 *
 * <p>Threads: {@link #answer} from the HTTP threads; {@link #close} from the owner.
 */
public final class ReportPages implements AutoCloseable {

    /** Timelines in a report made inside the gateway: enough for any real month, small beside its heap. */
    static final int MAX_ALERTS = 5_000;
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Inline style only; no script, no other source: the page needs nothing else. */
    public static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    /** An answer for the HTTP server to send as is. */
    public record Page(int status, String contentType, byte[] body) {
    }

    private record Made(Page page, long atNanos) {
    }

    private final Path journal;
    private final Post post;
    private final InstantSource clock;
    private final LongSupplier nanos;
    private final Map<String, Made> made = new ConcurrentHashMap<>();
    private final Map<String, Boolean> making = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor worker;

    public ReportPages(Path journal, Post post, InstantSource clock, LongSupplier nanos) {
        this.journal = journal;
        this.post = post;
        this.clock = clock;
        this.nanos = nanos;
        // one thread, made at the first request; at most the four pages queued, anything more is not needed
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4),
                r -> Thread.ofPlatform().name("kentongan-report").daemon(true).unstarted(r),
                new ThreadPoolExecutor.DiscardPolicy());
    }

    /**
     * HTTP thread, never blocking: the page for {@code /report/last-30-days.html} or
     * {@code /report/this-month.html} ({@code ?lang=en} for English), or {@code null} for any other path.
     */
    public Page answer(String path, String query) {
        String period = switch (path) {
            case "/report/last-30-days.html" -> "30d";
            case "/report/this-month.html" -> "month";
            default -> null;
        };
        if (period == null) {
            return null;
        }
        Lang lang = "lang=en".equals(query) ? Lang.EN : Lang.ID;
        String key = period + "/" + lang;
        Made m = made.get(key);
        long now = nanos.getAsLong();
        if (m != null && now - m.atNanos() < FRESH_NANOS) {
            return m.page();
        }
        if (making.putIfAbsent(key, Boolean.TRUE) == null) {
            worker.execute(() -> make(key, period, lang));
        }
        return m != null ? m.page() : preparing(lang);
    }

    private void make(String key, String period, Lang lang) {
        try {
            Window w = period.equals("30d") ? Window.last(30, clock.instant(), post.timeZone())
                    : Window.month(YearMonth.from(clock.instant().atZone(post.timeZone())), post.timeZone());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
                Reports.write(Reports.ofPost(journal, post, w, MAX_ALERTS), Format.HTML, lang, clock.millis(), out);
            }
            made.put(key, new Made(new Page(200, Format.HTML.contentType, bytes.toByteArray()), nanos.getAsLong()));
        } catch (Exception e) { // a report that cannot be made says why, and the post goes on
            made.put(key, new Made(new Page(500, "text/plain; charset=utf-8", ("the report could not be made: " + e
                    + "\n").getBytes(StandardCharsets.UTF_8)), nanos.getAsLong()));
        } finally {
            making.remove(key);
        }
    }

    private static Page preparing(Lang lang) {
        String text = lang == Lang.ID ? "Laporan sedang disiapkan…" : "The report is being prepared…";
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">"
                + "<title>" + text + "</title></head><body><p>" + text + "</p></body></html>\n";
        return new Page(503, Format.HTML.contentType, html.getBytes(StandardCharsets.UTF_8));
    }

    /** Owner: stops the report thread (a report being made is abandoned) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
