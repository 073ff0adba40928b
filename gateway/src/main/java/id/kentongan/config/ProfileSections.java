package id.kentongan.config;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.CapAreas;
import id.kentongan.alert.Post;
import id.kentongan.config.SiteProfile.NodeSpec;
import id.kentongan.config.SiteProfile.OutputSpec;
import id.kentongan.config.SiteProfile.Rule;
import id.kentongan.dispatch.Site.OutputRole;
import id.kentongan.dispatch.SirenPattern;
import id.kentongan.alert.Residents;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The profile's later sections (uplink, field nodes, the command centre, residents), read for
 * {@link ProfileLoader}, which keeps the post, its wiring, patterns and rules. Same rules: every problem
 * with its line, all reported at once. Stateless.
 */
final class ProfileSections {

    private ProfileSections() {
    }

    static SiteProfile.CentreSpec centre(Yaml.Section s, Map<String, SirenPattern> patterns, List<Rule> rules,
                                         List<NodeSpec> nodes, List<String> zones, Problems problems) {
        SirenPattern builtInTest = SirenPattern.beats("test", 1, Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofSeconds(5));
        if (s == null) {
            return new SiteProfile.CentreSpec(Duration.ofSeconds(120), builtInTest, Duration.ofSeconds(10),
                    ProfileLoader.DEFAULT_MAX_SOUNDING, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10),
                    CapAreas.NONE);
        }
        s.allowOnly(Set.of("window", "test_pattern", "test_max", "alert_max", "republish", "escalate_after",
                "cap_areas"));
        Duration window = s.duration("window", Duration.ofSeconds(120));
        if (window.compareTo(Duration.ofSeconds(5)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
            problems.add(s.line("window"), "window must be 5s..1h");
        }
        SirenPattern test = builtInTest;
        if (s.has("test_pattern")) {
            String name = s.string("test_pattern");
            test = patterns.get(name);
            if (test == null) {
                problems.add(s.line("test_pattern"), "unknown pattern '" + name + "'");
                test = builtInTest;
            } else {
                final SirenPattern t = test;
                boolean used = rules.stream().anyMatch(r -> t.equals(r.pattern()))
                        || nodes.stream().anyMatch(n -> t.equals(n.pattern()));
                if (used || ProfileLoader.builtInPatterns().containsKey(name)) {
                    problems.add(s.line("test_pattern"), "test pattern '" + name + "' is also a real alert's: "
                            + "a test must never be confusable with a real alert");
                }
            }
        }
        Duration first = Duration.ofSeconds(30);
        Duration max = Duration.ofMinutes(5);
        Yaml.Section r = s.optionalSection("republish");
        if (r != null) {
            r.allowOnly(Set.of("first", "max"));
            first = r.duration("first", first);
            max = r.duration("max", max);
            if (first.compareTo(Duration.ofSeconds(1)) < 0 || first.compareTo(max) > 0) {
                problems.add(r.line(), "republish: first must be at least 1s and not above max");
            }
        }
        return new SiteProfile.CentreSpec(window, test, s.duration("test_max", Duration.ofSeconds(10)),
                s.duration("alert_max", ProfileLoader.DEFAULT_MAX_SOUNDING), first, max,
                s.duration("escalate_after", Duration.ofMinutes(10)), CapSections.areas(s, zones, problems));
    }

    /**
     * The {@code status} section: metrics, health and the status page. Loopback unless {@code lan: true}
     * says the technician wants it on the post's network; an address is an IP literal, never a name
     * (nothing at start may wait for DNS).
     */
    static StatusSettings status(Yaml.Section s, Problems problems) {
        StatusSettings d = StatusSettings.DEFAULTS;
        if (s == null) {
            return d;
        }
        s.allowOnly(Set.of("enabled", "address", "port", "lan", "require_uplink"));
        boolean enabled = flag(s, "enabled", true, problems);
        boolean lan = flag(s, "lan", false, problems);
        boolean requireUplink = flag(s, "require_uplink", false, problems);
        int port = s.integer("port", d.port());
        if (port < 0 || port > 65535) {
            problems.add(s.line("port"), "port " + port + " is not a TCP port (1..65535)");
        }
        String address = s.string("address", lan ? "0.0.0.0" : d.address());
        InetAddress ip = ipLiteral(address);
        if (ip == null) {
            problems.add(s.line("address"), "address '" + address + "' is not an IP address (for example 127.0.0.1)");
        } else if (!lan && !ip.isLoopbackAddress()) {
            problems.add(s.line("address"), "address " + address + " is not loopback: the status page and metrics "
                    + "stay on the post itself unless you set lan: true");
        }
        return new StatusSettings(enabled, address, port, lan, requireUplink);
    }

