package id.kentongan.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Arrays;

/**
 * What a Raspberry Pi's {@code config.txt} sets up at boot for the header's GPIO lines, as the firmware
 * reads it on a Pi 4 or a Pi 5: the hardware watchdog, each pin's {@code gpio=} function, pull and
 * drive, and the pins that overlays and interfaces claim. Only what the gateway's profile can disagree
 * with is read; everything else is left alone.
 *
 * <p>The firmware's rules followed here: later lines override earlier ones ({@code gpio=} is applied in
 * order); {@code include} reads another file in place; a section header selects what follows, and lines
 * under a model filter for other boards ({@code [pi3]}, {@code [pi0]}...) or under {@code [none]} are
 * skipped, while {@code [all]} ends every filter. Filters that depend on the moment ({@code [tryboot]},
 * {@code [gpio4=1]}, EDID, serial numbers) are taken as applying: a setting that may apply is checked.
 * A {@code dtparam=} after a {@code dtoverlay=} sets that overlay's parameter when the overlay has it.
 *
 * <p>Immutable once read; any thread.
 */
public final class ConfigTxt {

    /** Where a setting was read: file and 1-based line. */
    public record Where(Path file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** A pin claimed by an overlay or an interface, e.g. gpio-shutdown's gpio_pin. */
    public record Claim(int pin, String by, Where where) {
    }

    /** The last {@code gpio=} word of each kind for one pin. */
    public record PinSetting(String value, Where where) {
    }

    private static final Set<String> OTHER_MODELS = Set.of("pi0", "pi0w", "pi02", "pi1", "pi2", "pi3", "pi3+",
            "cm1", "cm3", "cm3+", "cm4s", "pi400+");
    private static final Set<String> OUR_MODELS = Set.of("pi4", "pi400", "cm4", "pi5", "pi500", "cm5");

    /** Overlays that take header pins: parameter name -> default pin (-1: none unless given). */
    private static final Map<String, Map<String, Integer>> OVERLAY_PINS = Map.ofEntries(
            Map.entry("gpio-shutdown", Map.of("gpio_pin", 3)),
            Map.entry("gpio-poweroff", Map.of("gpiopin", 26)),
            Map.entry("gpio-key", Map.of("gpio", 3)),
            Map.entry("gpio-led", Map.of("gpio", -1)),
            Map.entry("gpio-fan", Map.of("gpiopin", 12)),
            Map.entry("gpio-ir", Map.of("gpio_pin", 18)),
            Map.entry("gpio-ir-tx", Map.of("gpio_pin", 18)),
            Map.entry("w1-gpio", Map.of("gpiopin", 4)),
            Map.entry("w1-gpio-pullup", Map.of("gpiopin", 4)),
            Map.entry("dht11", Map.of("gpiopin", 4)),
            Map.entry("pwm", Map.of("pin", 18)),
            Map.entry("pwm-2chan", Map.of("pin", 18, "pin2", 19)),
            Map.entry("i2c-gpio", Map.of("i2c_gpio_sda", 23, "i2c_gpio_scl", 24)),
            Map.entry("spi1-1cs", Map.of("miso", 19, "mosi", 20, "sclk", 21, "cs0_pin", 18)),
            Map.entry("spi1-2cs", Map.of("miso", 19, "mosi", 20, "sclk", 21, "cs0_pin", 18, "cs1_pin", 17)),
            Map.entry("spi1-3cs", Map.of("miso", 19, "mosi", 20, "sclk", 21, "cs0_pin", 18, "cs1_pin", 17,
                    "cs2_pin", 16)),
            Map.entry("uart2", Map.of("tx", 0, "rx", 1)),
            Map.entry("uart3", Map.of("tx", 4, "rx", 5)),
            Map.entry("uart4", Map.of("tx", 8, "rx", 9)),
            Map.entry("uart5", Map.of("tx", 12, "rx", 13)));

    /** Base-DT interfaces and the header pins they take when on. */
    private static final Map<String, int[]> INTERFACE_PINS = Map.of(
            "i2c_arm", new int[] {2, 3}, "i2c", new int[] {2, 3}, "i2c1", new int[] {2, 3},
            "spi", new int[] {7, 8, 9, 10, 11}, "i2s", new int[] {18, 19, 20, 21});

    private final Path file;
    private Boolean watchdog;
    private Where watchdogWhere;
    private final Map<Integer, PinSetting> function = new HashMap<>();
    private final Map<Integer, PinSetting> pull = new HashMap<>();
    private final Map<Integer, PinSetting> drive = new HashMap<>();
    private final Map<String, List<Claim>> interfaces = new LinkedHashMap<>();
    private final List<Overlay> overlays = new ArrayList<>();

    private static final class Overlay {
        final String name;
        final Where where;
        final Map<String, String> params = new LinkedHashMap<>();

        Overlay(String name, Where where) {
            this.name = name;
            this.where = where;
        }
    }

    private ConfigTxt(Path file) {
        this.file = file;
    }

    /** Reads {@code file} and the files it includes. */
    public static ConfigTxt read(Path file) throws IOException {
        ConfigTxt c = new ConfigTxt(file);
        c.readFile(file, new Filter(), 0);
        return c;
    }

    /** Section state: whether the lines now being read apply to a Pi 4 or a Pi 5. */
    private static final class Filter {
        boolean otherModel;
        boolean none;
        Overlay scope;

        boolean applies() {
            return !otherModel && !none;
        }
    }

    private void readFile(Path f, Filter filter, int depth) throws IOException {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            Where where = new Where(f, i + 1, text);
            if (text.startsWith("[") && text.endsWith("]")) {
                section(text.substring(1, text.length() - 1).strip().toLowerCase(Locale.ROOT), filter);
                continue;
            }
            if (!filter.applies()) {
                continue;
            }
            if (text.startsWith("include ") && depth < 4) {
                Path inc = f.resolveSibling(text.substring("include ".length()).strip());
                if (Files.isRegularFile(inc)) {
                    readFile(inc, filter, depth + 1);
                }
                continue;
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = text.substring(eq + 1).strip();
            switch (key) {
                case "dtparam" -> dtparams(value, where, filter);
                case "dtoverlay" -> filter.scope = overlay(value, where);
                case "gpio" -> gpio(value, where);
                case "enable_uart" -> {
                    if (value.equals("1")) {
                        interfaces.put("uart", claims(new int[] {14, 15}, "enable_uart=1 (the serial port)", where));
                    } else {
                        interfaces.remove("uart");
                    }
                }
                default -> { }
            }
        }
    }

    private static void section(String f, Filter filter) {
        if (f.equals("all")) {
            filter.otherModel = false;
            filter.none = false;
        } else if (f.equals("none")) {
            filter.none = true;
        } else if (OUR_MODELS.contains(f)) {
            filter.otherModel = false;
        } else if (OTHER_MODELS.contains(f)) {
            filter.otherModel = true;
        }
        // [tryboot], [gpioN=x], [EDID=..], [0x<serial>], [HDMI:n], [partition=..]: may apply, so read on
    }

    private void dtparams(String value, Where where, Filter filter) {
        for (String assignment : value.split(",")) {
            int eq = assignment.indexOf('=');
            String name = (eq < 0 ? assignment : assignment.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "on" : assignment.substring(eq + 1).strip();
            if (filter.scope != null && OVERLAY_PINS.getOrDefault(filter.scope.name, Map.of()).containsKey(name)) {
                filter.scope.params.put(name, v);
                continue;
            }
            if (name.equals("watchdog")) {
                watchdog = on(v);
                watchdogWhere = where;
            } else if (INTERFACE_PINS.containsKey(name)) {
                if (on(v)) {
                    interfaces.put(name.startsWith("i2c") ? "i2c" : name, claims(INTERFACE_PINS.get(name),
                            "dtparam=" + name + "=" + v, where));
                } else {
                    interfaces.remove(name.startsWith("i2c") ? "i2c" : name);
                }
            }
        }
    }

    private static List<Claim> claims(int[] pins, String by, Where where) {
        return Arrays.stream(pins).mapToObj(p -> new Claim(p, by, where)).toList();
    }

    private static boolean on(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "okay", "1", "" -> true;
            default -> false;
        };
    }

    private Overlay overlay(String value, Where where) {
        if (value.isEmpty()) {
            return null; // 'dtoverlay=' ends the overlay's parameter scope
        }
        String[] parts = value.split("[,:]");
        Overlay o = new Overlay(parts[0].strip().toLowerCase(Locale.ROOT), where);
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            o.params.put((eq < 0 ? parts[i] : parts[i].substring(0, eq)).strip().toLowerCase(Locale.ROOT),
                    eq < 0 ? "on" : parts[i].substring(eq + 1).strip());
        }
        overlays.add(o);
        return o;
    }

