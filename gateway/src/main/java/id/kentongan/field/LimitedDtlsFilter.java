package id.kentongan.field;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DtlsDatagramFilter;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Scandium's default datagram filter (record header checks) with the {@link SourceLimiter} after it:
 * a ClientHello flood from many ports is dropped on the receiver thread, before a cookie is computed
 * or a handshake is begun. Scandium reports such a datagram to its health hook as a dropped record,
 * as it does one that fails its integrity check; {@code limited} counts them apart. Runs on the DTLS
 * receiver thread.
 */
final class LimitedDtlsFilter extends DtlsDatagramFilter {

    private final Predicate<InetSocketAddress> hear;
    private final AtomicLong limited;

    LimitedDtlsFilter(Configuration configuration, Predicate<InetSocketAddress> hear, AtomicLong limited) {
        super(configuration);
        this.hear = hear;
        this.limited = limited;
    }

    @Override
    public boolean onReceiving(DatagramPacket packet) {
        if (!super.onReceiving(packet)) {
            return false;
        }
        if (!hear.test((InetSocketAddress) packet.getSocketAddress())) {
            limited.incrementAndGet();
            return false;
        }
        return true;
    }
}
