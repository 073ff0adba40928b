package id.kentongan.cli;

import id.kentongan.alert.Post;
import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.report.Format;
import id.kentongan.report.Lang;
import id.kentongan.report.Reports;
import id.kentongan.report.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/**
 * {@code kentongan report}: the post's journal (or a centre's) as a report people read, for a month or any
 * span of days. Read-only on the journal, so it runs beside the gateway. The command's own action; other
 * helpers may hang subcommands under it ({@code report confirm|dismiss}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "A report of the journal: incidents step by step, response times, drills, equipment.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "A calendar month, e.g. 2026-11.")
    String month;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (with --to).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day, included (with --from).")
    String to;

    @Option(names = "--format", defaultValue = "html", description = "html, csv or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (default: standard output).")
    Path out;

    @Option(names = "--lang", defaultValue = "id", description = "id or en (default ${DEFAULT-VALUE}).")
    String lang;

    @Mixin
    StateDirOption state;

    @Mixin
    ProfileOption profile; // the post's name and time zone

    @Option(names = "--centre", paramLabel = "DB",
            description = "A centre's journal ('kentongan centre'): every post in it.")
    Path centre;

    @Option(names = "--zone", paramLabel = "TZ", description = "Time zone for hours and days, e.g. Asia/Jakarta "
            + "(default: the post's, or at a centre this machine's).")
    String zone;

    @Override
    public Integer call() throws Exception {
        Format f;
        Lang l;
        Post post = null;
        ZoneId tz;
        Window window;
        try {
            f = Format.of(format);
            l = Lang.of(lang);
            if (centre == null) {
                Path p = profile.path();
                post = ProfileLoader.load(p).post();
            }
            tz = zone != null ? ZoneId.of(zone) : post != null ? post.timeZone() : ZoneId.systemDefault();
            window = window(tz);
        } catch (IllegalArgumentException | DateTimeException | ProfileException e) {
            System.err.println("kentongan: " + e.getMessage());
            return 2;
        }
        Path target = out == null ? null : out.toAbsolutePath();
        Path partial = target == null ? null : Files.createTempFile(target.getParent(), ".report-", ".partial");
        try (Writer w = new BufferedWriter(new OutputStreamWriter(partial == null ? System.out
                : Files.newOutputStream(partial), StandardCharsets.UTF_8), 64 * 1024)) {
            long now = Instant.now().toEpochMilli();
            Reports.Made made = centre != null
                    ? Reports.ofCentre(centre, window, f, l, Reports.MAX_ALERTS, now, w)
                    : Reports.ofPost(state.journal(), post, window, f,
                    l, Reports.MAX_ALERTS, now, w);
            w.flush();
            if (partial != null) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.err.println("report: " + made.alerts() + " alerts from " + made.inWindow() + " events in the "
                        + "period (" + made.rowsRead() + " read) -> " + target);
            }
            return 0;
        } catch (NoSuchFileException e) {
            System.err.println("kentongan: no journal at " + e.getFile());
            return 1;
        } finally {
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
        }
    }

    private Window window(ZoneId tz) {
        if (month != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("give --month or --from/--to, not both");
            }
            return Window.month(month, tz);
        }
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw new IllegalArgumentException("--from and --to go together");
            }
            return Window.days(from, to, tz);
        }
        return Window.last(30, Instant.now(), tz);
    }
}
