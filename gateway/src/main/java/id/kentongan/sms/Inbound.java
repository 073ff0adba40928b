package id.kentongan.sms;

import id.kentongan.config.Directory;
import id.kentongan.config.PhoneNumber;
import id.kentongan.dispatch.Inbox;
import id.kentongan.dispatch.Input;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import id.kentongan.alert.AlertKind;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What residents and people send back, turned into inputs for the dispatch loop: an {@code OK} from a
 * person of the register becomes a {@link Input.Reply} (the loop decides whether they are listed for the
 * alarm); a {@code RONDA} from a guard of the register's {@code guards} becomes a {@link Input.RondaText}
 * (sign on, or off), at most six an hour; a {@code LAPOR} from anyone in the register becomes a {@link Input.Report}, at most so many an
 * hour per number. A {@code LAPOR} from a number the register does not have is held here for the guard to
 * read (masked, the newest twenty, one per number every ten minutes), never raised and never answered: a
 * reply is what an SMS flood would turn into cost. Anything else changes nothing but a counter. Nothing
 * here sounds anything. Numbers are looked up, never logged whole.
 *
 * <p>Threads: the {@code kentongan-sms} thread; {@link #counts} and {@link #held} from any thread.
 */
public final class Inbound implements SmsGateway.Replies {

    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    static final int MAX_HELD = 20;
    private static final long HOUR = 3_600_000_000_000L;
    private static final long HELD_EVERY = 600_000_000_000L;
    private static final int REMEMBERED_SENDERS = 1000;
    /** Sign-ons and sign-offs a guard may text an hour: a shift has two; a phone stuck in a loop, not more. */
    static final int RONDA_PER_HOUR = 6;

    /** A report from a number the register does not have, as the guard sees it. */
    public record Held(String from, String words, long atMillis) {
    }

    private final Directory directory;
    private final Inbox loop;
    private final List<String> zones;
    private final String postZone;
    private final int perHour;
    private final LongSupplier nanos;
    private final LongSupplier millis;
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    /** Recent report times per sender (register key or number), oldest senders forgotten first. */
    private final LinkedHashMap<String, ArrayDeque<Long>> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
            return size() > REMEMBERED_SENDERS;
        }
    };
    private volatile List<Held> held = List.of();

    public Inbound(Directory directory, Inbox loop, List<String> zones, String postZone, int perHour,
                   LongSupplier nanos, LongSupplier millis) {
        this.directory = directory;
        this.loop = loop;
        this.zones = List.copyOf(zones);
        this.postZone = postZone;
        this.perHour = perHour;
        this.nanos = nanos;
        this.millis = millis;
    }

    @Override
    public void received(String modem, String sender, String text) {
        String number = PhoneNumber.normalise(sender, directory.countryCode());
        Directory.Entry who = number == null ? null : directory.byNumber(number);
        switch (Grammar.parse(text)) {
            case Grammar.Ok ok -> {
                if (who == null || !who.person()) {
                    count(who == null ? "unknown-number" : "not-understood", number);
                } else {
                    offer(new Input.Reply(who.key(), who.role(), ok.alarm()), "acks", number);
                }
            }
            case Grammar.Lapor lapor -> {
                if (who == null) {
                    hold(number, sender, lapor.words());
                } else if (!allowed(who.key(), perHour, HOUR)) {
                    count("rate-limited", number);
                } else {
                    offer(report(who, lapor.words()), "reports", number);
                }
            }
            case Grammar.Ronda r -> { // a guard of the night watch (#14), known by the register's guards
                String guard = number == null ? null : directory.guardByNumber(number);
                if (guard == null) {
                    count("unknown-guard", number);
                } else if (!allowed("ronda:" + guard, RONDA_PER_HOUR, HOUR)) {
                    count("rate-limited", number);
                } else {
                    offer(new Input.RondaText(guard), "ronda", number);
                }
            }
            case Grammar.NotUnderstood n -> count("not-understood", number);
        }
    }

    /** The zone a report names as its first word, else the reporter's own (a person's: the post's). */
    Input.Report report(Directory.Entry who, String words) {
        String zone = who.zone() != null ? who.zone() : postZone;
        String rest = words;
        int space = words.indexOf(' ');
        String first = space < 0 ? words : words.substring(0, space);
        for (String z : zones) {
            if (z.equalsIgnoreCase(first) && space > 0) {
                zone = z;
                rest = words.substring(space + 1).strip();
            }
        }
        return new Input.Report(who.key(), zone, kindOf(rest), rest);
    }

    /** Fire and flood by their words, Indonesian or English; anything else a security report. */
    static AlertKind kindOf(String words) {
        String w = " " + words.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
        if (w.matches(".* (kebakaran|terbakar|api|asap|fire|smoke) .*")) {
            return AlertKind.REPORT_FIRE;
        }
        if (w.matches(".* (banjir|air naik|flood) .*")) {
            return AlertKind.REPORT_FLOOD;
        }
        return AlertKind.REPORT;
    }

    private void hold(String number, String sender, String words) {
        String from = number != null ? number : sender;
        if (!allowed("?" + from, 1, HELD_EVERY)) {
            count("rate-limited", number);
            return;
        }
        List<Held> now = new ArrayList<>(held);
        if (now.size() >= MAX_HELD) {
            now.remove(0); // the newest are kept; the oldest goes, counted
            count("held-full", number);
        }
        now.add(new Held(number != null ? PhoneNumber.mask(number) : "(a sender's name)", words, millis.getAsLong()));
        held = List.copyOf(now);
        count("unknown-number", number);
    }

    /** Whether {@code sender} may send one more within {@code window} nanos, at most {@code max} in it. */
    private boolean allowed(String sender, int max, long window) {
        long t = nanos.getAsLong();
        ArrayDeque<Long> times = recent.computeIfAbsent(sender, k -> new ArrayDeque<>());
        while (!times.isEmpty() && t - times.peekFirst() >= window) {
            times.pollFirst();
        }
        if (times.size() >= max) {
            return false;
        }
        times.addLast(t);
        return true;
    }

    private void offer(Input in, String what, String number) {
        count(loop.offer(in) ? what : "inbox-full", number);
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

    /** Any thread: reports held from numbers the register does not have, oldest first. */
    public List<Held> held() {
        return held;
    }
}
