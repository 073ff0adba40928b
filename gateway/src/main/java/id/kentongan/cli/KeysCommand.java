package id.kentongan.cli;

import id.kentongan.config.ProfileException;
import id.kentongan.config.ProfileLoader;
import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import id.kentongan.uplink.BrokerAccount;
import id.kentongan.uplink.Topics;
import id.kentongan.config.UplinkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.nio.file.Files;

/**
 * {@code kentongan keys}: who a post (or a centre) is on the broker. Makes, once, the post's MQTT
 * password and signing key in its secrets file (0600), and prints what the others need: the broker's
 * password-file line (a hash: the password never leaves the post), the post's ACL lines, and the line
 * every centre of the village puts under {@code posts:} to verify what the post publishes (the
 * signing key itself: a secret to carry as one). Run again, it makes nothing and prints the same.
 * With {@code --centre} it does the same for a centre's account (a password, no signing key).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Make this post's MQTT password and signing key (once) and print what the broker and the "
                + "centres need; or, with --centre, a centre's account.")
final class KeysCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Mixin
    ProfileOption profile;

    @Option(names = "--secrets", description = "Secrets file (default: secrets.yaml beside the profile; "
            + "required with --centre).")
    Path secrets;

    @Option(names = "--centre", paramLabel = "NAME", description = "A centre's account instead of a post's: its "
            + "name on the broker (no '/'), e.g. polsek-sukamaju.")
    String centre;

    @Option(names = "--villages", split = ",", description = "With --centre: the villages it watches and commands.")
    List<String> villages;

    @Option(names = "--root", defaultValue = "kentongan/v1", description = "With --centre: the topic root "
            + "(default ${DEFAULT-VALUE}).")
    String root;

    @Override
    public Integer call() throws Exception {
        return centre != null ? centre() : post();
    }

    private Integer post() throws Exception {
        Path p = profile.path();
        SiteProfile site;
        try {
            site = ProfileLoader.load(p);
        } catch (ProfileException e) {
            System.err.println("kentongan: fix the profile first:");
            e.problems().forEach(x -> System.err.println("  " + x));
            return 2;
        }
        Path s = NodeCommand.secretsOr(secrets, p);
        Secrets own = ownKeys(s, true);
        String village = site.post().village();
        String id = site.post().id();
        UplinkSettings up = site.uplink();
        String username = up.username() != null ? up.username() : UplinkSettings.defaultUsername(village, id);
        PrintStream out = System.out;
        out.println("# 1. On the broker: this line in the password file (/etc/mosquitto/kentongan.passwd). It holds");
        out.println("#    a hash; the password itself stays on this post.");
        out.println(BrokerAccount.passwordLine(username, own.mqttPassword(), new SecureRandom()));
        out.println();
        out.println("# 2. On the broker: these lines at the end of the ACL file (/etc/mosquitto/kentongan.acl),");
        out.println("#    then: sudo systemctl reload mosquitto");
        BrokerAccount.postBlock(Topics.of(up.topicRoot(), site.post()), username,
                site.homeAssistantPrefix()).forEach(out::println);
        out.println();
        out.println("# 3. At every centre of " + village + ": this line under 'posts:' in its secrets file. It is");
        out.println("#    the key the post signs with: carry it as a secret, never by chat or e-mail.");
        out.println("  " + village + "/" + id + ": \"" + own.signingKey() + "\"");
        return 0;
    }

    private Integer centre() throws Exception {
        if (!NAME.matcher(centre).matches()) {
            System.err.println("kentongan: --centre '" + centre + "' must be 1..64 of A-Z, a-z, 0-9, '.', '_', '-' "
                    + "(no '/': a name with one is a post's)");
            return 2;
        }
        if (villages == null || villages.isEmpty() || secrets == null) {
            System.err.println("kentongan: --centre needs --villages V[,V...] and --secrets FILE (the centre's own)");
            return 2;
        }
        Secrets own = ownKeys(secrets, false);
        PrintStream out = System.out;
        out.println("# 1. On the broker: this line in the password file (/etc/mosquitto/kentongan.passwd).");
        out.println(BrokerAccount.passwordLine(centre, own.mqttPassword(), new SecureRandom()));
        out.println();
        out.println("# 2. On the broker: these lines at the end of the ACL file (/etc/mosquitto/kentongan.acl),");
        out.println("#    then: sudo systemctl reload mosquitto");
        BrokerAccount.centreBlock(root, centre, villages).forEach(out::println);
        out.println();
        out.println("# 3. At the centre: kentongan console --username " + centre + " --secrets " + secrets
                + " --key-id ... --broker ssl://...");
        return 0;
    }

    /** The secrets file, with a password (and for a post a signing key) made and written if missing. */
    private static Secrets ownKeys(Path file, boolean post) throws Exception {
        Secrets before = Files.exists(file) ? Secrets.load(file) : Secrets.none();
        SecureRandom random = new SecureRandom();
        String password = before.mqttPassword() == null ? Secrets.newKey(random, 24) : null;
        String key = post && before.signingKey() == null ? Secrets.newKey(random, 32) : null;
        if (password == null && key == null) {
            System.err.println("kentongan: " + file + " already holds " + (post ? "this post's MQTT password and "
                    + "signing key" : "the centre's MQTT password") + "; printing what the others need again "
                    + "(delete those lines and run again to make new ones)");
            return before;
        }
        Secrets.addOwnKeys(file, password, key);
        System.err.println("kentongan: made " + (password != null ? "an MQTT password" : "")
                + (password != null && key != null ? " and " : "") + (key != null ? "a signing key" : "") + " in "
                + file + " (chmod 600)" + (post ? "; restart the gateway to use them" : ""));
        return Secrets.load(file);
    }
}