    /** {@code text} as an IPv4 or IPv6 literal, or {@code null}; never a name lookup (no DNS at start). */
    static InetAddress ipLiteral(String text) {
        try {
            if (text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                byte[] b = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            // hex digits and colons only: the JDK parses such a string as a literal and never looks it up
            return text.matches("[0-9a-fA-F:]+") && text.contains(":") ? InetAddress.getByName(text) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean flag(Yaml.Section s, String key, boolean fallback, Problems problems) {
        String v = s.string(key, Boolean.toString(fallback));
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(s.line(key), key + " must be true or false, not '" + v + "'");
            return fallback;
        }
        return Boolean.parseBoolean(v);
    }

    static Residents residents(Yaml.Section s, Problems problems) {
        if (s == null) {
            return Residents.DEFAULTS;
        }
        Map<AlertKind, Residents.Texts> templates = new HashMap<>();
        for (Map.Entry<String, Node> e : s.entries().entrySet()) {
            AlertKind kind = AlertKind.fromWireName(e.getKey());
            Yaml.Section k = s.asSection(e.getValue(), "residents." + e.getKey());
            if (kind == null) {
                problems.add(s.line(e.getKey()), "unknown alert kind '" + e.getKey() + "'");
                continue;
            }
            if (k == null) {
                continue;
            }
            k.allowOnly(Set.of("id", "en"));
            Residents.Text id = text(k.section("id"));
            Residents.Text en = text(k.section("en"));
            if (id != null && en != null) {
                templates.put(kind, new Residents.Texts(id, en));
            }
        }
        return new Residents(templates);
    }

    static Residents.Text text(Yaml.Section s) {
        if (s == null) {
            return null;
        }
        s.allowOnly(Set.of("headline", "instruction"));
        String h = s.string("headline");
        String i = s.string("instruction");
        return h == null || i == null ? null : new Residents.Text(h, i);
    }

    static Duration defaultMaxSounding(Yaml.Section root) {
        Yaml.Section sounding = root.optionalSection("sounding");
        return sounding == null ? ProfileLoader.DEFAULT_MAX_SOUNDING : sounding.duration("default_max", ProfileLoader.DEFAULT_MAX_SOUNDING);
    }

    static FieldSettings fieldSettings(Yaml.Section s, Problems problems) {
        s.allowOnly(Set.of("bind", "dtls_port", "plain_port", "max_peers", "threads", "max_body", "peer_rate",
                "source_rate", "total_rate", "nodes"));
        FieldSettings d = FieldSettings.DEFAULTS;
        String bind = s.string("bind", d.bind());
        if (ipLiteral(bind) == null) { // a name would be looked up as the field server starts, after arming
            problems.add(s.line("bind"), "bind '" + bind + "' is not an IP address (for example 0.0.0.0)");
        }
        int dtls = port(s, "dtls_port", d.dtlsPort(), problems);
        int plain = port(s, "plain_port", d.plainPort(), problems);
        int peers = s.integer("max_peers", d.maxPeers());
        if (peers < 1 || peers > 100_000) {
            problems.add(s.line("max_peers"), "max_peers " + peers + " must be 1..100000");
        }
        int threads = s.integer("threads", d.threads());
        if (threads < 1 || threads > 16) {
            problems.add(s.line("threads"), "threads " + threads + " must be 1..16");
        }
        int maxBody = s.integer("max_body", d.maxBody());
        if (maxBody < 64 || maxBody > 1024) {
            problems.add(s.line("max_body"), "max_body " + maxBody + " must be 64..1024 bytes (one CoAP block)");
        }
        int peerRate = rate(s, "peer_rate", d.rates().peer(), problems);
        int sourceRate = rate(s, "source_rate", d.rates().source(), problems);
        int totalRate = rate(s, "total_rate", d.rates().total(), problems);
        return new FieldSettings(bind, dtls, plain, peers, threads, maxBody,
                new FieldSettings.Rates(Math.max(1, peerRate), Math.max(1, sourceRate), Math.max(1, totalRate)));
    }

    static int rate(Yaml.Section s, String key, int fallback, Problems problems) {
        int r = s.integer(key, fallback);
        if (r < 1 || r > 1_000_000) {
            problems.add(s.line(key), key + " " + r + " must be 1..1000000 datagrams per second");
        }
        return r;
    }

    static int port(Yaml.Section s, String key, int fallback, Problems problems) {
        int p = s.integer(key, fallback);
        if (p < 0 || p > 65535) {
            problems.add(s.line(key), key + " " + p + " is not a UDP port (0..65535)");
        }
        return p;
    }

    static List<NodeSpec> nodes(Yaml.Section field, List<String> zones, List<OutputSpec> outputs,
                                        Map<String, SirenPattern> patterns, Set<String> ids, Duration defaultMax,
                                        Problems problems) {
        List<NodeSpec> out = new ArrayList<>();
        if (!field.has("nodes")) {
            return out;
        }
        Map<String, OutputSpec> outputById = new HashMap<>();
        outputs.forEach(o -> outputById.put(o.id(), o));
        for (Yaml.Section s : field.sections("nodes")) {
            s.allowOnly(Set.of("id", "zone", "events", "heartbeat", "silent_after", "pattern", "outputs",
                    "max_sounding", "label"));
            String id = ProfileLoader.checkId(s.string("id"), "node id", s.line("id"), problems);
            if (id != null && !ids.add(id)) {
                problems.add(s.line("id"), "duplicate id '" + id + "'");
            }
            String zone = s.string("zone");
            if (zone != null && !zones.contains(zone)) {
                problems.add(s.line("zone"), "zone '" + zone + "' is not one of the zones " + zones);
            }
            Set<AlertKind> events = new HashSet<>();
            for (String k : s.strings("events", List.of())) {
                AlertKind kind = AlertKind.fromWireName(k);
                if (kind == null) {
                    problems.add(s.line("events"), "unknown alert kind '" + k + "' (known: " + ProfileLoader.knownKinds() + ")");
                } else {
                    events.add(kind);
                }
            }
            if (events.isEmpty() && s.has("events")) {
                problems.add(s.line("events"), "node '" + id + "' must be allowed at least one kind of event");
            }
            Duration heartbeat = s.duration("heartbeat", Duration.ofMinutes(5));
            if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
                problems.add(s.line("heartbeat"), "heartbeat must be at least 1s");
            }
            // not multipliedBy, which goes through BigDecimal: its class setup cost a start 50 ms
            Duration silentAfter = s.duration("silent_after", heartbeat.plus(heartbeat).plus(heartbeat));
            if (silentAfter.compareTo(heartbeat) <= 0) {
                problems.add(s.line("silent_after"), "silent_after must be longer than the heartbeat period");
            }
            List<String> outs = ProfileLoader.soundingOutputs(s, outputById, problems);
            SirenPattern pattern = ProfileLoader.soundingPattern(s, outs, patterns, problems);
            Duration max = s.duration("max_sounding", defaultMax);
            out.add(new NodeSpec(id, zone, events.isEmpty() ? Set.of(AlertKind.PANIC) : events, heartbeat,
                    silentAfter, pattern, outs, max, s.string("label", id), s.line()));
        }
        return out;
    }

    static UplinkSettings uplink(Yaml.Section s, Post post, Problems problems) {
        String defaultClient = "kentongan-" + post.village() + "-" + post.id();
        if (s == null) {
            return new UplinkSettings(List.of("embedded"), "kentongan/v1", defaultClient, Duration.ofSeconds(20), 16,
                    Duration.ofSeconds(1), Duration.ofSeconds(30), ProfileLoader.DEFAULT_UPLINK_LOST_AFTER);
        }
        s.allowOnly(Set.of("brokers", "topic_root", "client_id", "keep_alive", "window", "backoff", "lost_after", "tls",
                "allow_plaintext", "username"));
        List<String> brokers = s.strings("brokers", List.of("embedded"));
        if (brokers.isEmpty()) {
            problems.add(s.line("brokers"), "uplink: 'brokers' must name at least one broker");
        }
        for (String b : brokers) {
            if (!b.equals("embedded") && !b.startsWith("tcp://") && !b.startsWith("ssl://")) {
                problems.add(s.line("brokers"), "broker '" + b + "' must be tcp://host:port, ssl://host:port "
                        + "or embedded");
            }
        }
        if (brokers.contains("embedded") && brokers.size() > 1) {
            problems.add(s.line("brokers"), "'embedded' cannot be combined with other brokers");
        }
        String root = s.string("topic_root", "kentongan/v1");
        if (root != null && (!ProfileLoader.TOPIC_ROOT.matcher(root).matches() || root.startsWith("/") || root.endsWith("/"))) {
            problems.add(s.line("topic_root"), "topic_root '" + root + "' must be a plain topic such as "
                    + "kentongan/v1 (no wildcards, no leading or trailing /)");
        }
        String clientId = s.string("client_id", defaultClient);
        if (clientId != null && (clientId.isEmpty() || clientId.length() > 64)) {
            problems.add(s.line("client_id"), "client_id must be 1..64 characters");
        }
        Duration keepAlive = s.duration("keep_alive", Duration.ofSeconds(20));
        int window = s.integer("window", 16);
        if (window < 1 || window > 1000) {
            problems.add(s.line("window"), "window " + window + " must be 1..1000");
        }
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);
        Yaml.Section backoff = s.optionalSection("backoff");
        if (backoff != null) {
            backoff.allowOnly(Set.of("min", "max"));
            min = backoff.duration("min", min);
            max = backoff.duration("max", max);
            if (min.isZero() || min.compareTo(max) > 0) {
                problems.add(backoff.line(), "backoff: min must be above zero and not above max");
            }
        }
        Duration lostAfter = s.duration("lost_after", ProfileLoader.DEFAULT_UPLINK_LOST_AFTER);
        if (lostAfter.isZero() || lostAfter.isNegative()) {
            problems.add(s.line("lost_after"), "lost_after must be longer than zero");
        }
        Path ca = null;
        Path cert = null;
        Path key = null;
        Yaml.Section tls = s.optionalSection("tls");
        if (tls != null) {
            tls.allowOnly(Set.of("ca", "cert", "key"));
            ca = existing(tls, "ca", problems);
            cert = tls.has("cert") ? existing(tls, "cert", problems) : null;
            key = tls.has("key") ? existing(tls, "key", problems) : null;
            if ((cert == null) != (key == null)) {
                problems.add(tls.line(), "uplink.tls: give both cert and key, or neither");
            }
        }
        if (ca == null && brokers.stream().anyMatch(b -> b.startsWith("ssl://"))) {
            problems.add(s.line("brokers"), "an ssl:// broker needs uplink.tls.ca, the CA that signed its certificate");
        }
        String plain = s.string("allow_plaintext", "false");
        String username = s.string("username", UplinkSettings.defaultUsername(post.village(), post.id()));
        if (username != null && (username.isEmpty() || username.length() > 128 || username.contains(":")
                || username.contains("#") || username.contains("+"))) {
            problems.add(s.line("username"), "username must be 1..128 characters without ':', '#' or '+'");
        }
        return new UplinkSettings(brokers, root, clientId, keepAlive, window, min, max, lostAfter, ca, cert, key,
                plain.equals("true"), username);
    }

    static Path existing(Yaml.Section s, String key, Problems problems) {
        String v = s.string(key);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            problems.add(s.line(key), "uplink.tls." + key + ": cannot read " + v);
        }
        return p;
    }
}
