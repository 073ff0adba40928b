package id.kentongan.uplink;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/**
 * TLS for the uplink from PEM files, as brokers and their operators hand them out: the CA that signed
 * the broker's certificate (verified, with the host name), and optionally the post's own certificate
 * and PKCS#8 key for brokers that want client certificates. Stateless; owner thread at start.
 */
final class Tls {

    private Tls() {
    }

    static SSLSocketFactory socketFactory(Path ca, Path clientCert, Path clientKey) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            try (InputStream in = Files.newInputStream(ca)) {
                for (Certificate c : cf.generateCertificates(in)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
            }
            if (i == 0) {
                throw new IOException("no certificate in " + ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCert != null && clientKey != null) {
                Collection<? extends Certificate> chain;
                try (InputStream in = Files.newInputStream(clientCert)) {
                    chain = cf.generateCertificates(in);
                }
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] none = new char[0];
                keys.setKeyEntry("post", privateKey(clientKey), none, chain.toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("BEGIN PRIVATE KEY")) {
            throw new IOException(pem + " must be an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert "
                    + "with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new IOException(pem + ": not an EC, RSA or Ed25519 key");
    }
}
