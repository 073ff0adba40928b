package id.kentongan.field;

import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * Californium's UDP connector with the {@link SourceLimiter} in front: a datagram whose sender may not
 * be heard is dropped on the receiver thread, before it is copied, parsed, or given an exchange and a
 * place in the deduplicator. Runs on the connector's receiver thread.
 */
final class LimitedUdpConnector extends UDPConnector {

    private final Predicate<InetSocketAddress> hear;

    LimitedUdpConnector(InetSocketAddress address, Configuration configuration, Predicate<InetSocketAddress> hear) {
        super(address, configuration);
        this.hear = hear;
    }

    @Override
    public void processDatagram(DatagramPacket datagram) {
        if (datagram.getPort() == 0 || hear.test(new InetSocketAddress(datagram.getAddress(), datagram.getPort()))) {
            super.processDatagram(datagram); // a port of 0 is dropped there, as RFC 768 allows
        }
    }
}
