package id.kentongan.post;

import id.kentongan.config.SiteProfile;
import id.kentongan.field.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.time.Duration;

/**
 * Simulation only: the profile's field nodes, played by Californium clients over plain CoAP on
 * loopback, each sending its heartbeat at its period, so the post's supervision sees live nodes.
 * Events are sent by hand with {@code kentongan node send}. Owned by the gateway; its
 * {@code kentongan-sim-nodes} thread sends.
 */
final class SimulatedNodes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNodes.class);
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
            .name("kentongan-sim-nodes").unstarted(r));
    private final List<NodeClient> clients = new ArrayList<>();

    SimulatedNodes(SiteProfile profile, int port) throws IOException {
        for (SiteProfile.NodeSpec n : profile.nodes()) {
            NodeClient c = NodeClient.connect("127.0.0.1", port, n.id(), null).timeout(Duration.ofSeconds(10));
            clients.add(c);
            long period = n.heartbeat().toMillis();
            exec.scheduleAtFixedRate(() -> {
                try {
                    c.heartbeat(false, false);
                } catch (IOException | RuntimeException e) {
                    log.warn("simulated node {}: heartbeat failed: {}", n.id(), e.getMessage());
                }
            }, 0, period, TimeUnit.MILLISECONDS);
        }
        log.info("simulation: {} field nodes heartbeating over CoAP on 127.0.0.1:{}", clients.size(), port);
    }

    @Override
    public void close() throws InterruptedException {
        exec.shutdownNow();
        exec.awaitTermination(5, TimeUnit.SECONDS);
        clients.forEach(NodeClient::close);
    }
}
