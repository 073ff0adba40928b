package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.Messages;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The CLI's side of the {@link ControlServer}: one request, one reply. Any thread. */
final class ControlClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlClient() {
    }

    /**
     * @return the reply; its {@code ok} says whether the gateway did it
     * @throws IOException with a hint when no gateway is running with that state directory
     */
    static JsonNode call(Path socket, Map<String, Object> request) throws IOException {
        return call(socket, request, Messages.of(Messages.Lang.EN));
    }

    /**
     * The running gateway's status ({@code status --json}'s shape).
     *
     * @throws IOException why not: no gateway, or its own refusal (printed by {@link Main} as the error)
     */
    static JsonNode status(Path socket, Messages m) throws IOException {
        JsonNode reply = call(socket, Map.of("op", "status"), m);
        if (!reply.path("ok").asBoolean()) {
            throw new IOException(reply.path("error").asText());
        }
        return reply.path("status");
    }

    /** As {@link #call(Path, Map)}, saying why it cannot reach the gateway in the guard's language. */
    static JsonNode call(Path socket, Map<String, Object> request, Messages m) throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException(m.tr("cli.control.none", socket.getParent(), socket.getFileName()));
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException(m.tr("cli.control.no-answer", socket, e.getMessage()), e);
            }
            var out = Channels.newOutputStream(c);
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException(m.tr("cli.control.closed"));
            }
            return JSON.readTree(line);
        }
    }
}
