package id.kentongan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.alert.Priority;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A post's CAP JSON event, as a centre receives it, made into a {@link Row}: the post, sequence number,
 * boot, kind, priority and source from the {@code kentongan:*} parameters, the zone from the area, the
 * time from {@code sent} (whole seconds, as CAP carries it). What comes over the broker is refused with a
 * reason unless it is bounded, well formed and complete. Stateless; any thread.
 */
final class CapRows {

    /** Far above any event a post publishes (an all-clear naming 256 alerts is about 25 KiB). */
    static final int MAX_PAYLOAD = 64 * 1024;
    private static final int MAX_NAME = 64;
    private static final int MAX_IDENTIFIER = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CapRows() {
    }

    /** A refusal: why a message is not an event the centre keeps. Stackless: it is a value, counted. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    static Row decode(byte[] payload, long receivedMs) throws Refused {
        if (payload.length > MAX_PAYLOAD) {
            throw new Refused("too large: " + payload.length + " bytes, at most " + MAX_PAYLOAD);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new Refused("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Refused("not a JSON object");
        }
        String identifier = text(root, "identifier", MAX_IDENTIFIER);
        long sent;
        try {
            sent = OffsetDateTime.parse(text(root, "sent", MAX_NAME)).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new Refused("'sent' is not a CAP time");
        }
        JsonNode info = root.path("info").path(0);
        String village = null;
        String post = null;
        String kind = null;
        String priority = null;
        String source = "";
        long seq = -1;
        long boot = -1;
        Double value = null;
        boolean unsynced = false;
        for (JsonNode p : info.path("parameter")) {
            String v = p.path("value").asText("");
            if (v.length() > MAX_IDENTIFIER) {
                throw new Refused("a parameter is too long");
            }
            switch (p.path("valueName").asText("")) {
                case "kentongan:village" -> village = name(v, "village");
                case "kentongan:post" -> post = name(v, "post");
                case "kentongan:kind" -> kind = name(v, "kind");
                case "kentongan:priority" -> priority = v;
                case "kentongan:source" -> source = v;
                case "kentongan:seq" -> seq = number(v, "seq");
                case "kentongan:boot" -> boot = number(v, "boot");
                case "kentongan:value" -> value = decimal(v);
                case "kentongan:clock" -> unsynced = v.equals("unsynchronised");
                default -> {
                    // other parameters are the post's business
                }
            }
        }
        if (village == null || post == null || kind == null || seq < 1 || boot < 0) {
            throw new Refused("not a post's event: its village, post, kind, seq or boot is missing");
        }
        Priority p = Priority.fromWireName(priority);
        if (p == null) {
            throw new Refused("unknown priority '" + priority + "'");
        }
        String zone = info.path("area").path(0).path("areaDesc").asText("");
        String refs = root.path("references").isTextual() ? root.path("references").asText() : null;
        if (zone.length() > MAX_NAME || (refs != null && refs.length() > MAX_PAYLOAD)) {
            throw new Refused("zone or references too long");
        }
        return new Row(village + "/" + post, seq, boot, identifier, kind, p.ordinal(), source, zone, sent,
                text(root, "status", MAX_NAME), text(root, "msgType", MAX_NAME), refs, receivedMs, unsynced, value);
    }

    /** A post's retained status ({@code {"state":"online",...}}): its state, or {@code null} if unreadable. */
    static String state(byte[] payload) {
        try {
            JsonNode s = JSON.readTree(payload);
            return s != null && s.path("state").isTextual() ? s.path("state").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode root, String field, int max) throws Refused {
        JsonNode n = root.path(field);
        if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > max) {
            throw new Refused("'" + field + "' is missing or too long");
        }
        return n.asText();
    }

    /** Ids as a post's profile allows them: they become part of topics and file rows. */
    private static String name(String v, String what) throws Refused {
        if (v.isEmpty() || v.length() > MAX_NAME || !v.chars().allMatch(c -> c == '-' || c == '_' || c == '.'
                || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw new Refused("'" + what + "' is not an id");
        }
        return v;
    }

    private static long number(String v, String what) throws Refused {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new Refused("'" + what + "' is not a number");
        }
    }

    private static Double decimal(String v) {
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
