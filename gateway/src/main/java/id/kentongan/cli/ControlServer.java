package id.kentongan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The local control socket: how {@code kentongan status} and {@code kentongan press} reach a running
 * gateway. A UNIX domain socket in the state directory, mode 0660, so only the service's user and group
 * can use it and nothing listens on the network. One JSON request line in, one JSON line out.
 *
 * <pre>
 *   {"op":"status"}                               -> {"ok":true,"status":{...}}
 *   {"op":"press","input":"panic-1","hold_ms":200} -> {"ok":true}   (simulation only)
 *   {"op":"set","input":"flood-1","active":true}  -> {"ok":true}   (simulation only)
 *   {"op":"report","decision":"confirm","report":17} -> {"ok":true,"detail":"..."}   (the guard, #13)
 * </pre>
 *
 * Threads: the {@code kentongan-control} thread accepts; each connection is served on its own virtual
 * thread; {@link #close} from the owner.
 */
final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST = 4096;
    private static final long MAX_HOLD_MS = Duration.ofMinutes(10).toMillis();

    private final ServerSocketChannel server;
    private final Path socket;
    private final Gateway gateway;
    private final Thread acceptor;

    private ControlServer(ServerSocketChannel server, Path socket, Gateway gateway) {
        this.server = server;
        this.socket = socket;
        this.gateway = gateway;
        this.acceptor = Thread.ofPlatform().name("kentongan-control").daemon(true).unstarted(this::accept);
    }

    /** Call with the state directory's {@link StateLock} held. */
    static ControlServer start(Path socket, Gateway gateway) throws IOException {
        Files.deleteIfExists(socket); // left behind by a killed gateway; the state lock says we are alone
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        ControlServer s = new ControlServer(ch, socket, gateway);
        s.acceptor.start();
        return s;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().name("kentongan-control-client").start(() -> serve(c));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("control: accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                StandardCharsets.UTF_8), MAX_REQUEST); OutputStream out = Channels.newOutputStream(c)) {
            String line = in.readLine();
            ObjectNode reply = answer(line);
            out.write((JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.debug("control: client went away: {}", e.getMessage());
        }
    }

    private ObjectNode answer(String line) {
        ObjectNode reply = JSON.createObjectNode();
        try {
            if (line == null || line.length() > MAX_REQUEST) {
                throw new IllegalArgumentException("expected one JSON request line of at most " + MAX_REQUEST
                        + " bytes");
            }
            JsonNode req = JSON.readTree(line);
            String op = req.path("op").asText();
            switch (op) {
                case "status" -> reply.set("status", JSON.valueToTree(gateway.status()));
                case "press" -> {
                    long hold = req.path("hold_ms").asLong(200);
                    if (hold < 0 || hold > MAX_HOLD_MS) {
                        throw new IllegalArgumentException("hold_ms must be 0.." + MAX_HOLD_MS);
                    }
                    String input = req.path("input").asText();
                    gateway.simulate(input, true);
                    Thread.sleep(hold); // a finger on the button: the gateway sees a real press and release
                    gateway.simulate(input, false);
                }
                case "set" -> gateway.simulate(req.path("input").asText(), req.path("active").asBoolean());
                case "report" -> reply.put("detail", gateway.decideReport(req.path("decision").asText(),
                        req.path("report").asLong(-1)));
                default -> throw new IllegalArgumentException("unknown op '" + op + "' (status, press, set, report)");
            }
            reply.put("ok", true);
        } catch (Exception e) {
            reply.removeAll();
            reply.put("ok", false);
            reply.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
