package id.kentongan.sms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One gammu-smsd's files backend, as the gateway drives it: its {@code outbox/} (the gateway writes),
 * {@code sent/} and {@code error/} (the daemon moves each message there when it is done), and
 * {@code archive/} (the gateway's own: a message whose fate the journal holds, by day). The inbox is
 * read by {@link InboxReader}.
 *
 * <p>Why files, not the SQL backend: the post has no database server (the SQL backend wants libdbi and
 * MySQL, PostgreSQL or an SQLite file shared with a C daemon), a rename into the outbox is atomic, so the
 * daemon never reads half a message, and the folders are what a technician can look into. Gammu's
 * dummy phone runs the same daemon with no modem, which is how the tests and the simulation run it.
 *
 * <p>A message's file name is fixed by its handle, itself fixed by (event, recipient): {@code
 * OUT<P>00000000_000000_00_<number>_ktg<handle>.txt}, {@code P} its priority letter (the daemon sends
 * in name order). So after a crash, a message already handed over is recognised in whichever folder
 * the daemon has put it, and never handed over twice. Files are written as a dot-file (the daemon
 * skips those), forced to disk, then renamed in, and the folder forced too.
 *
 * <p>Threads: the {@code kentongan-sms} thread only.
 */
public final class Spool {

    /** What the daemon did with one of the gateway's messages. */
    public record Fate(String handle, boolean sent, Path file) {
    }

    private static final Pattern OURS =
            Pattern.compile("OUT[A-Z][0-9]{8}_[0-9]{6}_[0-9]{2}_\\+[0-9]{7,15}_ktg([0-9a-f]{16})\\.txt");
    private static final Pattern HANDLE = Pattern.compile("[0-9a-f]{16}");
    /** A daemon's folder holds what the post has not yet recorded: more than this in one look waits a turn. */
    static final int MAX_LISTED = 4096;

    private final Path root;
    private final Path outbox;
    private final Path sent;
    private final Path error;
    private final Path archive;

    public Spool(Path root) {
        this.root = root;
        this.outbox = root.resolve("outbox");
        this.sent = root.resolve("sent");
        this.error = root.resolve("error");
        this.archive = root.resolve("archive");
    }

    /** Makes the folders the daemon and the gateway use, if missing. */
    public Spool create() throws IOException {
        for (Path p : List.of(root.resolve("inbox"), outbox, sent, error, archive)) {
            Files.createDirectories(p);
        }
        return this;
    }

    public Path root() {
        return root;
    }

    Path inbox() {
        return root.resolve("inbox");
    }

    /** The file name of a message: its handle decides it, whatever the turn or the run. */
    static String fileName(char priority, String number, String handle) {
        if (priority < 'A' || priority > 'Z' || !HANDLE.matcher(handle).matches()) {
            throw new IllegalArgumentException("priority " + priority + " or handle " + handle);
        }
        return "OUT" + priority + "00000000_000000_00_" + number + "_ktg" + handle + ".txt";
    }

    /** The handle of one of the gateway's files, or {@code null} for anyone else's. */
    static String handleOf(String fileName) {
        Matcher m = OURS.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Hands one message to the daemon: written beside the outbox as a dot-file, forced, renamed in,
     * the folder forced. Once this returns, the message survives a power cut in the daemon's hands.
     */
    public void hand(char priority, String number, String handle, String text) throws IOException {
        String name = fileName(priority, number, handle);
        Path tmp = outbox.resolve(".ktg" + handle + ".tmp");
        byte[] body = text.getBytes(StandardCharsets.UTF_16BE);
        ByteBuffer b = ByteBuffer.allocate(body.length + 2);
        b.put((byte) 0xFE).put((byte) 0xFF).put(body).flip(); // UTF-16 with its mark: no locale guessing
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        force(outbox);
    }

    /** Handles of the gateway's messages still in the outbox: handed over, not yet sent. */
    public Set<String> waiting() throws IOException {
        Set<String> out = new HashSet<>();
        for (Path p : list(outbox)) {
            String h = handleOf(p.getFileName().toString());
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    /** The gateway's messages the daemon has finished with, sent or failed, not yet archived. */
    public List<Fate> finished() throws IOException {
        List<Fate> out = new ArrayList<>();
        for (Path p : list(sent)) {
            String h = handleOf(p.getFileName().toString());
            if (h != null) {
                out.add(new Fate(h, true, p));
            }
        }
        for (Path p : list(error)) {
            String h = handleOf(p.getFileName().toString());
            if (h != null) {
                out.add(new Fate(h, false, p));
            }
        }
        return out;
    }

    /**
     * Moves a finished message into {@code archive/<day>/} once the journal holds its fate. A name already
     * there means the daemon sent one message twice: kept beside it as {@code .again-N}, and counted.
     *
     * @return {@code true} if the name was already archived (a repeat)
     */
    public boolean archive(Fate f, LocalDate day) throws IOException {
        Path dir = archive.resolve(day.toString());
        Files.createDirectories(dir);
        Path target = dir.resolve(f.file().getFileName());
        for (int n = 0; ; n++) {
            try {
                Files.move(f.file(), n == 0 ? target : dir.resolve(target.getFileName() + ".again-" + n));
                return n > 0;
            } catch (FileAlreadyExistsException e) {
                if (n > 100) {
                    throw e;
                }
            } catch (NoSuchFileException e) {
                return false; // archived already, before a restart
            }
        }
    }

    /** Deletes archive days older than {@code keepDays} before {@code today}; @return how many days went. */
    public int prune(LocalDate today, int keepDays) throws IOException {
        int gone = 0;
        for (Path day : list(archive)) {
            LocalDate d;
            try {
                d = LocalDate.parse(day.getFileName().toString());
            } catch (java.time.format.DateTimeParseException notADay) {
                continue;
            }
            if (d.isBefore(today.minusDays(keepDays))) {
                for (Path f : list(day)) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(day);
                gone++;
            }
        }
        return gone;
    }

    /** At most {@link #MAX_LISTED} entries of {@code dir}, dot-files (ours, half written) left out. */
    static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                out.add(p);
                if (out.size() >= MAX_LISTED) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    private static void force(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