    private void gpio(String value, Where where) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            return;
        }
        List<Integer> pins = pins(value.substring(0, eq));
        for (String word : value.substring(eq + 1).split(",")) {
            String w = word.strip().toLowerCase(Locale.ROOT);
            Map<Integer, PinSetting> target = switch (w) {
                case "ip", "op", "a0", "a1", "a2", "a3", "a4", "a5" -> function;
                case "pu", "pd", "pn", "np" -> pull;
                case "dh", "dl" -> drive;
                default -> null;
            };
            if (target != null) {
                String v = w.equals("np") ? "pn" : w;
                pins.forEach(p -> target.put(p, new PinSetting(v, where)));
            }
        }
    }

    /** "3-4,6,8" as pins; what is not a number is skipped. */
    static List<Integer> pins(String set) {
        List<Integer> out = new ArrayList<>();
        for (String part : set.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-');
                if (dash > 0) {
                    for (int n = Integer.parseInt(p.substring(0, dash)); n <= Integer.parseInt(p.substring(dash + 1)); n++) {
                        out.add(n);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                // not a pin: the firmware ignores it too
            }
        }
        return out;
    }

    public Path file() {
        return file;
    }

    /** {@code true} on, {@code false} off, {@code null} when no line sets it (the firmware's default: off). */
    public Boolean watchdog() {
        return watchdog;
    }

    public Where watchdogWhere() {
        return watchdogWhere;
    }

    /** The last {@code gpio=} function ({@code ip}, {@code op}, {@code a0}..{@code a5}) for {@code pin}, or null. */
    public PinSetting function(int pin) {
        return function.get(pin);
    }

    /** The last {@code gpio=} pull ({@code pu}, {@code pd}, {@code pn}) for {@code pin}, or null. */
    public PinSetting pull(int pin) {
        return pull.get(pin);
    }

    /** The last {@code gpio=} drive ({@code dh}, {@code dl}) for {@code pin}, or null. */
    public PinSetting drive(int pin) {
        return drive.get(pin);
    }

    /** Every header pin an overlay or an interface claims, in file order. */
    public List<Claim> claims() {
        List<Claim> out = new ArrayList<>();
        for (Overlay o : overlays) {
            Map<String, Integer> known = OVERLAY_PINS.get(o.name);
            if (known == null) {
                continue;
            }
            known.forEach((param, dflt) -> {
                String given = o.params.get(param);
                int pin = dflt;
                if (given != null) {
                    try {
                        pin = Integer.parseInt(given);
                    } catch (NumberFormatException e) {
                        pin = -1;
                    }
                }
                if (pin >= 0) {
                    out.add(new Claim(pin, "dtoverlay=" + o.name + " (" + param + "=" + pin + ")", o.where));
                }
            });
        }
        interfaces.values().forEach(out::addAll);
        return out;
    }
}
