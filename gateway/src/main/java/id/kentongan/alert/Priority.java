package id.kentongan.alert;

import java.util.Locale;

/**
 * Priority classes, highest first. The ordinal is what the journal stores, and the order in which the
 * uplink delivers a backlog: whatever the journal holds undelivered after an outage or a restart goes
 * out by class, then by sequence. It does not order the dispatch loop's inbox: GPIO edges go first
 * there, in a lane of their own, and every other input is first come, first served; a full inbox
 * refuses an input of any class, and counts it. Immutable; any thread.
 */
public enum Priority {
    /**
     * Panic, fire, flood: someone may be in danger now. Held open and published again until a centre
     * acknowledges it; first in a backlog.
     */
    LIFE_SAFETY,
    /** Intrusion, tamper: held open and published again until acknowledged, as life-safety is. */
    SECURITY,
    /** The system watching itself: node silent, power lost, uplink lost, siren silenced. */
    SUPERVISION,
    /**
     * Levels, door contacts, heartbeats: never sounds and is never held open. Each event is journaled
     * and published like any other (none is coalesced or dropped), on its own topic, and last in a backlog.
     */
    TELEMETRY;

    private static final Priority[] BY_ORDINAL = values();

    /** Made once: the encoder and the loop's level read it for every event. */
    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The name used in the site profile and on the wire, e.g. {@code life-safety}. */
    public String wireName() {
        return wireName;
    }

    public static Priority ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }

    /** @return the class named {@code name} in wire form, or {@code null} if there is none */
    public static Priority fromWireName(String name) {
        for (Priority p : BY_ORDINAL) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public boolean isAlert() {
        return this != TELEMETRY;
    }

    /** Life-safety and security: what sounds, what a centre acknowledges, and what is published again until it does. */
    public boolean isAlarm() {
        return this == LIFE_SAFETY || this == SECURITY;
    }
}
