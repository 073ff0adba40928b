package id.kentongan.post;

import com.fasterxml.jackson.databind.JsonNode;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control socket's bounds on a real UNIX socket, with small limits so that time passes quickly: an
 * overlong line, a stalled client, a full house of stalled clients, a full house of requests in progress.
 */
class ControlServerTest {

    static final ControlServer.Limits SMALL = new ControlServer.Limits(256, 4, 2, Duration.ofMillis(400),
            Duration.ofMillis(400));

    @TempDir
    Path tmp;

    final List<String> simulated = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holdStatus;
    ControlServer server;

    ControlServer start() throws IOException {
        return start(SMALL);
    }

    ControlServer start(ControlServer.Limits limits) throws IOException {
        server = ControlServer.start(tmp.resolve("control.sock"), limits, () -> {
            if (holdStatus) {
                release.await();
            }
            return Map.of("post", "pos-uji");
        }, (input, active) -> simulated.add(input + "=" + active));
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.close();
        }
        Threads.assertNoGatewayThreadsLeft();
    }

    SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(tmp.resolve("control.sock")));
        return c;
    }

    static void send(SocketChannel c, String s) throws IOException {
        c.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Everything the server says until it closes. A server that closes with some of the client's bytes
     * unread resets the connection after its reply, as any UNIX socket does.
     */
    static JsonNode reply(SocketChannel c) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        try {
            while (c.read(in) >= 0) {
                // until the server closes
            }
        } catch (IOException reset) {
            if (in.position() == 0) {
                throw reset;
            }
        }
        return ControlServer.JSON.readTree(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
    }

    JsonNode call(String line) throws IOException {
        try (SocketChannel c = connect()) {
            send(c, line + "\n");
            return reply(c);
        }
    }

    long refused(String reason) {
        @SuppressWarnings("unchecked")
        Map<String, Long> r = (Map<String, Long>) server.status().get("refused");
        return r.get(reason);
    }

    @Test
    void status_and_press_answer_as_before_and_the_socket_is_for_the_service_group_only() throws Exception {
        start();
        assertEquals("pos-uji", call("{\"op\":\"status\"}").path("status").path("post").asText());
        assertTrue(call("{\"op\":\"press\",\"input\":\"panic-1\",\"hold_ms\":10}").path("ok").asBoolean());
        assertEquals(List.of("panic-1=true", "panic-1=false"), simulated);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                tmp.resolve("control.sock"))));
    }

    @Test
    void a_line_longer_than_the_limit_is_refused_when_the_buffer_fills_and_answered_why() throws Exception {
        start();
        try (SocketChannel c = connect()) {
            send(c, "A".repeat(300));
            JsonNode r = reply(c);
            assertFalse(r.path("ok").asBoolean());
            assertEquals("a request line longer than 256 bytes", r.path("error").asText());
        }
        assertEquals(1, refused("too-long"));
        JsonNode bad = call("{\"op\":\"launch\"}");
        assertEquals("unknown op 'launch' (status, press, set, report, selftest)", bad.path("error").asText());
        assertEquals(1, refused("malformed"));
    }

    @Test
    void a_client_that_sends_half_a_line_is_closed_after_its_time_with_the_reason() throws Exception {
        start();
        try (SocketChannel c = connect()) {
            send(c, "{\"op\"");
            long t = System.nanoTime();
            JsonNode r = reply(c);
            assertTrue(System.nanoTime() - t >= Duration.ofMillis(300).toNanos(), "not before its time");
            assertEquals("no whole request line within 400 ms of connecting", r.path("error").asText());
        }
        assertEquals(1, refused("timeout"));
        await().until(() -> server.status().get("open").equals(0));
    }

    @Test
    void when_stalled_clients_fill_every_place_a_new_one_pushes_out_the_oldest_and_is_answered() throws Exception {
        start();
        List<SocketChannel> stalled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SocketChannel c = connect();
            send(c, "{\"op\"");
            stalled.add(c);
        }
        await().until(() -> server.status().get("open").equals(4));
        assertEquals("pos-uji", call("{\"op\":\"status\"}").path("status").path("post").asText());
        assertEquals("pushed out by a newer connection", reply(stalled.get(0)).path("error").asText()
                .substring(0, 32));
        assertEquals(1, refused("evicted"));
        for (SocketChannel c : stalled) {
            c.close();
        }
    }

    @Test
    void when_every_op_thread_is_busy_a_request_is_refused_at_once_and_the_held_ones_still_answered()
            throws Exception {
        start();
        holdStatus = true;
        List<SocketChannel> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SocketChannel c = connect();
            send(c, "{\"op\":\"status\"}\n");
            held.add(c);
        }
        await().until(() -> server.status().get("open").equals(2));
        assertEquals("2 requests are being carried out; try again", call("{\"op\":\"status\"}").path("error")
                .asText());
        assertEquals(1, refused("busy"));
        release.countDown();
        for (SocketChannel c : held) {
            assertTrue(reply(c).path("ok").asBoolean(), "the held requests are answered once released");
            c.close();
        }
    }

    @Test
    void when_every_open_connection_is_being_answered_a_new_one_is_refused_at_once() throws Exception {
        start(new ControlServer.Limits(256, 2, 2, Duration.ofMillis(400), Duration.ofMillis(400)));
        holdStatus = true;
        List<SocketChannel> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SocketChannel c = connect();
            send(c, "{\"op\":\"status\"}\n");
            held.add(c);
        }
        await().until(() -> server.status().get("open").equals(2));
        try (SocketChannel c = connect()) {
            assertEquals("2 control connections are open, each being answered; try again",
                    reply(c).path("error").asText());
        }
        assertEquals(1, refused("busy"));
        assertEquals(0, refused("evicted"));
        for (SocketChannel c : held) {
            c.close();
        }
    }
}
