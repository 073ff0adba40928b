package id.kentongan.hardware;

import id.kentongan.config.SiteProfile;
import id.kentongan.config.SiteProfile.InputSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.config.SiteProfile.Pull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Raspberry Pi boot configuration a post needs, made from its site profile: the lines for
 * {@code config.txt} (hardware watchdog, every input at its resting pull and every output held off from
 * power-up, a shutdown button), and the places where a Pi's {@code config.txt} disagrees with the
 * profile. The firmware applies these seconds after power-up, long before the gateway claims the lines,
 * and they hold whenever the gateway is not running.
 *
 * <p>Stateless; any thread.
 */
public final class BootConfig {

    /** GPIO3: pulling it low also wakes a halted Pi 4, so one button shuts down and starts again. */
    public static final int DEFAULT_SHUTDOWN_PIN = 3;

    /** How long the shutdown button must be held, in ms: a knock or a child's finger must not silence the post. */
    static final int SHUTDOWN_HOLD_MS = 3000;

    private BootConfig() {
    }

    /**
     * The lines to append to {@code config.txt} for this post.
     *
     * @param shutdownPin BCM pin of the shutdown button, or -1 for none
     * @throws IllegalArgumentException if the profile wires {@code shutdownPin} to an input or output
     */
    public static String fragment(SiteProfile profile, int shutdownPin) {
        String user = userOf(profile, shutdownPin);
        if (user != null) {
            throw new IllegalArgumentException("pin " + shutdownPin + " is " + user
                    + " in the profile: choose another shutdown pin (--shutdown-pin N) or none (--shutdown-pin -1)");
        }
        StringBuilder b = new StringBuilder();
        b.append("# Kentongan: boot configuration of post ").append(profile.post().village()).append('/')
                .append(profile.post().id()).append(", from ").append(profile.source().getFileName()).append(".\n");
        b.append("# Append to /boot/firmware/config.txt and reboot; 'kentongan boot-config' then checks it.\n");
        b.append("# Pins are BCM GPIO numbers.\n");
        b.append("[all]\n");
        b.append("# Hardware watchdog: resets a hung Pi, so that a post that froze comes back by itself.\n");
        b.append("# It acts once something feeds it: systemd does, with RuntimeWatchdogSec= in system.conf.\n");
        b.append("dtparam=watchdog=on\n");
        Map<String, List<InputSpec>> byPull = new LinkedHashMap<>();
        for (InputSpec in : profile.inputs()) {
            byPull.computeIfAbsent(pullWord(in.pull()), k -> new ArrayList<>()).add(in);
        }
        if (!byPull.isEmpty()) {
            b.append("# Inputs at rest from power-up, before the gateway claims them and whenever it is not running:\n");
            b.append("# a button to ground needs its pull-up, or it floats or reads as pressed.\n");
            byPull.forEach((pull, ins) -> {
                b.append("# ").append(ins.stream().map(InputSpec::id).collect(Collectors.joining(", "))).append('\n');
                b.append("gpio=").append(ins.stream().map(i -> String.valueOf(i.pin())).collect(Collectors.joining(",")))
                        .append("=ip,").append(pull).append('\n');
            });
        }
        Map<String, List<OutputSpec>> byDrive = new LinkedHashMap<>();
        for (OutputSpec out : profile.outputs()) {
            byDrive.computeIfAbsent(out.activeHigh() ? "dl" : "dh", k -> new ArrayList<>()).add(out);
        }
        if (!byDrive.isEmpty()) {
            b.append("# Outputs held off from power-up until the gateway drives them: a floating or pulled-up\n");
            b.append("# line can be taken as 'on' by a relay board, and a siren must not chirp at every boot.\n");
            byDrive.forEach((drive, outs) -> {
                b.append("# ").append(outs.stream().map(OutputSpec::id).collect(Collectors.joining(", "))).append('\n');
                b.append("gpio=").append(outs.stream().map(o -> String.valueOf(o.pin())).collect(Collectors.joining(",")))
                        .append("=op,").append(drive).append('\n');
            });
        }
        if (shutdownPin >= 0) {
            b.append("# Shutdown button (to ground, inside the enclosure), held ").append(SHUTDOWN_HOLD_MS / 1000)
                    .append(" s: a clean power-off, journal closed\n");
            b.append("# and SD card safe, before the power is cut. gpio-shutdown, not gpio-poweroff: the post needs\n");
            b.append("# a way to ask for a shutdown; gpio-poweroff only signals a power controller after one.\n");
            if (shutdownPin == DEFAULT_SHUTDOWN_PIN) {
                b.append("# On GPIO3 (header pin 5, beside ground on pin 6) the same button starts a halted Pi 4 again.\n");
            }
            b.append("dtoverlay=gpio-shutdown,gpio_pin=").append(shutdownPin)
                    .append(",active_low=1,gpio_pull=up,debounce=").append(SHUTDOWN_HOLD_MS).append('\n');
            b.append("# End the overlay's parameter scope, so that a dtparam= added below sets the base again.\n");
            b.append("dtoverlay=\n");
        }
        return b.toString();
    }

