package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the dispatch loop is told, as one closed family of immutable messages; the loop handles
 * them with one exhaustive switch. Any thread may make one and {@link Inbox#offer} it.
 */
public sealed interface Input {

    /**
     * A GPIO line changed.
     *
     * @param input  index of the input in {@link Site#inputs()}
     * @param active true if the line is now at its active (pressed, tripped) level
     * @param nanos  when the edge was seen, on the loop's nano clock
     */
    record Edge(int input, boolean active, long nanos) implements Input {
    }

    /** The uplink connected to a broker ({@code true}) or lost it. */
    record UplinkChanged(boolean connected) implements Input {
    }

    /** The broker PUBACKed the event {@code seq}: raised becomes delivered. */
    record Delivered(long seq) implements Input {
    }

    /**
     * A field node reported an event. The loop answers through {@code reply} on its own thread: the
     * journal sequence number the event has (a retry, recognised by node and {@code ref}, gets the
     * same one), after which the field adapter acknowledges it to the node once that row is durable.
     *
     * @param node  index into {@link Site#nodes()}
     * @param ref   the node's own name for the event ({@code boot/seq}), stable across its retries
     * @param value a reading, or {@code null}
     */
    record FieldEvent(int node, String ref, AlertKind kind, Double value, FieldReply reply, String card)
            implements Input {

        /** Any kind but a checkpoint visit, which carries the card tapped ({@code card}, uppercase hex). */
        public FieldEvent(int node, String ref, AlertKind kind, Double value, FieldReply reply) {
            this(node, ref, kind, value, reply, null);
        }
    }

    /**
     * A card was tapped on the reader at the post (the night watch, #14): a guard signing on, or off, or
     * visiting the post as a checkpoint. The reader has bounded it already.
     *
     * @param card the card's UID in uppercase hex; the loop knows guards by it, never prints it
     */
    record CardTap(String card) implements Input {
    }

    /**
     * A guard of the register texted {@code RONDA} (#14): signs them on, or off if they are on.
     *
     * @param guard their short name (the register's key), never their number
     */
    record RondaText(String guard) implements Input {
    }

    /** A field node is alive; it may report a low battery or an opened case. */
    record Heartbeat(int node, boolean batteryLow, boolean tamper, long nanos) implements Input {
    }

    /**
     * A command from the command centre, already authenticated (signature, freshness, nonce) by the
     * uplink. The loop answers through {@code reply} on its own thread.
     *
     * @param refs    identifiers of the alerts it concerns (ack, all-clear; empty: all open alerts)
     * @param kind    what to raise (alert, test, drill), or {@code null}
     * @param pattern pattern name to sound (alert), or {@code null} for the kind's usual one
     * @param zones   zones it is for (alert, test, drill; empty: the whole village)
     * @param issuer  the centre's key id, named as the source of what it raises
     */
    record Command(Verb verb, List<String> refs, AlertKind kind, String pattern,
                   List<String> zones, String issuer, CommandReply reply) implements Input {

        public Command {
            refs = List.copyOf(refs);
            zones = List.copyOf(zones);
        }

        /** What the centre asks. */
        public enum Verb {
            ACK, ALL_CLEAR, SILENCE, ALERT, TEST, DRILL,
            /** A resident's report ({@code refs}: its number) is true: raise its alarm, with its siren. */
            REPORT_CONFIRM,
            /** A resident's report ({@code refs}: its number) is not: close it. */
            REPORT_DISMISS
        }
    }

    /**
     * A person of the phone tree replied {@code OK} by SMS (#13). It may acknowledge an alarm; it never
     * sounds anything.
     *
     * @param person   their register key (never their number)
     * @param role     what the acknowledgement names them, e.g. {@code Ketua RT 03}
     * @param alarmSeq the alarm's short number if the reply named one ({@code OK 17}), else -1
     */
    record Reply(String person, String role, long alarmSeq) implements Input {
    }

    /**
     * A resident of the register reported by SMS ({@code LAPOR}, #13). It is journaled and published as a
     * report, held for the guard to confirm or dismiss; it never sounds anything by itself.
     *
     * @param reporter their register key (never their number)
     * @param zone     the zone the report names, else the reporter's
     * @param kind     {@code report}, {@code report-fire} or {@code report-flood}, by the words
     * @param words    what they wrote, bounded by the SMS side
     */
    record Report(String reporter, String zone, id.kentongan.alert.AlertKind kind, String words) implements Input {
    }

    /** The gateway noticed something about itself worth a supervision alert (a damaged journal). */
    record Notice(AlertKind kind, String source) implements Input {
    }

    /** Run the sirens' circuit test now ({@code kentongan selftest}, #16); answered when it ends. */
    record SelfTestNow(CommandReply reply) implements Input {
    }

    /** Someone wants to see the loop's state; answered on the loop thread with a snapshot. */
    record StatusQuery(CompletableFuture<LoopStatus> reply) implements Input {
    }
}
