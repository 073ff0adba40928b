package id.kentongan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.kentongan.fixtures.Chromium;
import id.kentongan.fixtures.GatewayProcess;
import id.kentongan.fixtures.MosquittoBroker;
import id.kentongan.fixtures.Profiles;
import id.kentongan.fixtures.StatusHttp;
import id.kentongan.fixtures.Subscriber;
import id.kentongan.uplink.SignedCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The technician's status page in headless Chromium, against the packaged gateway as a process and a
 * real Mosquitto: a press turns the banner the alarm colour with the alert in the live DOM, the
 * centre's acknowledgement turns it amber, its all-clear green. Colours are read from the screenshot.
 */
@Timeout(240)
class StatusPageIT {

    // the banner's colours in status.css
    static final int ALARM = 0xc62828;
    static final int ACKNOWLEDGED = 0xef8f00;
    static final int QUIET = 0x2e7d32;
    /** Inside the banner's padding, above its text: pure banner colour. */
    static final int BAND_TOP = 0;
    static final int BAND_BOTTOM = 16;

    static final String KEY_ID = "polsek-1";
    static final String KEY = "centre-key-0123456789-abcdefghijkl";
    static final String POST = "kentongan/v1/desa-uji/pos-uji";

    @TempDir
    Path tmp;

    @Test
    void the_banner_turns_alarm_red_on_a_press_amber_on_acknowledgement_and_green_on_all_clear() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.on(tmp.resolve("broker")).start()) {
            int http = MosquittoBroker.freePort();
            Path profile = Profiles.write(tmp.resolve("etc"), broker.uri());
            StatusHttp.serveOn(profile, http, false);
            Profiles.writeCentreKey(profile, KEY_ID, KEY);
            Path state = tmp.resolve("state");
            String page = "http://127.0.0.1:" + http + "/";
            try (GatewayProcess gw = GatewayProcess.start(profile, state, broker.uri(), tmp.resolve("gw.log"));
                 Subscriber centre = Subscriber.connect(broker.uri(), "centre-" + System.nanoTime(),
                         POST + "/result")) {
                // the status server starts just after the control socket the fixture waits for
                await().atMost(Duration.ofSeconds(20)).ignoreException(java.net.ConnectException.class)
                        .until(() -> status(http).path("uplink").path("connected").asBoolean());
                String html = StatusHttp.get(http, "/").body();
                assertFalse(html.contains("://"), "the page loads nothing from elsewhere: it works offline");

                Chromium.Page quiet = Chromium.load(page, tmp.resolve("chromium"));
                assertTrue(quiet.shown().contains("AMAN") && quiet.shown().contains("Tidak ada peringatan aktif."),
                        "Bahasa Indonesia by default: " + quiet.dom());
                assertTrue(html.contains("<html lang=\"id\">"), html);
                assertTrue(quiet.bandIs(QUIET, BAND_TOP, BAND_BOTTOM), "banner " + quiet.pixel(5, 5));

                assertEquals(0, GatewayProcess.command(tmp.resolve("press.log"), "press", "panic-1", "--hold-ms",
                        "50", "--state-dir", state.toString()).waitFor());
                await().atMost(Duration.ofSeconds(10)).until(() -> status(http).path("alerts").size() == 1);
                String identifier = status(http).path("alerts").get(0).path("identifier").asText();

                Chromium.Page alarm = Chromium.load(page, tmp.resolve("chromium"));
                assertTrue(alarm.shown().contains("BAHAYA: PANIC"), alarm.dom());
                assertTrue(alarm.shown().contains("Sirene berbunyi"), alarm.dom());
                assertTrue(alarm.shown().contains("data-state=\"alarm\""), alarm.dom());
                assertTrue(alarm.shown().contains("panic-1"), "the alert's source in the table: " + alarm.dom());
                assertTrue(alarm.shown().contains("titir untuk #"), "the siren and its pattern: " + alarm.dom());
                assertTrue(alarm.bandIs(ALARM, BAND_TOP, BAND_BOTTOM), "banner " + alarm.pixel(5, 5));
                assertFalse(alarm.bandIs(QUIET, BAND_TOP, BAND_BOTTOM));

                ObjectNode refs = new ObjectMapper().createObjectNode();
                refs.putArray("refs").add(identifier);
                command(centre, "ack", refs);
                await().atMost(Duration.ofSeconds(10)).until(() -> status(http).path("alerts").get(0).path("state")
                        .asText().equals("acknowledged"));
                Chromium.Page taken = Chromium.load(page, tmp.resolve("chromium"));
                assertTrue(taken.shown().contains("DITERIMA PUSAT: PANIC"), taken.dom());
                assertTrue(taken.shown().contains("pusat komando sudah menerima"), taken.dom());
                Chromium.Page english = Chromium.load(page + "?lang=en", tmp.resolve("chromium"));
                assertTrue(english.shown().contains("ACKNOWLEDGED: PANIC"), "the page's own switch: " + english.dom());
                assertTrue(english.shown().contains("the command centre has it"), english.dom());
                assertTrue(english.shown().contains("report/this-month.html?lang=en"), "its reports in English too");
                assertTrue(english.bandIs(ACKNOWLEDGED, BAND_TOP, BAND_BOTTOM), "banner " + english.pixel(5, 5));
                assertTrue(taken.bandIs(ACKNOWLEDGED, BAND_TOP, BAND_BOTTOM), "banner " + taken.pixel(5, 5));

                command(centre, "all-clear", new ObjectMapper().createObjectNode());
                await().atMost(Duration.ofSeconds(10)).until(() -> status(http).path("alerts").isEmpty());
                Chromium.Page clear = Chromium.load(page, tmp.resolve("chromium"));
                assertTrue(clear.shown().contains("AMAN"), clear.dom());
                assertFalse(clear.shown().contains("BAHAYA"), clear.dom());
                assertTrue(clear.bandIs(QUIET, BAND_TOP, BAND_BOTTOM), "banner " + clear.pixel(5, 5));
            }
        }
    }

    static JsonNode status(int http) throws Exception {
        return new ObjectMapper().readTree(StatusHttp.get(http, "/status.json").body()).path("status");
    }

    static void command(Subscriber centre, String verb, ObjectNode args) throws Exception {
        String topic = POST + "/cmd/" + verb;
        centre.publish(topic, SignedCommand.sign(topic, args, KEY_ID, KEY.getBytes(StandardCharsets.US_ASCII),
                Instant.now(), SignedCommand.newNonce(new SecureRandom())));
    }
}
