package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.fixtures.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kentongan bench --loopback OUT,IN} as an owner runs it: with a simulated jumper it prints and
 * writes the wire's figures beside their baseline; off a Pi, without gpiod, it says what it needs
 * instead of a stack trace; a malformed pin pair is refused.
 */
@Timeout(120)
class BenchLoopbackIT {

    @TempDir
    Path tmp;

    @Test
    void a_simulated_jumper_is_timed_beside_its_baseline_and_a_real_one_needs_a_pi() throws Exception {
        Path json = tmp.resolve("wire.json");
        GatewayProcess.Ran sim = kentongan("bench", "--loopback", "5,17", "--simulate", "--json", json.toString());
        assertEquals(0, sim.exit(), sim.output());
        assertTrue(sim.output().contains("output set -> input edge heard, rising p99 (GPIO5 -> GPIO17, simulated"),
                sim.output());
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, figures.size(), figures.toString());
        for (JsonNode f : figures) {
            assertTrue(f.get("value").asDouble() > 0, f.toString());
            assertTrue(f.get("baselineValue").asDouble() > 0, f.toString());
            assertTrue(f.get("ratio").asDouble() > 0, f.toString());
        }
        String detail = figures.get(0).get("detail").asText();
        assertTrue(detail.startsWith("rising: ") && detail.contains("falling: ")
                && detail.split("\\(n=5000\\)", -1).length == 3, "10,000 edges, half of them rising: " + detail);

        GatewayProcess.Ran real = kentongan("bench", "--loopback", "5,17");
        assertNotEquals(0, real.exit(), real.output());
        assertTrue(real.output().contains("this needs a Raspberry Pi with a jumper from GPIO5 to GPIO17"),
                real.output());
        assertTrue(!real.output().contains("\tat "), "no stack trace: " + real.output());

        GatewayProcess.Ran bad = kentongan("bench", "--loopback", "5");
        assertEquals(2, bad.exit(), bad.output());
        assertTrue(bad.output().contains("--loopback needs OUT,IN"), bad.output());
    }

    GatewayProcess.Ran kentongan(String... args) throws Exception {
        return GatewayProcess.run(tmp, args);
    }
}
