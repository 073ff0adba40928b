package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Priority;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The profile's {@code sms} section: the modems, who is told what, and the phone tree. People are named
 * by their key in the register; their numbers are never in the profile. A post without the section
 * has no SMS at all. Immutable; any thread.
 *
 * @param countryCode   what a national number ({@code 0812...}) in the register or from a sender becomes
 * @param maxParts      a resident's message takes at most this many SMS; past it, it is cut at a word
 * @param keepDays      how long the spool's archive of sent messages is kept
 * @param reach         which residents an alarm of each class reaches
 * @param phoneTree     per alarm kind, the levels paged while nobody has acknowledged it
 * @param duty          the centre's duty phone(s): each life-safety alarm by SMS while the uplink is lost
 * @param reportsPerHour reports one registered number may make in an hour; more are counted, not raised
 * @param ronda         who is texted when the night watch's post is unmanned (#14): the RT head, say
 */
public record SmsSettings(List<Modem> modems, String countryCode, int maxParts, int keepDays,
                          Map<Priority, Reach> reach, Map<AlertKind, List<Level>> phoneTree, List<String> duty,
                          int reportsPerHour, List<String> ronda) {

    public SmsSettings {
        modems = List.copyOf(modems);
        reach = Map.copyOf(reach);
        phoneTree = Map.copyOf(phoneTree);
        duty = List.copyOf(duty);
        ronda = List.copyOf(ronda);
    }

    /** Settings that text nobody about the night watch. */
    public SmsSettings(List<Modem> modems, String countryCode, int maxParts, int keepDays, Map<Priority, Reach> reach,
                       Map<AlertKind, List<Level>> phoneTree, List<String> duty, int reportsPerHour) {
        this(modems, countryCode, maxParts, keepDays, reach, phoneTree, duty, reportsPerHour, List.of());
    }

    /** Which residents an alarm reaches. */
    public enum Reach {
        /** None: the class goes to nobody by SMS. */
        NONE,
        /** The residents of the alert's zone. */
        OWN_ZONE,
        /** Every zone of the post, the alert's own zone first. */
        ALL_ZONES
    }

    /**
     * One level of the phone tree.
     *
     * @param after  how long after the alarm this level is paged, if nobody has acknowledged it by then
     * @param people register keys of the people paged
     */
    public record Level(Duration after, List<String> people) {
        public Level {
            people = List.copyOf(people);
        }
    }

    /** Every register key the section names (the phone tree's people and the duty phones). */
    public java.util.Set<String> people() {
        java.util.Set<String> out = new java.util.TreeSet<>(duty);
        out.addAll(ronda);
        phoneTree.values().forEach(levels -> levels.forEach(l -> out.addAll(l.people())));
        return out;
    }
}
