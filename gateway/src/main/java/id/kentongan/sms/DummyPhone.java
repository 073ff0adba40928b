package id.kentongan.sms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Simulation and tests only: a message "received" by Gammu's dummy phone. The dummy driver reads its
 * inbox folder, {@code <spool>/phone/sms/1/}, where each file named with a number is one message in
 * Gammu's SMS backup format; the daemon then receives it as from a real network and writes it to its
 * {@code inbox/}. Written as a dot-file and renamed in, so the driver never reads half of one.
 * Stateless; any thread.
 */
public final class DummyPhone {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private DummyPhone() {
    }

    /**
     * Puts {@code text} from {@code sender} into the dummy phone's inbox.
     *
     * @throws IllegalArgumentException if the text does not fit one SMS (the dummy phone takes one part)
     */
    public static Path receive(Path spool, String sender, String text, LocalDateTime at) throws IOException {
        SmsText measured = SmsText.measure(text, false);
        if (measured.parts() > 1) {
            throw new IllegalArgumentException("one SMS at most: " + (measured.ucs2() ? 70 : 160) + " characters");
        }
        Path folder = spool.resolve("phone").resolve("sms").resolve("1");
        Files.createDirectories(folder);
        String body = """
                [SMSBackup000]
                SMSC = "+6280000000"
                State = UnRead
                Number = "%s"
                Coding = %s
                Folder = 1
                Length = %d
                PDU = Deliver
                DateTime = %s
                Text00 = %s
                """.formatted(sender, measured.ucs2() ? "Unicode_No_Compression" : "Default_No_Compression",
                text.length(), STAMP.format(at),
                HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_16BE)));
        for (int n = 1; ; n++) {
            Path target = folder.resolve(Integer.toString(n));
            if (Files.exists(target)) {
                continue;
            }
            Path tmp = folder.resolve("." + n + ".tmp");
            Files.writeString(tmp, body, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                if (n > 10_000) {
                    throw e;
                }
            }
        }
    }
}
