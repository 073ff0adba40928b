package id.kentongan.observability;

import id.kentongan.config.StatusSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JDK's own HTTP server with five read-only answers: the status page (in Bahasa Indonesia, or English
 * with {@code ?lang=en}: {@link StatusPage}) and its two files,
 * {@code /status.json} (what the page polls), {@code /metrics} (Prometheus) and {@code /health}, and the
 * reports the page links to ({@code /report/...}, made off these threads by {@link LinkedPages}). Nothing
 * here changes the post: there is no command on this port, so opening it to the LAN shows, never drives.
 *
 * <p>Bounded against slow and many clients by the JDK server's own limits, set in one place
 * ({@link HttpLimits}), and by a thread per request in progress ({@link HttpThreads}), so that clients
 * that send slowly or not at all cannot keep the page, {@code /metrics} and {@code /health} from others.
 *
 * <p>Threads: {@code kentongan-status} threads ({@link HttpThreads}) read and answer, the JDK's
 * dispatcher thread accepts; {@link #start} and {@link #close} from the owner.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PAGES = Map.of(
            "/status.css", "status.css",
            "/status.js", "status.js");

    private final HttpServer http;
    private final HttpThreads threads;

    private StatusServer(HttpServer http, HttpThreads threads) {
        this.http = http;
        this.threads = threads;
    }

    /**
     * Owner: listens and answers until {@link #close}; {@code threads} are closed with it.
     *
     * @param reports the reports the page links to, or {@code null} when there are none
     */
    static StatusServer start(StatusSettings settings, StatusCache status, PostMetrics metrics, HttpThreads threads,
                              LinkedPages reports) throws IOException {
        HttpLimits.apply(); // before the JDK's first server: it reads its limits once
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(settings.address()),
                settings.port()), 16);
        http.setExecutor(threads);
        http.createContext("/", ex -> {
            threads.answered();
            answer(ex, () -> route(ex, settings, status, metrics, reports));
        });
        http.start();
        return new StatusServer(http, threads);
    }

    int port() {
        return http.getAddress().getPort();
    }

    private interface Answer {
        void run() throws IOException;
    }

    private static void answer(HttpExchange ex, Answer a) {
        try (ex) {
            a.run();
        } catch (IOException | RuntimeException e) {
            log.debug("status: {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        }
    }

    private static void route(HttpExchange ex, StatusSettings settings, StatusCache status, PostMetrics metrics,
                              LinkedPages reports) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            send(ex, 405, "text/plain; charset=utf-8", "only GET here: this port shows, it never commands\n");
            return;
        }
        LinkedPages.Page report = reports == null ? null : reports.answer(path, ex.getRequestURI().getRawQuery());
        if (report != null) {
            send(ex, report.status(), report.contentType(), report.body(), report.policy());
            return;
        }
        switch (path) {
            case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            case "/health" -> {
                Health h = Health.of(status.fresh(), settings.requireUplink());
                ObjectNode body = JSON.createObjectNode();
                body.put("healthy", h.healthy());
                h.problems().forEach(body.withArray("problems")::add);
                send(ex, h.healthy() ? 200 : 503, "application/json", JSON.writeValueAsString(body) + "\n");
            }
            case "/status.json" -> {
                StatusCache.Snapshot s = status.fresh();
                Health h = Health.of(s, settings.requireUplink());
                ObjectNode body = JSON.createObjectNode();
                body.put("healthy", h.healthy());
                h.problems().forEach(body.withArray("problems")::add);
                body.set("status", s.status());
                send(ex, 200, "application/json", JSON.writeValueAsString(body));
            }
            case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8",
                    StatusPage.html(StatusPage.lang(ex.getRequestURI().getRawQuery())));
            default -> {
                String file = PAGES.get(path);
                if (file == null) {
                    send(ex, 404, "text/plain; charset=utf-8", "not here: try / for the status page\n");
                    return;
                }
                try (InputStream in = StatusServer.class.getResourceAsStream("/status/" + file)) {
                    if (in == null) {
                        throw new IOException("the jar lacks /status/" + file);
                    }
                    String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                            : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
                    send(ex, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        // everything the page needs comes from here: it works offline, and nothing else may load
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8), "default-src 'self'; img-src 'self' data:");
    }

    private static void send(HttpExchange ex, int code, String type, byte[] b, String policy) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", policy);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(0);
        threads.close();
    }
}
