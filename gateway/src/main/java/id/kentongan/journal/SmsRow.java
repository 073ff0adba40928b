package id.kentongan.journal;

import id.kentongan.alert.Priority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One SMS to one person, as the journal keeps it: made in the same transaction as the event that
 * causes it, keyed by ({@code key}, {@code recipient}) so that a retried batch, a restart or a second
 * event for the same alert never makes a second message to the same person. The recipient is a
 * register key, never a number: the number is looked up when the message is handed to the modem.
 * Immutable; any thread.
 *
 * @param key       what the message is about: the causing event's identifier, or an alert's identifier with
 *                  a suffix ({@code #page}, {@code #duty}) when several events may ask for the same message
 * @param recipient the person's key in the register
 * @param seq       the causing event's sequence number
 * @param priority  the class it is handed over in: life-safety first
 * @param rank      within a class: 0 the phone tree's people and the centre's duty phone, 1 residents of the
 *                  alert's own zone, 2 residents of other zones
 * @param purpose   {@code resident}, {@code page}, {@code duty}, {@code reply}, {@code all-clear}
 * @param text      the message, already fitted to its parts
 * @param handle    16 hex digits fixed by key and recipient: the daemon's file is named by it
 */
public record SmsRow(String key, String recipient, long seq, Priority priority, int rank, String purpose,
                     String text, String handle) {

    /** Where a message is: the order is the order it moves in, and a mark never moves one back. */
    public enum State { QUEUED, HANDED, SENT, FAILED, CANCELLED }

    public SmsRow(String key, String recipient, long seq, Priority priority, int rank, String purpose, String text) {
        this(key, recipient, seq, priority, rank, purpose, text, handle(key, recipient));
    }

    /** The first 64 bits of SHA-256 over key and recipient, in hex. */
    public static String handle(String key, String recipient) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(key.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(recipient.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * A message waiting to be handed over, as the SMS part pages it from the journal.
     *
     * @param id the row's own number: the order of rows made by one event
     */
    public record Waiting(long id, String handle, String recipient, Priority priority, int rank, long seq,
                          String purpose, String text) {
    }

    /** A mark that became durable: the message {@code handle} is now in {@code state}. */
    public record Marked(String handle, State state) {
    }
}
