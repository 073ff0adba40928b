package id.kentongan.sms;

import id.kentongan.config.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the daemons received: each message taken is passed to the {@link SmsGateway.Replies}, each one
 * refused (too long, unreadable, ...) is counted by reason and logged at the 1st, 2nd, 4th, 8th... so a
 * flood cannot fill the log; either way its files leave the daemon's inbox.
 *
 * <p>Threads: the {@code kentongan-sms} thread only.
 */
final class Received {

    private static final Logger log = LoggerFactory.getLogger(Received.class);

    private final SmsGateway.Replies replies;
    private final Map<String, Long> refused = new HashMap<>();
    private long received;

    Received(SmsGateway.Replies replies) {
        this.replies = replies;
    }

    /** Reads and empties {@code l}'s inbox. */
    void read(ModemLink l) {
        List<InboxReader.Message> got;
        try {
            got = l.inbox.read();
        } catch (IOException e) {
            l.lastError = "inbox: " + e.getMessage();
            return;
        }
        for (InboxReader.Message m : got) {
            switch (m) {
                case InboxReader.Taken t -> {
                    received++;
                    try {
                        replies.received(l.modem.id(), t.sender(), t.text());
                    } catch (RuntimeException e) {
                        log.error("sms: a received message could not be handled: {}", e.toString());
                    }
                }
                case InboxReader.Refused r -> {
                    String reason = r.reason().name().toLowerCase(Locale.ROOT);
                    long n = refused.merge(reason, 1L, Long::sum);
                    if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th...: a flood cannot fill the log
                        log.warn("sms: a message from {} refused ({}): {}; {} so far",
                                PhoneNumber.looksLikeNumber(r.sender()) ? PhoneNumber.mask(r.sender()) : "a sender",
                                reason, r.detail(), n);
                    }
                }
            }
            for (Path p : m.files()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    l.lastError = "inbox: " + e.getMessage();
                }
            }
        }
    }

    long received() {
        return received;
    }

    /** Refused messages by reason, a copy. */
    Map<String, Long> refused() {
        return Map.copyOf(refused);
    }
}
