package id.kentongan.it;

import id.kentongan.post.Gateway;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.fixtures.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opt-in Home Assistant discovery, as Home Assistant would read it from the broker. */
@Timeout(60)
class HomeAssistantIT {

    @TempDir
    Path tmp;

    @Test
    void sirens_buttons_tamper_and_uplink_are_announced_with_availability_and_follow_the_post() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start();
             Subscriber ha = Subscriber.connect(broker.uri(), "home-assistant", "homeassistant/#",
                     "kentongan/v1/desa-uji/pos-uji/ha/#")) {
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            Files.writeString(profile, Files.readString(profile) + "home_assistant: { discovery: true }\n");
            Gateway g = Gateway.start(new Gateway.Options(profile, tmp.resolve("state"), true, null, "127.0.0.1", 0));
            try {
                // all six: two sirens, two buttons, the tamper contact and the uplink (it had read the
                // sixth before it came)
                await().atMost(Duration.ofSeconds(10)).until(() -> ha.texts("/config").size() >= 6);
                String siren = one(ha, "homeassistant/siren/kentongan_desa-uji_pos-uji_siren-1/config");
                assertTrue(siren.contains("\"available_tones\":[") && siren.contains("\"titir\"")
                        && siren.contains("\"temporal-3\""), siren);
                assertTrue(siren.contains("\"availability_topic\":\"kentongan/v1/desa-uji/pos-uji/status\""), siren);
                assertTrue(!siren.contains("command_topic"), "sirens are shown, never commanded from HA");
                assertTrue(one(ha, "homeassistant/event/kentongan_desa-uji_pos-uji_panic-1/config")
                        .contains("\"event_types\":[\"press\"]"));
                assertTrue(one(ha, "homeassistant/binary_sensor/kentongan_desa-uji_pos-uji_tamper-1/config")
                        .contains("\"device_class\":\"tamper\""));
                assertTrue(one(ha, "homeassistant/binary_sensor/kentongan_desa-uji_pos-uji_uplink/config")
                        .contains("\"device_class\":\"connectivity\""));

                g.simulate("panic-1", true);
                g.simulate("panic-1", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> ha.texts("/ha/event/panic-1").stream()
                        .anyMatch(t -> t.contains("\"event_type\":\"press\"")));
                await().atMost(Duration.ofSeconds(10)).until(() -> ha.texts("/ha/siren").stream()
                        .anyMatch(t -> t.contains("\"state\":\"ON\"") && t.contains("\"tone\":\"titir\"")));
            } finally {
                g.close();
            }
        }
        Threads.assertNoGatewayThreadsLeft();
    }

    private static String one(Subscriber s, String topic) {
        return s.received().stream().filter(r -> r.topic().equals(topic)).map(r -> new String(r.payload()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + topic + " among "
                        + s.received().stream().map(Subscriber.Received::topic).toList()));
    }
}
