package id.kentongan.alert;

/**
 * The constant parts of {@link CapJson}'s output, each written once by a {@link CapWriter} of its own
 * and then copied whole into every event's payload: what an info block says of its kind in its
 * language, its headline, the status block, the parameters' names. Under C1, the service's compiler,
 * this took an encoding from 8.4-9.4 us to 5.1-5.8 us (JMH {@code CapJsonBench}, 2026-12-02);
 * CapJsonBytesTest still compares every byte with Jackson's generator. Immutable; any thread.
 */
final class CapFragments {

    /** By {@code kind.ordinal() * 2 + (english ? 1 : 0)}: from {@code language} to {@code certainty}. */
    private static final byte[][] INFO_HEAD = new byte[AlertKind.values().length * 2][];
    private static final byte[][] HEADLINE = new byte[AlertKind.values().length * 2][];
    /** {@code status}, {@code msgType}, {@code scope} and {@code code}, by status and message type. */
    private static final byte[][][] STATUS = new byte[Event.CapStatus.values().length][Event.MsgType.values().length][];

    /** A parameter's {@code valueName} member. The bytes never leave this class: nothing can change them. */
    enum Parameter {
        VILLAGE("kentongan:village"), POST("kentongan:post"), SEQ("kentongan:seq"), BOOT("kentongan:boot"),
        KIND("kentongan:kind"), PRIORITY("kentongan:priority"), SOURCE("kentongan:source"),
        SOURCE_REF("kentongan:source-ref"), VALUE("kentongan:value"), CLOCK(CapJson.CLOCK_PARAMETER);

        private final byte[] valueName;

        Parameter(String name) {
            this.valueName = CapWriter.fragment(w -> w.field("valueName", name));
        }

        /** Writes {@code "valueName":"<name>"} as the next member. */
        void name(CapWriter w) {
            w.members(valueName);
        }
    }

    static {
        for (AlertKind k : AlertKind.values()) {
            for (boolean english : new boolean[] {false, true}) {
                INFO_HEAD[at(k, english)] = CapWriter.fragment(w -> {
                    w.field("language", english ? "en-US" : "id-ID");
                    w.startArray("category");
                    w.string(k.capCategory());
                    w.endArray();
                    w.field("event", k.wireName());
                    w.field("urgency", k.urgency());
                    w.field("severity", k.severity());
                    w.field("certainty", k.certainty());
                });
                HEADLINE[at(k, english)] = CapWriter.fragment(
                        w -> w.field("headline", english ? k.headlineEn() : k.headlineId()));
            }
        }
        for (Event.CapStatus status : Event.CapStatus.values()) {
            for (Event.MsgType type : Event.MsgType.values()) {
                STATUS[status.ordinal()][type.ordinal()] = CapWriter.fragment(w -> {
                    w.field("status", status.name());
                    w.field("msgType", type.name());
                    w.field("scope", "Public");
                    w.startArray("code");
                    w.string("kentongan/v1");
                    w.endArray();
                });
            }
        }
    }

    private CapFragments() {
    }

    /** Writes an info block's members from {@code language} to {@code certainty}. */
    static void infoHead(CapWriter w, AlertKind kind, boolean english) {
        w.members(INFO_HEAD[at(kind, english)]);
    }

    static void headline(CapWriter w, AlertKind kind, boolean english) {
        w.members(HEADLINE[at(kind, english)]);
    }

    /** Writes {@code status}, {@code msgType}, {@code scope} and {@code code}. */
    static void status(CapWriter w, Event.CapStatus status, Event.MsgType type) {
        w.members(STATUS[status.ordinal()][type.ordinal()]);
    }

    private static int at(AlertKind kind, boolean english) {
        return kind.ordinal() * 2 + (english ? 1 : 0);
    }
}
