package id.kentongan.uplink;

import id.kentongan.alert.Residents;
import id.kentongan.config.UplinkSettings;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What a Mosquitto broker needs to know of a post, a centre or a residents' client: a line of its
 * password file and its lines of the ACL file, derived from the topic contract ({@link Topics},
 * {@link Residents}) so that the broker lets through exactly what the gateway publishes and reads.
 *
 * <p>The ACL has two parts (firmware-config/mosquitto/kentongan.acl). Patterns, the same for every
 * post, give a post named {@code {village}/{post}} its own topics through {@code %u}: the username's
 * slash makes them five levels deep, where the topic contract lives. A centre's or residents' name has
 * no slash, so the same patterns give it only four-level topics nobody reads. What a pattern cannot
 * say (the village's topics: escalations, residents, village-wide commands) goes in each account's
 * own {@code user} block. Stateless; any thread.
 */
public final class BrokerAccount {

    /** Mosquitto 2's default hash: PBKDF2-HMAC-SHA512, 101 iterations, a 12-byte salt ({@code $7$}). */
    private static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;

    private BrokerAccount() {
    }

    /** The patterns every post shares, for the topic root {@code root}, as the ACL file has them. */
    public static List<String> postPatterns(String root) {
        return List.of(
                "pattern write " + root + "/%u/alert",
                "pattern write " + root + "/%u/telemetry",
                "pattern write " + root + "/%u/status",
                "pattern write " + root + "/%u/result",
                "pattern read " + root + "/%u/cmd/+");
    }

    /**
     * A post's own block. With a username other than {@code village/post} the patterns do not reach
     * its topics, so the block names them; with Home Assistant discovery it may write the discovery
     * prefix (any device's config there: Home Assistant trusts its broker) and its own state topics.
     */
    public static List<String> postBlock(Topics topics, String username, String homeAssistantPrefix) {
        List<String> out = new ArrayList<>();
        out.add("user " + username);
        if (!username.equals(UplinkSettings.defaultUsername(topics.village(), topics.post()))) {
            for (String t : List.of(topics.alert(), topics.telemetry(), topics.status(), topics.result())) {
                out.add("topic write " + t);
            }
            out.add("topic read " + topics.commands());
        }
        out.add("topic write " + topics.villageAlert());
        out.add("topic write " + Residents.topic(topics.root(), topics.village(), "+"));
        out.add("topic read " + topics.villageCommands());
        if (homeAssistantPrefix != null) {
            out.add("topic write " + topics.status().replace("/status", "/ha/#"));
            out.add("topic write " + homeAssistantPrefix + "/#");
        }
        return out;
    }

    /** A centre's block: it reads everything of its villages and commands their posts. */
    public static List<String> centreBlock(String root, String name, List<String> villages) {
        List<String> out = new ArrayList<>();
        out.add("user " + name);
        for (String v : villages) {
            out.add("topic read " + root + "/" + v + "/#");
            out.add("topic write " + root + "/" + v + "/+/cmd/+");
        }
        return out;
    }

    /** A residents' client's block: it reads its villages' residents' messages, and nothing else. */
    public static List<String> residentsBlock(String root, String name, List<String> villages) {
        List<String> out = new ArrayList<>();
        out.add("user " + name);
        for (String v : villages) {
            out.add("topic read " + Residents.topic(root, v, "#"));
        }
        return out;
    }

    /**
     * A line of Mosquitto's password file, {@code username:$7$101$salt$hash}, as {@code mosquitto_passwd}
     * writes it: the broker holds only the hash, and the password stays where it was made.
     */
    public static String passwordLine(String username, String password, SecureRandom random) {
        if (username.contains(":") || username.contains("\n")) {
            throw new IllegalArgumentException("a broker username cannot hold ':' or a line break: " + username);
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return username + ":" + hash(password, salt);
    }

    static String hash(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 512);
            byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            spec.clearPassword();
            Base64.Encoder b64 = Base64.getEncoder();
            return "$7$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every JDK", e);
        }
    }
}
