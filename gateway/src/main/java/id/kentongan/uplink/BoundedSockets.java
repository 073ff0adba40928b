package id.kentongan.uplink;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Socket factories for Paho whose sockets read through a {@link BoundedMqttInput}: the one place under
 * Paho where a packet's size can be judged before Paho allocates it. Paho's {@code tcp://} module
 * wants a plain {@link SocketFactory}, its {@code ssl://} module an {@link SSLSocketFactory} whose
 * sockets are {@link SSLSocket}s (it sets SNI and host name checks on them), hence two kinds. Paho
 * creates each socket unconnected and connects it itself.
 *
 * <p>Why not Paho's {@code NetworkModuleFactory} service: it is found through a class-path-wide
 * {@code ServiceLoader} by URI scheme, in order of the class path (the first factory for {@code tcp}
 * wins, Paho's own or ours), and its modules implement an interface of Paho's {@code internal} package.
 *
 * <p>Stateless apart from the shared {@link PacketLimit}; any thread.
 */
final class BoundedSockets {

    private BoundedSockets() {
    }

    /**
     * @param tls the TLS factory for {@code ssl://} brokers, or {@code null} for {@code tcp://}
     */
    static SocketFactory around(SSLSocketFactory tls, PacketLimit limit) {
        return tls == null ? new Plain(limit) : new Tls(tls, limit);
    }

    static InputStream bounded(InputStream in, PacketLimit limit) {
        return new BoundedMqttInput(in, limit, System::nanoTime);
    }

    /** A plain socket whose input is bounded; the bounded stream is made once, as the socket's is. */
    static final class BoundedSocket extends Socket {
        private final PacketLimit limit;
        private InputStream input;

        BoundedSocket(PacketLimit limit) {
            this.limit = limit;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = bounded(super.getInputStream(), limit);
            }
            return input;
        }
    }

    private static final class Plain extends SocketFactory {
        private final PacketLimit limit;

        Plain(PacketLimit limit) {
            this.limit = limit;
        }

        @Override
        public Socket createSocket() {
            return new BoundedSocket(limit);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(createSocket(), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket s = createSocket();
            s.bind(new InetSocketAddress(localHost, localPort));
            return connected(s, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(createSocket(), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket s = createSocket();
            s.bind(new InetSocketAddress(localAddress, localPort));
            return connected(s, new InetSocketAddress(address, port));
        }

        private static Socket connected(Socket s, InetSocketAddress to) throws IOException {
            try {
                s.connect(to);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory tls;
        private final PacketLimit limit;

        Tls(SSLSocketFactory tls, PacketLimit limit) {
            this.tls = tls;
            this.limit = limit;
        }

        private Socket wrap(Socket s) {
            return new BoundedSslSocket((SSLSocket) s, limit);
        }

        @Override
        public Socket createSocket() throws IOException {
            return wrap(tls.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return wrap(tls.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return wrap(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return wrap(tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return wrap(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return wrap(tls.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }
    }
}
