package id.kentongan.post;

import id.kentongan.clock.ClockSync;
import id.kentongan.config.Modem;
import id.kentongan.config.ProfileException;
import id.kentongan.config.Register;
import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import id.kentongan.dispatch.Inbox;
import id.kentongan.journal.Journal;
import id.kentongan.observability.Observability;
import id.kentongan.report.ReportPages;
import id.kentongan.uplink.CommandGuard;
import id.kentongan.uplink.EmbeddedBroker;
import id.kentongan.uplink.HomeAssistant;
import id.kentongan.uplink.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The making of the adapters from the profile and the options: the status page and metrics, the embedded
 * broker, the uplink with its identity and its centres, the secrets and the register. {@link Gateway}
 * keeps the order in which they are made, started and stopped; this class only makes each one.
 * Threads: the owner's, while {@link Gateway} wires the post.
 */
final class Adapters {

    private static final Logger log = LoggerFactory.getLogger(Adapters.class);

    private final SiteProfile profile;
    private final Gateway.Options options;

    Adapters(SiteProfile profile, Gateway.Options options) {
        this.profile = profile;
        this.options = options;
    }

    /** The status page, metrics and health, with the journal's reports linked; not yet serving. */
    Observability observability(InstantSource wall) {
        Observability observability = new Observability(profile.status(), observed());
        observability.linkReports(new ReportLink(new ReportPages(options.stateDir().resolve("journal.db"),
                profile.post(), wall, System::nanoTime)));
        return observability;
    }

    /** What the metrics are about: the outputs by the loop's numbering, sirens and strobes timed. */
    private Observability.Wiring observed() {
        List<String> outputs = profile.outputs().stream().map(SiteProfile.OutputSpec::id).toList();
        boolean[] timed = new boolean[outputs.size()];
        for (int o = 0; o < timed.length; o++) {
            timed[o] = profile.outputs().get(o).role().sounds();
        }
        return new Observability.Wiring(profile.post().village(), profile.post().id(), outputs, timed,
                profile.nodes().stream().map(SiteProfile.NodeSpec::id).toList(),
                options.stateDir().resolve("journal.db"), CommandGuard.reasons(), profile.sms() == null ? List.of()
                : profile.sms().modems().stream().map(Modem::id).toList());
    }

    /** The embedded broker, when the profile asks for it and no broker is given; else {@code null}. */
    EmbeddedBroker embeddedBroker() throws IOException {
        if (options.broker() != null || !profile.uplink().embedded()) {
            return null;
        }
        EmbeddedBroker broker;
        try {
            broker = EmbeddedBroker.start(options.embeddedHost(), options.embeddedPort());
        } catch (IOException e) {
            throw new IOException("the embedded broker cannot listen on " + options.embeddedHost() + ":"
                    + options.embeddedPort() + " (" + e.getMessage() + "): is another broker running there? "
                    + "Use it with --broker tcp://" + options.embeddedHost() + ":" + options.embeddedPort()
                    + ", or move the embedded one with --embedded-broker HOST:PORT", e);
        }
        log.info("embedded broker listening on {}", broker.uri());
        return broker;
    }

    /** The uplink, not yet started: to the given broker, else the embedded one, else the profile's. */
    Publisher publisher(EmbeddedBroker broker, Journal journal, Inbox inbox, InstantSource wall) throws Exception {
        List<String> brokers = options.broker() != null ? List.of(options.broker())
                : broker != null ? List.of(broker.uri()) : profile.uplink().brokers();
        return new Publisher(profile.uplink(), brokers, profile.post(), journal.boot(), journal, inbox, wall,
                RandomGenerator.getDefault());
    }

    /** The uplink signed with the post's key, taking the centres' signed commands, telling residents and HA. */
    void identify(Publisher publisher, EmbeddedBroker broker, Secrets secrets, InstantSource wall,
                  ClockSync clockSync, HomeAssistant homeAssistant) {
        // the embedded broker is ours and anonymous: no password to it; signatures go everywhere
        publisher.identify(broker == null ? secrets.mqttPassword() : null, secrets.signingKeyBytes());
        if (!options.simulate() && secrets.signingKey() == null) {
            log.warn("uplink: no signing_key in {}: centres will mark this post's alerts UNVERIFIED (kentongan keys)",
                    options.secretsFile());
        }
        publisher.relayCapAreas(profile.centre().capAreas());
        publisher.acceptCommands(new CommandGuard(secrets.centreKeys(), profile.centre().window(), wall,
                options.stateDir().resolve("commands.state"), clockSync));
        publisher.tellResidents(profile.residents());
        publisher.announceTo(homeAssistant);
    }

    /** The field nodes' keys: required outside simulation when the profile has nodes. */
    Secrets secrets() throws ProfileException {
        Path file = options.secretsFile();
        if (Files.exists(file)) {
            return Secrets.load(file);
        }
        if (options.simulate() || profile.nodes().isEmpty()) {
            return Secrets.none(); // no field node keys needed; and no centre may command this post
        }
        throw new ProfileException(List.of(file + ":1: the secrets file is missing; the profile has field nodes, "
                + "and outside simulation each needs a key (kentongan node add)"));
    }

    /**
     * The register (phone numbers, the watch's cards) beside the secrets file, for SMS (#13) and the
     * night watch (#14); {@code null} for a post with neither.
     */
    Register register() throws ProfileException, IOException {
        return profile.sms() == null && !profile.ronda().watched() ? null
                : Register.forPost(options.secretsFile().resolveSibling("register.yaml"),
                options.simulate() ? options.stateDir().resolve("sms/register.yaml") : null, profile);
    }
}
