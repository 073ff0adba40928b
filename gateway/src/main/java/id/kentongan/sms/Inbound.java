package id.kentongan.sms;

import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What residents and people send back, turned into inputs for the dispatch loop: an {@code OK} from a
 * person of the register becomes a {@link Input.Reply} (the loop decides whether they are listed for the
 * alarm). Anything else, from anyone, changes nothing but a counter: an {@code OK} from a number the
 * register does not have, a message not understood, a flood. Nothing here sounds anything. Numbers are
 * looked up, never logged. The {@code kentongan-sms} thread only; {@link #counts} from any thread.
 */
public final class Inbound implements SmsGateway.Replies {

    private static final Logger log = LoggerFactory.getLogger(Inbound.class);

    private final Directory directory;
    private final Inbox loop;
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    public Inbound(Directory directory, Inbox loop) {
        this.directory = directory;
        this.loop = loop;
    }

    @Override
    public void received(String modem, String sender, String text) {
        String number = PhoneNumber.normalise(sender, directory.countryCode());
        Directory.Entry who = number == null ? null : directory.byNumber(number);
        switch (Grammar.parse(text)) {
            case Grammar.Ok ok -> {
                if (who == null || !who.person()) {
                    count(who == null ? "unknown-number" : "not-understood", number);
                } else if (loop.offer(new Input.Reply(who.key(), who.role(), ok.alarm()))) {
                    count("acks", null);
                } else {
                    count("inbox-full", number);
                }
            }
            case Grammar.Lapor lapor -> count(who == null ? "unknown-number" : "not-understood", number);
            case Grammar.NotUnderstood n -> count("not-understood", number);
        }
    }

    private void count(String what, String number) {
        long n = counts.merge(what, 1L, Long::sum);
        if (number != null && Long.bitCount(n) == 1) { // the 1st, 2nd, 4th...: a flood cannot fill the log
            log.info("sms: a message from {}: {} ({} so far)", PhoneNumber.mask(number), what, n);
        }
    }

    /** Any thread: what came in, by outcome ({@code acks}, {@code reports}) and refusal reason. */
    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }
}
