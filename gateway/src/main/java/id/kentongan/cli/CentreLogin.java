package id.kentongan.cli;

import id.kentongan.config.ProfileException;
import id.kentongan.config.Secrets;
import id.kentongan.uplink.PostVerifier;
import id.kentongan.config.UplinkSettings;
import id.kentongan.uplink.Watcher;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The options a centre's tools ({@code watch}, {@code console}, {@code command}) share: how they log
 * in to the broker, and the centre's secrets file, which holds its MQTT password, its command key and
 * the posts' signing keys. Owner thread (picocli's).
 */
final class CentreLogin {

    @Option(names = "--username", description = "The centre's name on the broker; the password is 'mqtt_password' "
            + "in --secrets. Without it the tool connects anonymously.")
    String username;

    @Option(names = "--secrets", description = "The centre's secrets file: 'mqtt_password', its command key under "
            + "'centres', the posts' signing keys under 'posts' (village/post: key).")
    Path secrets;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "The CA that signed an ssl:// broker's certificate "
            + "(default: the JVM's trust store).")
    Path tlsCa;

    @Option(names = "--allow-plaintext", description = "Send the password over tcp:// to another machine "
            + "(only on a network that is yours).")
    boolean allowPlaintext;

    private Secrets loaded;

    /** The secrets file, read once; none given: no keys and no password. */
    Secrets secrets() throws ProfileException {
        if (loaded == null) {
            loaded = secrets == null ? Secrets.none() : Secrets.load(secrets);
        }
        return loaded;
    }

    /**
     * How to log in to {@code broker}.
     *
     * @throws IllegalArgumentException with the fix, when a password is missing or would cross a network in the clear
     */
    Watcher.Login login(String broker) throws ProfileException {
        if (username == null) {
            return new Watcher.Login(null, null, tlsCa);
        }
        String password = secrets().mqttPassword();
        if (password == null) {
            throw new IllegalArgumentException("--username " + username + " needs the centre's 'mqtt_password' in a "
                    + "--secrets file (kentongan keys --centre " + username + " makes one)");
        }
        if (!UplinkSettings.plaintextRemote(List.of(broker)).isEmpty() && !allowPlaintext) {
            throw new IllegalArgumentException("the password would cross the network unencrypted to " + broker
                    + ": use ssl:// (with --tls-ca), or --allow-plaintext if the network is yours");
        }
        return new Watcher.Login(username, password, tlsCa);
    }

    /** The check of what posts publish, with the posts' keys this centre holds. */
    PostVerifier verifier() throws ProfileException {
        return new PostVerifier(secrets().postKeys());
    }

    /** Said once at start when the centre holds no post's key: nothing it shows can be verified. */
    static String noKeysWarning() {
        return "no posts' signing keys ('posts:' in --secrets): every message is shown UNVERIFIED";
    }
}
