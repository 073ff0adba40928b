package id.kentongan.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CAP 1.2 as JSON: the payload of every event on MQTT. Element names and values are CAP's own
 * (identifier, sender, sent, status, msgType, scope, info{...}); each info block is written twice,
 * in Bahasa Indonesia and in English, each with its {@code expires} and, for what the public is told,
 * its {@code instruction} (both from the post's {@link Guidance}). Post, sequence, boot, kind, priority and source travel as CAP
 * {@code parameter}s named {@code kentongan:*}, so a CAP-only consumer can ignore them.
 *
 * <p>The encoding is a pure function of the event and the post: a replay from the journal yields
 * the same bytes as the first publish. Thread-safe: each thread encodes into a buffer of its own,
 * kept for its next event (a few kilobytes, for the uplink's thread and the few that replay).
 */
public final class CapJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    /** CAP's dateTime: seconds precision with an explicit offset, e.g. 2026-11-23T19:06:01+07:00. */
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /** The parameter that flags {@code sent} as stamped by a clock not known to be right, and its value. */
    public static final String CLOCK_PARAMETER = "kentongan:clock";
    public static final String UNSYNCHRONISED = "unsynchronised";
    /** For a CAP-only reader, which knows no parameters: the same flag in words. */
    static final String UNSYNCHRONISED_NOTE = "sent: the post's clock was not synchronised; "
            + "order this post's events by kentongan:seq";

    /** The uplink's thread (and a replay's) each keep a writer: encoding allocates only the payload. */
    private static final ThreadLocal<CapWriter> WRITERS = ThreadLocal.withInitial(CapWriter::new);

    private CapJson() {
    }

    /**
     * The event as CAP JSON, written straight into bytes ({@link CapWriter}): the same bytes Jackson's
     * generator wrote for it (CapJsonBytesTest compares them for every kind), without the strings,
     * date-time objects and copies that cost 6 KB an event (bench {@code CapJsonBench}).
     */
    public static byte[] encode(Event e, Post post) {
        CapWriter w = WRITERS.get();
        w.reset();
        long sentSecond = Math.floorDiv(e.sentMillis(), 1000);
        int offset = offset(post, sentSecond);
        long local = sentSecond + offset;
        long expiresLocal = local + post.guidance().expiresAfterSeconds(e);
        String sent = null; // as text only for a year beyond 9999, which the writer's digits do not cover
        if (!CapWriter.fourDigitYear(local) || !CapWriter.fourDigitYear(expiresLocal)) {
            sent = capTime(e.sentMillis(), post);
        }
        w.startObject();
        w.field("identifier", e.identifier());
        w.name("sender");
        w.openString();
        w.text("kentongan:");
        w.text(post.village());
        w.text(":");
        w.text(post.id());
        w.closeString();
        w.name("sent");
        time(w, sent, local, offset);
        CapFragments.status(w, e.status(), e.msgType());
        if (e.unsynchronised()) {
            w.field("note", UNSYNCHRONISED_NOTE);
        }
        if (e.references() != null) {
            w.field("references", e.references());
        }
        w.startArray("info");
        String expires = sent == null ? null : later(sent, post.guidance().expiresAfterSeconds(e));
        info(w, e, post, false, expires, expiresLocal, offset);
        info(w, e, post, true, expires, expiresLocal, offset);
        w.endArray();
        w.endObject();
        return w.toBytes();
    }

    /**
     * A zone's offset from UTC, in seconds, and the seconds it holds for: from one it was asked for to the
     * zone's next transition. A post's zone has none for decades (Indonesia's last was in 1988), so every
     * event after the first is answered without asking the zone's rules, which took a fresh {@link Instant}
     * each time: an allocation on the press path (the loop writes the silence's references).
     */
    private record OffsetSpan(ZoneId zone, long from, long until, int seconds) {
    }

    /** The span last found; any thread may replace it, each with one it found itself. */
    private static volatile OffsetSpan lastOffset = new OffsetSpan(ZoneOffset.UTC, 0, 0, 0);

    /** The post's offset from UTC at {@code epochSecond}, in seconds. */
    static int offset(Post post, long epochSecond) {
        OffsetSpan span = lastOffset;
        if (epochSecond >= span.from() && epochSecond < span.until() && span.zone().equals(post.timeZone())) {
            return span.seconds();
        }
        ZoneRules rules = post.timeZone().getRules();
        Instant at = Instant.ofEpochSecond(epochSecond);
        ZoneOffsetTransition next = rules.nextTransition(at);
        int seconds = rules.getOffset(at).getTotalSeconds();
        lastOffset = new OffsetSpan(post.timeZone(), epochSecond, next == null ? Long.MAX_VALUE : next.toEpochSecond(),
                seconds);
        return seconds;
    }

    private static void time(CapWriter w, String text, long local, int offset) {
        w.openString();
        if (text != null) {
            w.text(text);
        } else {
            w.dateTime(local, offset);
        }
        w.closeString();
    }

    private static void info(CapWriter w, Event e, Post post, boolean english, String expires, long expiresLocal,
                             int offset) {
        AlertKind k = e.kind();
        w.startObject();
        CapFragments.infoHead(w, k, english);
        w.name("expires");
        time(w, expires, expiresLocal, offset);
        w.field("senderName", post.name());
        CapFragments.headline(w, k, english);
        w.name("description");
        w.openString();
        w.text(english ? "Reported by " : "Dilaporkan oleh ");
        w.text(e.source());
        w.text(english ? " at " : " di ");
        w.text(post.name());
        w.text(english ? ", zone " : ", zona ");
        w.text(e.zone());
        w.text(".");
        if (e.text() != null) { // a report's or the watch's words: rare, so made as a string (a press has none)
            w.text(words(e, english));
        }
        w.closeString();
        String instruction = post.guidance().instruction(e, english);
        if (instruction != null) {
            w.field("instruction", instruction);
        }
        w.startArray("parameter");
        param(w, CapFragments.Parameter.VILLAGE, post.village());
        param(w, CapFragments.Parameter.POST, post.id());
        w.startObject();
        CapFragments.Parameter.SEQ.name(w);
        w.name("value");
        w.openString();
        w.number(e.seq());
        w.closeString();
        w.endObject();
        w.startObject();
        CapFragments.Parameter.BOOT.name(w);
        w.name("value");
        w.openString();
        w.number(e.boot());
        w.closeString();
        w.endObject();
        param(w, CapFragments.Parameter.KIND, k.wireName());
        param(w, CapFragments.Parameter.PRIORITY, e.priority().wireName());
        param(w, CapFragments.Parameter.SOURCE, e.source());
        if (e.sourceRef() != null) {
            param(w, CapFragments.Parameter.SOURCE_REF, e.sourceRef());
        }
        if (e.value() != null) {
            param(w, CapFragments.Parameter.VALUE, Double.toString(e.value()));
        }
        if (e.unsynchronised()) {
            param(w, CapFragments.Parameter.CLOCK, UNSYNCHRONISED);
        }
        w.endArray();
        w.startArray("area");
        w.startObject();
        w.field("areaDesc", e.zone());
        w.endObject();
        w.endArray();
        w.endObject();
    }

    private static void param(CapWriter w, CapFragments.Parameter name, String value) {
        w.startObject();
        name.name(w);
        w.field("value", value);
        w.endObject();
    }

    /** A person's own words that came with the event (a resident's report by SMS), quoted, or nothing. */
    static String words(Event e, boolean english) {
        if (e.text() == null) {
            return "";
        }
        return switch (e.kind()) { // the night watch's (#14): the place, the way a guard signed, the shift
            case ROUND_MISSED, ROUND_RESUMED, CHECKPOINT -> (english ? " Place: " : " Tempat: ") + e.text() + ".";
            case SIGN_ON, SIGN_OFF -> (english ? " By: " : " Melalui: ") + e.text() + ".";
            case SHIFT_UNMANNED -> (english ? " Shift: " : " Giliran: ") + e.text() + ".";
            default -> (english ? " The reporter's words: \"" : " Kata pelapor: \"") + e.text() + "\"";
        };
    }

    /** The identifiers in a CAP {@code references} value (space-separated {@code sender,identifier,sent}). */
    public static List<String> referencedIdentifiers(String references) {
        List<String> ids = new ArrayList<>();
        if (references != null) {
            for (String triple : references.trim().split("\\s+")) {
                String[] parts = triple.split(",");
                if (parts.length == 3) {
                    ids.add(parts[1]);
                }
            }
        }
        return ids;
    }

    /** The CAP reference to an event: {@code sender,identifier,sent}. */
    public static String reference(Event e, Post post) {
        return appendReference(new StringBuilder(96), e, post).toString();
    }

    /** {@link #reference} appended to {@code to}, with no string made on the way. */
    public static StringBuilder appendReference(StringBuilder to, Event e, Post post) {
        to.append("kentongan:").append(post.village()).append(':').append(post.id()).append(',')
                .append(e.identifier()).append(',');
        long second = Math.floorDiv(e.sentMillis(), 1000);
        int offset = offset(post, second);
        if (CapWriter.fourDigitYear(second + offset)) {
            CapWriter.appendDateTime(to, second + offset, offset);
        } else {
            to.append(capTime(e.sentMillis(), post));
        }
        return to;
    }

    static String capTime(long epochMillis, Post post) {
        long second = Math.floorDiv(epochMillis, 1000);
        int offset = offset(post, second);
        if (CapWriter.fourDigitYear(second + offset)) { // digits: no formatter, no date-time objects
            return CapWriter.dateTimeText(second + offset, offset);
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS),
                post.timeZone()).format(CAP_TIME);
    }

    /**
     * The CAP dateTime {@code seconds} after {@code sent} (itself a CAP dateTime such as
     * {@code 2026-11-24T02:18:06+07:00}), written in sent's own offset: the same instant a zone's rules
     * would give, and the same text on every replay. Arithmetic on the digits (civil-from-days, after Howard
     * Hinnant's algorithm) instead of a date-time object, because it runs for every event encoded.
     */
    static String later(String sent, long seconds) {
        if (sent.length() != 25) { // a year beyond 9999: not worth a fast path
            return OffsetDateTime.parse(sent).plusSeconds(seconds).format(CAP_TIME);
        }
        long y = digits(sent, 0, 4);
        long m = digits(sent, 5, 2);
        long d = digits(sent, 8, 2);
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy; // days since 0000-03-01
        long t = days * 86_400 + digits(sent, 11, 2) * 3600 + digits(sent, 14, 2) * 60 + digits(sent, 17, 2) + seconds;
        days = Math.floorDiv(t, 86_400);
        long second = Math.floorMod(t, 86_400);
        era = Math.floorDiv(days, 146_097);
        long doe = days - era * 146_097;
        yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        d = doy - (153 * mp + 2) / 5 + 1;
        m = mp < 10 ? mp + 3 : mp - 9;
        y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        char[] c = new char[25];
        put(c, 0, y, 4);
        c[4] = '-';
        put(c, 5, m, 2);
        c[7] = '-';
        put(c, 8, d, 2);
        c[10] = 'T';
        put(c, 11, second / 3600, 2);
        c[13] = ':';
        put(c, 14, second / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, second % 60, 2);
        sent.getChars(19, 25, c, 19); // the offset, as sent has it
        return new String(c);
    }

    private static long digits(String s, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static void put(char[] c, int at, long value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * What a subscriber needs to show an alert, read back from CAP JSON.
     *
     * @throws IllegalArgumentException if the payload is not CAP JSON of this form
     */
    public static Summary decode(byte[] payload) {
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        }
        if (root == null || !root.isObject() || !root.path("identifier").isTextual()) {
            throw new IllegalArgumentException("not a CAP alert: no identifier");
        }
        String headlineId = "";
        String headlineEn = "";
        JsonNode params = null;
        for (JsonNode info : root.path("info")) {
            String lang = info.path("language").asText();
            if (lang.startsWith("id")) {
                headlineId = info.path("headline").asText();
            } else if (lang.startsWith("en")) {
                headlineEn = info.path("headline").asText();
            }
            if (params == null) {
                params = info.path("parameter");
            }
        }
        Map<String, String> p = new HashMap<>();
        if (params != null) {
            for (JsonNode param : params) {
                p.put(param.path("valueName").asText(), param.path("value").asText());
            }
        }
        return new Summary(root.path("identifier").asText(), root.path("sent").asText(),
                root.path("status").asText(), root.path("msgType").asText(),
                p.getOrDefault("kentongan:village", ""), p.getOrDefault("kentongan:post", ""),
                parseLong(p.get("kentongan:seq")), parseLong(p.get("kentongan:boot")),
                p.getOrDefault("kentongan:kind", ""), p.getOrDefault("kentongan:priority", ""),
                p.getOrDefault("kentongan:source", ""), headlineId, headlineEn,
                UNSYNCHRONISED.equals(p.get(CLOCK_PARAMETER)));
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    /**
     * A decoded alert, as {@code watch} prints it.
     *
     * @param unsynchronised {@code sent} was stamped by a post clock not known to be right
     */
    public record Summary(String identifier, String sent, String status, String msgType, String village,
                          String post, long seq, long boot, String kind, String priority, String source,
                          String headlineId, String headlineEn, boolean unsynchronised) {
    }
}
