package id.kentongan.hardware;

import id.kentongan.config.ProfileLoader;
import id.kentongan.config.SiteProfile;
import id.kentongan.fixtures.ConfigTxts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boot fragment of the example post, and config.txt files made here checked against its profile. */
class BootConfigTest {

    private static final Path EXAMPLE = Path.of("..", "firmware-config", "sites", "sukamaju-rt03.yaml");

    static SiteProfile post;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        post = ProfileLoader.load(EXAMPLE);
    }

    private List<String> check(String text) throws Exception {
        Path f = tmp.resolve("config.txt");
        Files.writeString(f, text);
        return BootConfig.disagreements(post, ConfigTxt.read(f));
    }

    private String fragment() {
        return BootConfig.fragment(post, BootConfig.DEFAULT_SHUTDOWN_PIN);
    }

    private static int lineOf(String text, String line) {
        return text.lines().toList().indexOf(line) + 1;
    }

    @Test
    void theRepositorysFragmentIsWhatTheCommandPrintsForTheExamplePost() throws Exception {
        assertEquals(Files.readString(Path.of("..", "firmware-config", "raspberrypi", "sukamaju-rt03.txt")), fragment(),
                "regenerate it: kentongan boot-config --profile firmware-config/sites/sukamaju-rt03.yaml");
    }

    @Test
    void theFragmentSetsWatchdogPullsOutputsAndTheShutdownButtonFromTheProfile() {
        List<String> lines = fragment().lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("[all]", "dtparam=watchdog=on", "gpio=17,27,23,24,25=ip,pu", "gpio=22=ip,pd",
                "gpio=5,6,13,19=op,dl", "dtoverlay=gpio-shutdown,gpio_pin=3,active_low=1,gpio_pull=up,debounce=3000",
                "dtoverlay="), lines);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), "the firmware's line limit");
    }

    @Test
    void aFreshBookwormConfigDisagreesOnEveryPinAndTheWatchdog() throws Exception {
        List<String> d = check(ConfigTxts.BOOKWORM);
        String f = tmp.resolve("config.txt").toString();
        assertEquals(f + ": no dtparam=watchdog=on: the hardware watchdog is off, so a hung Pi stays hung", d.get(0));
        assertTrue(d.contains(f + ": pin 17 (input panic-1, active-low) has no gpio= pull: until the gateway starts it "
                + "rests at the chip's default, not the profile's pull-up (add gpio=17=ip,pu)"), d.toString());
        assertTrue(d.contains(f + ": pin 22 (input flood-1, active-high) has no gpio= pull: until the gateway starts "
                + "it rests at the chip's default, not the profile's pull-down (add gpio=22=ip,pd)"), d.toString());
        assertTrue(d.contains(f + ": pin 5 (output siren-1) is not held off from power-up (add gpio=5=op,dl)"),
                d.toString());
        assertEquals(1 + post.inputs().size() + post.outputs().size(), d.size(), d.toString());
    }

    @Test
    void withTheFragmentAppendedTheyAgree() throws Exception {
        assertEquals(List.of(), check(ConfigTxts.BOOKWORM + fragment()));
    }

    @Test
    void aButtonPulledDownIsNamedWithItsLineAndWhatAGuardWouldSee() throws Exception {
        String text = ConfigTxts.BOOKWORM + fragment() + "gpio=17=pd\n";
        List<String> d = check(text);
        assertEquals(List.of(tmp.resolve("config.txt") + ":" + lineOf(text, "gpio=17=pd") + ": gpio=17=pd gives pin 17 "
                + "(input panic-1, active-low) pull-down, so the button reads as pressed until the gateway starts; "
                + "the profile wants pull-up"), d);
    }

    @Test
    void laterLinesWinAsTheFirmwareAppliesThem() throws Exception {
        assertEquals(List.of(), check("gpio=17=ip,pd\n" + fragment()));
        assertEquals(1, check(fragment() + "gpio=17=ip,pn\n").size());
    }

    @Test
    void theWatchdogSwitchedOffLaterIsReportedAtThatLine() throws Exception {
        String text = fragment() + "dtparam=audio=on,watchdog=off\n";
        assertEquals(List.of(tmp.resolve("config.txt") + ":" + lineOf(text, "dtparam=audio=on,watchdog=off")
                + ": dtparam=audio=on,watchdog=off: the hardware watchdog is off, so a hung Pi stays hung"), check(text));
    }

    @Test
    void anOutputDrivenOnAtBootIsReported() throws Exception {
        List<String> d = check(fragment() + "gpio=5=op,dh\n");
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).endsWith(": gpio=5=op,dh drives pin 5 (output siren-1) at its active level from power-up: "
                + "it is on until the gateway starts"), d.get(0));
    }

    @Test
    void anInputMadeAnOutputIsReported() throws Exception {
        List<String> d = check(fragment() + "gpio=25=op\n");
        assertEquals(List.of(tmp.resolve("config.txt") + ":" + (fragment().lines().count() + 1)
                + ": gpio=25=op makes pin 25 (input silence, active-low) an output: it must be an input"), d);
    }

    @Test
    void pinsClaimedByOverlaysAndInterfacesAreReported() throws Exception {
        String text = fragment() + """
                dtoverlay=gpio-shutdown,gpio_pin=17
                dtparam=i2s=on
                dtoverlay=gpio-fan
                dtparam=gpiopin=13
                dtoverlay=w1-gpio
                dtparam=spi=on
                """;
        List<String> d = check(text);
        String f = tmp.resolve("config.txt").toString();
        assertEquals(List.of(
                f + ":" + lineOf(text, "dtoverlay=gpio-shutdown,gpio_pin=17") + ": dtoverlay=gpio-shutdown (gpio_pin=17)"
                        + " claims pin 17, which the profile wires as input panic-1",
                f + ":" + lineOf(text, "dtoverlay=gpio-fan") + ": dtoverlay=gpio-fan (gpiopin=13) claims pin 13, which "
                        + "the profile wires as output led-ack",
                f + ":" + lineOf(text, "dtparam=i2s=on") + ": dtparam=i2s=on claims pin 19, which the profile wires as "
                        + "output led-uplink"), d, "w1-gpio (pin 4) and spi (7..11) take no pin of this post");
    }

    @Test
    void linesForOtherBoardsDoNotCountAndThoseForAPi4OrPi5Do() throws Exception {
        assertEquals(List.of(), check(fragment() + "[pi3]\ngpio=17=pd\n[none]\ndtparam=watchdog=off\n[all]\n"));
        assertEquals(1, check(fragment() + "[pi4]\ngpio=17=pd\n[all]\n").size());
        assertEquals(1, check(fragment() + "[pi5]\ngpio=17=pd\n[all]\n").size());
        assertEquals(1, check(fragment() + "[pi3]\n[all]\ngpio=17=pd\n").size(), "[all] ends the filter");
    }

    @Test
    void anIncludedFileIsReadInPlaceAndNamedInTheReport() throws Exception {
        Files.writeString(tmp.resolve("extra.txt"), "# site extras\ngpio=27=pd\n");
        List<String> d = check(fragment() + "include extra.txt\n");
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).startsWith(tmp.resolve("extra.txt") + ":2: gpio=27=pd gives pin 27 (input panic-2"), d.get(0));
    }

    @Test
    void aShutdownPinThePostAlreadyUsesIsRefusedAndNoneLeavesTheOverlayOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BootConfig.fragment(post, 17));
        assertTrue(e.getMessage().startsWith("pin 17 is input panic-1 in the profile"), e.getMessage());
        assertFalse(BootConfig.fragment(post, -1).contains("dtoverlay"));
        assertTrue(BootConfig.fragment(post, 26).contains("dtoverlay=gpio-shutdown,gpio_pin=26,"));
    }

    @Test
    void pinSetsReadAsTheFirmwareDoes() {
        assertEquals(List.of(3, 4, 6, 8), ConfigTxt.pins("3-4,6,8"));
        assertEquals(List.of(17), ConfigTxt.pins("17,x"));
    }
}
