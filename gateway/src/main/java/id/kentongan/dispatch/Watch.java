package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapJson;
import id.kentongan.alert.Event;
import id.kentongan.alert.Post;
import id.kentongan.dispatch.Shifts.Shift;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The night watch (ronda, #14) as the dispatch loop sees it: who is signed on, when each checkpoint
 * was last visited, and the supervision that follows. Nobody on by a shift's start plus its grace (or
 * for a grace period after the last guard signed off): one {@code shift-unmanned} for the shift. A
 * checkpoint not visited within its interval while someone is on: one {@code round-missed} naming the
 * place, then one {@code round-resumed} at its next visit. Sign-ons, sign-offs and visits are journaled
 * as telemetry with the guard's short name.
 *
 * <p>A shift is a time of the wall clock in the post's zone, so it is judged only while the clock is
 * trusted; the intervals are measured on the nano clock, so a jump of the wall clock makes nothing
 * overdue. A shift first seen (at its start, after a restart, after a jump) gives each checkpoint and
 * the grace period their full time from then: a restart or a jump never floods. What was said before a
 * restart comes back from the journal ({@link #restore}): who is on, the last visits, the alerts already
 * raised for this shift. Part of the loop: called on the loop thread only.
 */
final class Watch {

    /** The watch is looked at this often: a shift's edges are minutes, not nanoseconds. */
    static final long LOOK_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long NEVER = Long.MIN_VALUE;
    private static final String REF = "#";

    private final Site.Ronda ronda;
    private final Shifts shifts;
    private final Post post;
    private final Stamper stamper;
    private final OpenAlerts open;
    private final Consumer<Event> hand;
    private final InstantSource wall;
    private final BooleanSupplier trusted;
    /** Plays the watch's routine beats now, if the profile has them and no alert sounds (#14). */
    private final LongConsumer beat;
    private String beatHour;        // the hour last beaten, "2026-12-01T23"
    private Map<String, String> guardByCard = Map.of();

    private final Map<String, Long> on = new LinkedHashMap<>(); // guard -> signed on (wall millis)
    /** Restored guards signed on during a shift, by that shift: signed off if it ended while the post was down. */
    private final Map<String, String> restoredShift = new LinkedHashMap<>();
    private final WatchedCheckpoint[] spots;
    private String shift;           // the shift under way, "malam@2026-12-01", or null
    private LocalDate night;        // the day the shift under way started
    private long shiftSeen;         // nano time the watch first saw it
    private long emptySince = NEVER; // nano time the last guard signed off, or NEVER while someone is on
    private long mannedSince = NEVER;
    private OpenAlert unmanned;
    private String unmannedFor;     // the shift an unmanned alert was raised for
    private boolean judged;
    private long nextLook;
    private long refusedCards;
    private long refusedCheckpoints;

    Watch(Site.Ronda ronda, Post post, Stamper stamper, OpenAlerts open, Consumer<Event> hand, InstantSource wall,
          BooleanSupplier trusted, LongConsumer beat) {
        this.beat = beat;
        this.ronda = ronda;
        this.shifts = new Shifts(ronda.shifts(), post.timeZone());
        this.post = post;
        this.stamper = stamper;
        this.open = open;
        this.hand = hand;
        this.wall = wall;
        this.trusted = trusted;
        this.spots = new WatchedCheckpoint[ronda.checkpoints().size()];
        for (int i = 0; i < spots.length; i++) {
            spots[i] = new WatchedCheckpoint(ronda.checkpoints().get(i));
        }
    }

    /** Owner thread, before the loop starts: the guards' cards, from the register. */
    void know(Map<String, String> guardByCard) {
        this.guardByCard = Map.copyOf(guardByCard);
    }

    /** Owner thread, at start: the journal's recent events in sequence order. */
    void restore(List<Event> recent, long now) {
        long wallNow = wall.millis();
        boolean clockRight = trusted.getAsBoolean();
        for (Event e : recent) {
            switch (e.kind()) {
                case SIGN_ON -> {
                    on.put(e.source(), e.sentMillis());
                    restoredShift.put(e.source(), ref(e));
                }
                case SIGN_OFF -> {
                    on.remove(e.source());
                    restoredShift.remove(e.source());
                }
                case SHIFT_UNMANNED -> {
                    unmanned = new OpenAlert(e);
                    unmannedFor = ref(e);
                }
                case CHECKPOINT, ROUND_MISSED, ROUND_RESUMED -> {
                    WatchedCheckpoint s = spot(e.kind() == AlertKind.CHECKPOINT ? ref(e) : e.source());
                    if (s == null) {
                        continue;
                    }
                    if (e.kind() == AlertKind.CHECKPOINT) {
                        s.lastWall = e.sentMillis();
                        s.lastGuard = e.source();
                        long age = wallNow - e.sentMillis();
                        s.last = clockRight && !e.unsynchronised() && age >= 0
                                ? now - TimeUnit.MILLISECONDS.toNanos(age) : NEVER;
                    } else {
                        s.missed = e.kind() == AlertKind.ROUND_MISSED ? new OpenAlert(e) : null;
                        s.missedFor = ref(e);
                    }
                }
                default -> {
                }
            }
            if (e.kind() == AlertKind.SIGN_ON) {
                unmanned = null; // a sign-on answered it (unmannedFor keeps it from being raised again)
            }
        }
        mannedSince = on.isEmpty() ? NEVER : now;
    }

    /** A card on the post's reader: signs its guard on; once on, a visit of the post, or else off. */
    void tap(Input.CardTap t, long now) {
        String guard = guardByCard.get(t.card());
        if (guard == null || !ronda.watched()) {
            refusedCards++;
            return;
        }
        int atPost = ronda.checkpointAt(-1);
        if (!on.containsKey(guard)) {
            signOn(guard, Via.CARD, now);
            if (atPost >= 0) {
                visit(spots[atPost], guard, now);
            }
        } else if (atPost >= 0) {
            visit(spots[atPost], guard, now);
        } else {
            signOff(guard, Via.CARD, now);
        }
    }

    /** A guard's {@code RONDA} by SMS: on, or off if on. */
    void text(Input.RondaText t, long now) {
        if (!ronda.watched()) {
            refusedCards++;
            return;
        }
        if (on.containsKey(t.guard())) {
            signOff(t.guard(), Via.SMS, now);
        } else {
            signOn(t.guard(), Via.SMS, now);
        }
    }

    /**
     * A checkpoint node read a card: the visit's telemetry, or {@code null} if the card or the checkpoint
     * is unknown (refused and counted; {@code why} says which).
     */
    Event checkpoint(int node, String card, long now, StringBuilder why) {
        int c = ronda.checkpointAt(node);
        String guard = card == null ? null : guardByCard.get(card);
        if (c < 0) {
            refusedCheckpoints++;
            why.append("this node is no checkpoint of the watch");
            return null;
        }
        if (guard == null) {
            refusedCards++;
            why.append("unknown card");
            return null;
        }
        return visit(spots[c], guard, now);
    }

    private void signOn(String guard, Via via, long now) {
        on.put(guard, wall.millis());
        if (mannedSince == NEVER) {
            mannedSince = now;
        }
        emptySince = NEVER;
        String refs = null;
        if (unmanned != null) { // the post is manned again: the alert is answered
            open.close(unmanned);
            refs = CapJson.reference(unmanned.event, post);
            unmanned = null;
        }
        hand.accept(event(AlertKind.SIGN_ON, guard, post.zone(), shift, via.wire, refs));
        beat.accept(now); // the post answers a sign-on with the watch's beats
    }

    private void signOff(String guard, Via via, long now) {
        on.remove(guard);
        if (on.isEmpty()) {
            emptySince = now;
            mannedSince = NEVER;
        }
        hand.accept(event(AlertKind.SIGN_OFF, guard, post.zone(), shift, via.wire, null));
    }

    private Event visit(WatchedCheckpoint s, String guard, long now) {
        s.last = now;
        s.lastWall = wall.millis();
        s.lastGuard = guard;
        s.visits++;
        Event visit = event(AlertKind.CHECKPOINT, guard, s.cp.zone(), s.cp.id(), s.cp.place(), null);
        hand.accept(visit);
        if (s.missed != null) {
            open.close(s.missed);
            hand.accept(stamper.own(AlertKind.ROUND_RESUMED, s.cp.id(), s.cp.zone(), Event.MsgType.Update,
                    CapJson.reference(s.missed.event, post)).withText(s.cp.place()));
            s.missed = null;
        }
        return visit;
    }

    /**
     * A watch's event; {@code ref} (a shift, a checkpoint) is kept as {@code ref#seq}: the journal holds one
     * event per source and reference (a node's retries), and a guard visits a checkpoint many times a night.
     */
    private Event event(AlertKind kind, String source, String zone, String ref, String text, String references) {
        Event e = stamper.alert(kind, kind.defaultPriority(), source, zone, Event.CapStatus.Actual, null, null)
                .withText(text);
        e = e.withSourceRef((ref == null ? "" : ref) + REF + e.seq());
        return references == null ? e : e.withReferences(references);
    }

    /** The watch's reference of an event it journaled: {@code ref} of {@code ref#seq}, or {@code null}. */
    static String ref(Event e) {
        String r = e.sourceRef();
        int cut = r == null ? -1 : r.lastIndexOf(REF);
        return cut < 0 ? r : r.substring(0, cut);
    }

    void timers(long now) {
        if (!ronda.watched() || now < nextLook) {
            return;
        }
        nextLook = now + LOOK_NANOS;
        judged = trusted.getAsBoolean();
        if (!judged) {
            return; // a shift is a time of day: not judged on a clock not known to be right
        }
        ZonedDateTime t = wall.instant().atZone(post.timeZone());
        Shift under = shifts.under(t);
        String key = under == null ? null : under.key();
        restoredShift.forEach((guard, signedOnIn) -> { // the shift they signed on in ended while the post was down
            if (!signedOnIn.isEmpty() && !signedOnIn.equals(key) && on.containsKey(guard)) {
                signOff(guard, Via.SHIFT_END, now);
            }
        });
        restoredShift.clear();
        if (!Objects.equals(key, shift)) {
            if (shift != null) {
                endShift(now);
            }
            if (under != null) {
                beginShift(under, now);
            }
        }
        if (shift == null) {
            return;
        }
        String hour = t.getMinute() == 0 ? t.toLocalDate() + "T" + t.getHour() : null;
        if (hour != null && !hour.equals(beatHour)) { // the hour beaten while the watch is kept, not at an empty post
            beatHour = hour;
            if (!on.isEmpty()) {
                beat.accept(now);
            }
        }
        long emptyFrom = Math.max(shiftSeen, emptySince);
        if (on.isEmpty() && unmanned == null && !shift.equals(unmannedFor) && now - emptyFrom >= ronda.graceNanos()) {
            Event e = event(AlertKind.SHIFT_UNMANNED, "ronda", post.zone(), shift, under.shift().id(), null);
            unmanned = new OpenAlert(e);
            unmannedFor = shift;
            open.hold(unmanned, now);
            hand.accept(e);
        }
        if (on.isEmpty()) {
            return; // an empty post is one shift-unmanned, not a round-missed per checkpoint as well
        }
        for (WatchedCheckpoint s : spots) {
            if (s.missed == null && now >= due(s)) {
                Event e = event(AlertKind.ROUND_MISSED, s.cp.id(), s.cp.zone(), shift, s.cp.place(), null);
                s.missed = new OpenAlert(e);
                s.missedFor = shift;
                open.hold(s.missed, now);
                hand.accept(e);
            }
        }
    }

    private long due(WatchedCheckpoint s) {
        return Math.max(Math.max(s.last, shiftSeen), mannedSince) + s.cp.everyNanos();
    }

    private void beginShift(Shift under, long now) {
        shift = under.key();
        night = under.night();
        shiftSeen = now;
        for (WatchedCheckpoint s : spots) {
            s.visits = 0;
            if (s.missed != null && !shift.equals(s.missedFor)) {
                s.missed = null; // an earlier shift's, restored from the journal
            }
        }
        if (unmanned != null && !shift.equals(unmannedFor)) {
            unmanned = null;
        }
    }

    /** The shift is over: whoever is still on is signed off, its alerts are no longer held. */
    private void endShift(long now) {
        for (String guard : List.copyOf(on.keySet())) {
            signOff(guard, Via.SHIFT_END, now);
        }
        for (WatchedCheckpoint s : spots) {
            if (s.missed != null) {
                open.close(s.missed);
                s.missed = null;
            }
        }
        if (unmanned != null) {
            open.close(unmanned);
            unmanned = null;
        }
        shift = null;
    }

    long nextDeadline() {
        return ronda.watched() ? nextLook : Long.MAX_VALUE;
    }

    LoopStatus.RondaView view(long now) {
        if (!ronda.watched()) {
            return LoopStatus.RondaView.NONE;
        }
        LocalDate tonight = night != null && shift != null ? night : wall.instant().atZone(post.timeZone()).toLocalDate();
        DayOfWeek day = tonight.getDayOfWeek();
        List<LoopStatus.GuardView> guards = new ArrayList<>();
        on.forEach((g, since) -> guards.add(new LoopStatus.GuardView(g, since)));
        List<LoopStatus.CheckpointView> cps = new ArrayList<>();
        for (WatchedCheckpoint s : spots) {
            long dueIn = shift != null && judged && !on.isEmpty() ? TimeUnit.NANOSECONDS.toMillis(due(s) - now) : 0;
            cps.add(new LoopStatus.CheckpointView(s.cp.id(), s.cp.place(), s.cp.zone(),
                    TimeUnit.NANOSECONDS.toMillis(s.cp.everyNanos()), s.lastWall, s.lastGuard, s.visits,
                    shift != null && judged && !on.isEmpty(), dueIn, s.missed != null));
        }
        return new LoopStatus.RondaView(true, judged, shift == null ? "" : shift, tonight.toString(),
                post.timeZone().getId(),
                ronda.roster().getOrDefault(day, List.of()), guards, unmanned != null, cps, refusedCards,
                refusedCheckpoints);
    }

    long refusedCards() {
        return refusedCards;
    }

    private WatchedCheckpoint spot(String id) {
        for (WatchedCheckpoint s : spots) {
            if (s.cp.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** How a guard signed on or off, as the journal's text says it. */
    private enum Via {
        CARD("card"), SMS("sms"), SHIFT_END("shift-end");

        final String wire;

        Via(String wire) {
            this.wire = wire;
        }
    }

}
