package id.kentongan.field;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DtlsDatagramFilter;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * Scandium's default datagram filter (record header checks) with the {@link SourceLimiter} after it:
 * a ClientHello flood from many ports is dropped on the receiver thread, before a cookie is computed
 * or a handshake is begun. Runs on the DTLS receiver thread.
 */
final class LimitedDtlsFilter extends DtlsDatagramFilter {

    private final Predicate<InetSocketAddress> hear;

    LimitedDtlsFilter(Configuration configuration, Predicate<InetSocketAddress> hear) {
        super(configuration);
        this.hear = hear;
    }

    @Override
    public boolean onReceiving(DatagramPacket packet) {
        return super.onReceiving(packet) && hear.test((InetSocketAddress) packet.getSocketAddress());
    }
}
