package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The simulator's TLS: a self-signed certificate for 127.0.0.1, ::1 and localhost, kept in
 * {@code shop-simulator-tls.p12} beside this class. It exists for tests and local mode only;
 * nothing trusts it but a client given {@link #clientContext()}.
 */
final class SimulatorTls {
    private static final String KEYSTORE = "shop-simulator-tls.p12";
    private static final char[] PASSWORD = "orderhook-simulator".toCharArray();
    private static final String ALIAS = "shop-simulator";

    private SimulatorTls() {}

    static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the simulator's test certificate cannot be used: " + e.getMessage(), e);
        }
    }

    static SSLContext clientContext() {
        try {
            Certificate certificate = keyStore().getCertificate(ALIAS);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the simulator's test certificate cannot be trusted: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore() {
        try (InputStream in = SimulatorTls.class.getResourceAsStream(KEYSTORE)) {
            if (in == null) {
                throw new IllegalStateException(KEYSTORE + " is missing from the testkit jar");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read " + KEYSTORE + ": " + e.getMessage(), e);
        }
    }
}
