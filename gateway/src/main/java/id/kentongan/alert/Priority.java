package id.kentongan.alert;

import java.util.Locale;

/**
 * Priority classes, highest first. The ordinal is the order in which the uplink delivers a backlog
 * and the order in which the inbox is drained; it is also what the journal stores.
 * Immutable; any thread.
 */
public enum Priority {
    /** Panic, fire, flood: someone may be in danger now. Never dropped, never delayed by anything below. */
    LIFE_SAFETY,
    /** Intrusion, tamper. */
    SECURITY,
    /** The system watching itself: node silent, power lost, uplink lost, siren silenced. */
    SUPERVISION,
    /** Levels and heartbeats. The only class that may be coalesced under pressure. */
    TELEMETRY;

    private static final Priority[] BY_ORDINAL = values();

    /** The name used in the site profile and on the wire, e.g. {@code life-safety}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
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
