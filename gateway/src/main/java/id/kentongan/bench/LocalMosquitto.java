package id.kentongan.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the machine's own (Debian's package), started for the bench on a free loopback port
 * and stopped after it, so both the gateway and the bare Paho baseline talk to the same real broker.
 */
final class LocalMosquitto implements AutoCloseable {

    private final Process process;
    private final int port;

    private LocalMosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static String binary() {
        for (String c : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    static LocalMosquitto start(Path dir) throws IOException, InterruptedException {
        String bin = binary();
        if (bin == null) {
            throw new IOException("mosquitto is not installed (apt-get install mosquitto): P2 and P4 need a real broker");
        }
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_inflight_messages 0\nmax_queued_messages 200000\nuser " + System.getProperty("user.name") + "\n");
        Process p = new ProcessBuilder(bin, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new LocalMosquitto(p, port);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException("mosquitto did not start: see " + dir.resolve("mosquitto.log"));
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
