package id.kentongan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        if (!Files.exists(socket)) {
            throw new IOException("no gateway is running with state directory " + socket.getParent()
                    + " (no " + socket.getFileName() + "); start one with: kentongan run --simulate");
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("the gateway at " + socket + " does not answer (" + e.getMessage()
                        + "); is it still running?", e);
            }
            var out = Channels.newOutputStream(c);
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the gateway closed the control connection without an answer");
            }
            return JSON.readTree(line);
        }
    }
}
