package id.kentongan.hardware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The card reader at the post: a PC/SC reader through {@code javax.smartcardio} (the JDK's own API, talking
 * to {@code pcscd}). For each card presented it reads the card's UID with the PC/SC pseudo-APDU GET DATA
 * ({@code FF CA 00 00 00}, which the reader answers itself for contactless cards), checks it (4, 7 or 10
 * bytes, status word {@code 9000}) and gives it to the listener as upper-case hex. A card held on the reader
 * is one call; it has to leave the reader before it counts again. A refused read (a bad length, an error
 * status, a card pulled away mid-read) is counted by reason and logged, once per presentation.
 *
 * <p>A post without a reader, without {@code pcscd}, or without the PC/SC library runs as before: the
 * reason is logged once and looked at again every few seconds, so a reader plugged in later (or unplugged
 * and plugged back) is found. One thing PC/SC cannot do from Java: the JDK keeps one PC/SC context for the
 * whole process, so after {@code pcscd} itself restarts the reader stays lost until the gateway restarts
 * (logged once as such).
 *
 * <p>Threads: the reader is watched on its own daemon thread {@code kentongan-card}, which calls the
 * listener (the listener must only hand over, e.g. offer to the inbox); {@link #start} and {@link #close}
 * from the owner; {@link #state}, {@link #problem} and {@link #refused} from any thread.
 */
public final class CardReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CardReader.class);

    /** PC/SC "get UID" (PC/SC part 3, 3.2.2.1.3): answered by the reader, not the card. */
    private static final CommandAPDU GET_UID = new CommandAPDU(0xFF, 0xCA, 0x00, 0x00, 256);
    private static final int SW_OK = 0x9000;
    /** How long one wait on the reader lasts, so that {@link #close} is seen within it. */
    private static final long WAIT_MS = 250;

    /** Gets one card's UID, upper-case hex (8, 14 or 20 digits). */
    @FunctionalInterface
    public interface Listener {
        void card(String uid);
    }

    /** Why a card's read was refused. */
    public enum Refusal {
        /** the UID is not 4, 7 or 10 bytes */
        UID_LENGTH,
        /** the reader answered GET DATA with a status other than 9000 */
        APDU_STATUS,
        /** the card could not be connected or read (pulled away, a protocol error) */
        CARD_ERROR;

        /** The wire name, as in the metrics and the status: {@code uid-length}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Where the watch stands. */
    public enum State { STOPPED, NO_PCSC, NO_READER, READY }

    private final String readerName;
    private final Listener listener;
    private final long retryMillis;
    private final AtomicLongArray refused = new AtomicLongArray(Refusal.values().length);
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile State state = State.STOPPED;
    private volatile String problem = "";
    private volatile String reader = "";
    private Thread thread;
    // on kentongan-card only
    private String logged = "";
    private boolean pcscSeen;

    /**
     * @param readerNameOrEmpty the reader to watch: empty for the first one listed, otherwise the first whose
     *                          PC/SC name contains this text (a post with two readers names one)
     */
    public CardReader(String readerNameOrEmpty, Listener listener) {
        this(readerNameOrEmpty, listener, Duration.ofSeconds(2));
    }

    CardReader(String readerNameOrEmpty, Listener listener, Duration retry) {
        this.readerName = readerNameOrEmpty == null ? "" : readerNameOrEmpty.strip();
        this.listener = listener;
        this.retryMillis = retry.toMillis();
    }

    /** Starts watching on {@code kentongan-card}; returns at once, whether or not a reader is there. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        PcscLibrary.configure();
        running = true;
        thread = new Thread(this::watch, "kentongan-card");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where the watch stands now. */
    public State state() {
        return state;
    }

    /** Why there is no reader to watch (empty while {@link State#READY}), for the status and the CLI. */
    public String problem() {
        return problem;
    }

    /** The PC/SC name of the reader being watched, empty if none. */
    public String readerName() {
        return reader;
    }

    /** Reads refused for this reason since start. */
    public long refused(Refusal reason) {
        return refused.get(reason.ordinal());
    }

    /** Every reason's count, in the enum's order. */
    public Map<Refusal, Long> refusals() {
        Map<Refusal, Long> m = new EnumMap<>(Refusal.class);
        for (Refusal r : Refusal.values()) {
            m.put(r, refused(r));
        }
        return m;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        if (t != null) {
            try {
                t.join(WAIT_MS * 8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state = State.STOPPED;
    }

    private void watch() {
        while (running) {
            try {
                TerminalFactory factory = factory();
                CardTerminal terminal = factory == null ? null : terminal(factory);
                if (terminal != null) {
                    reader = terminal.getName();
                    state = State.READY;
                    problem = "";
                    note("card reader " + reader + " ready");
                    watch(terminal);
                }
            } catch (RuntimeException e) { // the provider's bug must not end the watch
                LOG.warn("card reader: {}", e.toString(), e);
            }
            reader = "";
            pause();
        }
    }

    /** The PC/SC factory, or null (state and problem set) when PC/SC is not there. */
    private TerminalFactory factory() {
        try {
            TerminalFactory f = TerminalFactory.getInstance("PC/SC", null);
            pcscSeen = true;
            return f;
        } catch (NoSuchAlgorithmException e) {
            String cause = e.getCause() == null ? String.valueOf(e.getMessage()) : e.getCause().getMessage();
            String why = cause != null && cause.contains("SCARD_E_NO_SERVICE")
                    ? "pcscd is not running (PC/SC: SCARD_E_NO_SERVICE)"
                    : "no PC/SC library (install pcscd and libpcsclite1, or set -D" + PcscLibrary.PROPERTY
                    + "): " + cause;
            unavailable(State.NO_PCSC, why);
            return null;
        }
    }

    private CardTerminal terminal(TerminalFactory factory) {
        List<CardTerminal> list;
        try {
            list = factory.terminals().list();
        } catch (CardException e) {
            unavailable(State.NO_PCSC, pcscSeen
                    ? "PC/SC lost (pcscd stopped or restarted): the card reader comes back when the gateway restarts"
                    : "PC/SC: " + e.getMessage());
            return null;
        }
        for (CardTerminal t : list) {
            if (readerName.isEmpty() || t.getName().contains(readerName)) {
                return t;
            }
        }
        unavailable(State.NO_READER, readerName.isEmpty() ? "no card reader connected"
                : "no card reader named '" + readerName + "' (connected: " + list.stream().map(CardTerminal::getName)
                .toList() + ")");
        return null;
    }

    /** Watches one reader until it goes away or the reader is closed; one read per presentation. */
    private void watch(CardTerminal terminal) {
        try {
            while (running) {
                if (!terminal.waitForCardPresent(WAIT_MS)) {
                    continue;
                }
                read(terminal);
                while (running && !terminal.waitForCardAbsent(WAIT_MS)) {
                    // held on the reader: one call, not a stream
                }
            }
        } catch (CardException e) {
            unavailable(State.NO_READER, "card reader " + terminal.getName() + " gone: " + e.getMessage());
        }
    }

    private void read(CardTerminal terminal) {
        String uid;
        try {
            Card card = terminal.connect("*");
            try {
                ResponseAPDU r = card.getBasicChannel().transmit(GET_UID);
                uid = uid(r);
            } finally {
                card.disconnect(false);
            }
        } catch (CardException e) {
            refuse(Refusal.CARD_ERROR, "card could not be read: " + e.getMessage());
            return;
        }
        if (uid != null) {
            try {
                listener.card(uid);
            } catch (RuntimeException e) { // the listener's bug: this tap is lost, the next one is read
                LOG.warn("card reader: the listener failed on card {}: {}", uid, e.toString(), e);
            }
        }
    }

    /** The UID, or null with the refusal counted. */
    private String uid(ResponseAPDU r) {
        if (r.getSW() != SW_OK) {
            refuse(Refusal.APDU_STATUS, String.format("GET DATA (UID) answered %04X, not 9000", r.getSW()));
            return null;
        }
        int n = r.getNr();
        if (n != 4 && n != 7 && n != 10) {
            refuse(Refusal.UID_LENGTH, "a UID of " + n + " bytes (4, 7 or 10 expected)");
            return null;
        }
        return HexFormat.of().withUpperCase().formatHex(r.getData());
    }

    private void refuse(Refusal reason, String why) {
        refused.incrementAndGet(reason.ordinal());
        LOG.warn("card reader: refused a card ({}): {}", reason.wire(), why);
    }

    private void unavailable(State s, String why) {
        state = s;
        problem = why;
        note("card reader: " + why + "; the post runs without it and looks again every "
                + (retryMillis / 1000.0) + " s");
    }

    /** Logs a change of condition once: a post without a reader says so once, not every few seconds. */
    private void note(String line) {
        if (!line.equals(logged)) {
            logged = line;
            LOG.info(line);
        }
    }

    private void pause() {
        synchronized (wake) {
            if (running) {
                try {
                    wake.wait(retryMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
