package id.kentongan.field;

import id.kentongan.config.Secrets;
import id.kentongan.config.SiteProfile;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.ServerNames;

import javax.crypto.SecretKey;
import java.net.InetSocketAddress;

/**
 * The nodes' pre-shared keys for Scandium: one per profile node, from the secrets file. An identity
 * that is not a node of this post is refused and counted. Called on Scandium's threads.
 */
final class PskStore implements AdvancedPskStore {

    private final AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
    private final FieldCounters counters;

    PskStore(SiteProfile profile, Secrets secrets, FieldCounters counters) {
        this.counters = counters;
        for (SiteProfile.NodeSpec n : profile.nodes()) {
            byte[] psk = secrets.psk(n.id());
            if (psk != null) {
                keys.setKey(n.id(), psk);
            }
        }
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return keys.hasEcdhePskSupported();
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
                                                  PskPublicInformation identity, String hmacAlgorithm,
                                                  SecretKey otherSecret, byte[] seed, boolean useExtendedMasterSecret) {
        PskSecretResult r = keys.requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed,
                useExtendedMasterSecret);
        if (r == null || r.getSecret() == null) {
            counters.unknownIdentity.incrementAndGet();
        }
        return r;
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peer, ServerNames virtualHost) {
        return null; // server only
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        keys.setResultHandler(resultHandler);
    }
}
