package id.kentongan.sms;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's inbox as outside input: settled before read, bounded, parsed strictly. */
class InboxReaderTest {

    @TempDir
    Path inbox;
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    InboxReader reader;

    @BeforeEach
    void reader() {
        reader = new InboxReader(inbox, now::get);
    }

    private Path put(String name, byte[] body) throws Exception {
        return Files.write(inbox.resolve(name), body);
    }

    private static byte[] unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_16BE);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) 0xFE;
        out[1] = (byte) 0xFF;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    private List<InboxReader.Message> settled() throws Exception {
        assertTrue(reader.read().isEmpty(), "nothing is taken the moment it appears: the daemon may still write");
        now.addAndGet(InboxReader.SETTLE_NANOS);
        return reader.read();
    }

    @Test
    void a_message_in_two_parts_is_taken_whole_once_its_files_have_settled() throws Exception {
        put("IN20261201_090000_00_+628008765432_00.txt", unicode("LAPOR rw05-utara ada orang "));
        put("IN20261201_090000_00_+628008765432_01.txt", unicode("mencurigakan di gang 3"));
        List<InboxReader.Message> m = settled();
        assertEquals(1, m.size());
        InboxReader.Taken t = assertInstanceOf(InboxReader.Taken.class, m.get(0));
        assertEquals("+628008765432", t.sender());
        assertEquals("LAPOR rw05-utara ada orang mencurigakan di gang 3", t.text());
        assertEquals(2, t.files().size());
    }

    @Test
    void a_file_still_growing_waits() throws Exception {
        Path p = put("IN20261201_090000_00_+628008765432_00.txt", unicode("OK"));
        reader.read();
        now.addAndGet(InboxReader.SETTLE_NANOS);
        Files.write(p, unicode("OK 17"));
        assertTrue(reader.read().isEmpty(), "its size changed: the settle time starts again");
        now.addAndGet(InboxReader.SETTLE_NANOS);
        assertEquals("OK 17", ((InboxReader.Taken) reader.read().get(0)).text());
    }

    @Test
    void oversized_binary_and_misnamed_files_are_refused_with_their_reason() throws Exception {
        put("IN20261201_090000_00_+628008765432_00.txt", new byte[4096]);
        put("IN20261201_090001_00_+628008765433_00.txt", unicode("ok\u0000\u0007"));
        put("IN20261201_090002_00_+628008765434_00.bin", new byte[] {1, 2, 3});
        put("IN20261201_090003_00_+628008765435_00.txt", new byte[] {(byte) 0xC3, (byte) 0x28});
        assertTrue(reader.read().isEmpty());
        put("hello.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(InboxReader.Refusal.MALFORMED), reader.read().stream()
                .map(x -> ((InboxReader.Refused) x).reason()).toList(), "not the daemon's: refused at once");
        now.addAndGet(InboxReader.SETTLE_NANOS);
        List<InboxReader.Message> m = reader.read();
        assertEquals(List.of(InboxReader.Refusal.MALFORMED, InboxReader.Refusal.OVERSIZED, InboxReader.Refusal.BINARY,
                        InboxReader.Refusal.BINARY, InboxReader.Refusal.BINARY),
                m.stream().map(x -> ((InboxReader.Refused) x).reason()).sorted().toList(), "hello.txt is still there");
    }

    @Test
    void more_parts_than_a_report_needs_are_refused_whole() throws Exception {
        for (int i = 0; i < InboxReader.MAX_PARTS + 1; i++) {
            put("IN20261201_090000_00_+628008765432_0" + i + ".txt", unicode("bagian " + i + " "));
        }
        InboxReader.Refused r = (InboxReader.Refused) settled().get(0);
        assertEquals(InboxReader.Refusal.OVERSIZED, r.reason());
        assertEquals(InboxReader.MAX_PARTS + 1, r.files().size());
    }

    @Test
    void text_in_the_daemons_standard_format_is_taken_as_strict_utf8() throws Exception {
        put("IN20261201_090000_00_+628008765432_00.txt", "lapor api di pasar".getBytes(StandardCharsets.UTF_8));
        assertEquals("lapor api di pasar", ((InboxReader.Taken) settled().get(0)).text());
    }
}
