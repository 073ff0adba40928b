package id.kentongan.report;

import id.kentongan.fixtures.ExampleMonth;
import id.kentongan.fixtures.PostJournal;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status page's reports: an HTTP thread never waits for one, and the report thread goes with the gateway. */
class ReportPagesTest {

    @TempDir
    Path dir;

    @Test
    void the_first_ask_is_answered_at_once_and_a_later_one_gets_the_report() throws Exception {
        Path db = dir.resolve("journal.db");
        try (PostJournal j = PostJournal.create(db, ExampleMonth.POST)) {
            ExampleMonth.write(j);
        }
        InstantSource endOfNovember = InstantSource.fixed(Instant.parse("2026-11-30T12:00:00Z"));
        ReportPages pages = new ReportPages(db, ExampleMonth.POST, endOfNovember, System::nanoTime);
        try {
            ReportPages.Page first = pages.answer("/report/this-month.html", null);
            assertTrue(first.status() == 503 || first.status() == 200, "answered without waiting: " + first.status());
            await().atMost(Duration.ofSeconds(20)).until(() -> pages.answer("/report/this-month.html", null).status()
                    == 200);
            String month = new String(pages.answer("/report/this-month.html", null).body(), StandardCharsets.UTF_8);
            assertTrue(month.contains("<title>Laporan Poskamling RT 03 / RW 05 Sukamaju · November 2026</title>"), month);
            await().atMost(Duration.ofSeconds(20)).until(() -> pages.answer("/report/last-30-days.html", "lang=en")
                    .status() == 200);
            String english = new String(pages.answer("/report/last-30-days.html", "lang=en").body(),
                    StandardCharsets.UTF_8);
            assertTrue(english.contains("<h2>Response times</h2>"), english);
            assertNull(pages.answer("/report/journal.db", null), "nothing else is served from here");
        } finally {
            pages.close();
        }
        Threads.assertNoGatewayThreadsLeft();
    }

    @Test
    void a_journal_that_cannot_be_read_gives_a_page_that_says_so() throws Exception {
        ReportPages pages = new ReportPages(dir.resolve("missing.db"), ExampleMonth.POST, InstantSource.system(),
                System::nanoTime);
        try {
            pages.answer("/report/this-month.html", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> pages.answer("/report/this-month.html", null).status()
                    == 500);
            assertTrue(new String(pages.answer("/report/this-month.html", null).body(), StandardCharsets.UTF_8)
                    .contains("missing.db"));
        } finally {
            pages.close();
        }
    }
}