    private static String pullWord(Pull pull) {
        return switch (pull) {
            case UP -> "pu";
            case DOWN -> "pd";
            case OFF -> "pn";
        };
    }

    private static String pullName(String word) {
        return switch (word) {
            case "pu" -> "pull-up";
            case "pd" -> "pull-down";
            default -> "no pull";
        };
    }

    /** "input panic-1" or "output siren-1" for a pin the profile wires, else null. */
    private static String userOf(SiteProfile profile, int pin) {
        for (InputSpec in : profile.inputs()) {
            if (in.pin() == pin) {
                return "input " + in.id();
            }
        }
        for (OutputSpec out : profile.outputs()) {
            if (out.pin() == pin) {
                return "output " + out.id();
            }
        }
        return null;
    }

    /**
     * Every place where {@code config} disagrees with the profile, one line each, as
     * {@code file:line: reason} (or {@code file: reason} for what is missing). Empty when they agree.
     */
    public static List<String> disagreements(SiteProfile profile, ConfigTxt config) {
        List<String> out = new ArrayList<>();
        String file = config.file().toString();
        if (config.watchdog() == null) {
            out.add(file + ": no dtparam=watchdog=on: the hardware watchdog is off, so a hung Pi stays hung");
        } else if (!config.watchdog()) {
            out.add(config.watchdogWhere() + ": " + config.watchdogWhere().text()
                    + ": the hardware watchdog is off, so a hung Pi stays hung");
        }
        for (InputSpec in : profile.inputs()) {
            String what = "pin " + in.pin() + " (input " + in.id() + ", " + kind(in) + ")";
            ConfigTxt.PinSetting fn = config.function(in.pin());
            if (fn != null && !fn.value().equals("ip")) {
                out.add(fn.where() + ": " + fn.where().text() + " makes " + what + " "
                        + (fn.value().equals("op") ? "an output" : "alternate function " + fn.value())
                        + ": it must be an input");
            }
            String want = pullWord(in.pull());
            ConfigTxt.PinSetting pull = config.pull(in.pin());
            if (pull == null) {
                out.add(file + ": " + what + " has no gpio= pull: until the gateway starts it rests at the chip's "
                        + "default, not the profile's " + pullName(want) + " (add gpio=" + in.pin() + "=ip," + want + ")");
            } else if (!pull.value().equals(want)) {
                out.add(pull.where() + ": " + pull.where().text() + " gives " + what + " " + pullName(pull.value())
                        + consequence(in, pull.value()) + "; the profile wants " + pullName(want));
            }
        }
        for (OutputSpec o : profile.outputs()) {
            String what = "pin " + o.pin() + " (output " + o.id() + ")";
            ConfigTxt.PinSetting fn = config.function(o.pin());
            ConfigTxt.PinSetting drive = config.drive(o.pin());
            String off = o.activeHigh() ? "dl" : "dh";
            if (fn != null && !fn.value().equals("op") && !fn.value().equals("ip")) {
                out.add(fn.where() + ": " + fn.where().text() + " gives " + what + " to alternate function "
                        + fn.value());
            } else if (fn != null && fn.value().equals("op") && drive != null && !drive.value().equals(off)) {
                out.add(drive.where() + ": " + drive.where().text() + " drives " + what
                        + " at its active level from power-up: it is on until the gateway starts");
            } else if (fn == null || !fn.value().equals("op") || drive == null) {
                out.add(file + ": " + what + " is not held off from power-up (add gpio=" + o.pin() + "=op," + off + ")");
            }
        }
        for (ConfigTxt.Claim c : config.claims()) {
            String user = userOf(profile, c.pin());
            if (user != null) {
                out.add(c.where() + ": " + c.by() + " claims pin " + c.pin() + ", which the profile wires as " + user);
            }
        }
        return out;
    }

    private static String kind(InputSpec in) {
        return in.activeHigh() ? "active-high" : "active-low";
    }

    private static String consequence(InputSpec in, String pull) {
        if (!in.activeHigh() && pull.equals("pd")) {
            return ", so the button reads as pressed until the gateway starts";
        }
        if (in.activeHigh() && pull.equals("pu")) {
            return ", so it reads as tripped until the gateway starts";
        }
        if (pull.equals("pn")) {
            return ", so it floats until the gateway starts";
        }
        return "";
    }
}
