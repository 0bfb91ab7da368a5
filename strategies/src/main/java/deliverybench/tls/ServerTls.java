package deliverybench.tls;

import com.fasterxml.jackson.core.JsonGenerator;
import deliverybench.core.stats.StatsKeys;
import deliverybench.core.stats.StatsSection;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server side of TLS: one context for every listener (so a ticket from the HTTP port resumes there and a
 * TCP one on the TCP port), wrapping each accepted connection, and counting full and resumed handshakes.
 */
public final class ServerTls implements StatsSection {

    /** TLS 1.3 first; 1.2 for a client that has nothing newer. */
    static final List<String> PROTOCOL_NAMES = List.of("TLSv1.3", "TLSv1.2");
    static final Sequence<String> PROTOCOLS = Sequence.of(PROTOCOL_NAMES);

    private final TlsCertificate certificate;
    private final SSLContext context;
    private final UndertowXnioSsl ssl;
    private final OptionMap options;
    private final LongAdder full = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    // Engines that were handed the private key: a full handshake. A resumed one never asks the key manager.
    private final Set<SSLEngine> signing = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public ServerTls(TlsCertificate certificate) {
        this.certificate = certificate;
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {new CountingKeyManager(keyManager(certificate))}, null, null);
            this.options = OptionMap.create(Options.SSL_ENABLED_PROTOCOLS, PROTOCOLS);
            this.ssl = new UndertowXnioSsl(Xnio.getInstance(ServerTls.class.getClassLoader()), options, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with this certificate and key: " + e.getMessage(), e);
        }
    }

    private static X509KeyManager keyManager(TlsCertificate certificate) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("server", certificate.key(), none, certificate.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, none);
        return (X509KeyManager) factory.getKeyManagers()[0];
    }

    public TlsCertificate certificate() {
        return certificate;
    }

    /**
     * Puts TLS over an accepted connection. Whatever is wrapped around {@code raw}'s conduits before this call
     * sees the bytes as they cross the socket (records, headers and tags); what is wrapped around the result
     * sees the plaintext.
     */
    public SslConnection wrap(StreamConnection raw) {
        SslConnection wrapped = ssl.wrapExistingConnection(raw, options, false);
        SSLEngine engine = UndertowXnioSsl.getSslEngine(wrapped);
        wrapped.getHandshakeSetter().set(connection -> handshakeFinished(engine));
        return wrapped;
    }

    /**
     * A server engine for a listener off the XNIO worker (MQTT's Netty loop): the same context, so the same
     * certificate, protocols and session tickets. Its owner calls {@link #handshakeFinished} once it has shaken hands.
     */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOL_NAMES.toArray(String[]::new));
        return engine;
    }

    /** Counts a finished handshake of {@code engine}: full if it asked for the private key, resumed if not. */
    public void handshakeFinished(SSLEngine engine) {
        if (signing.remove(engine)) {
            full.increment();
        } else {
            resumed.increment();
        }
    }

    public long fullHandshakes() {
        return full.sum();
    }

    public long resumedHandshakes() {
        return resumed.sum();
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart(StatsKeys.TLS);
        json.writeNumberField(StatsKeys.TLS_HANDSHAKES_FULL, fullHandshakes());
        json.writeNumberField(StatsKeys.TLS_HANDSHAKES_RESUMED, resumedHandshakes());
        json.writeStringField("certificate_sha256", certificate.fingerprintSha256());
        json.writeEndObject();
    }

    /** Hands out the one key and notes which engines asked for it. */
    private final class CountingKeyManager extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        CountingKeyManager(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = delegate.chooseServerAlias(keyType, issuers, null);
            if (alias != null && engine != null) {
                signing.add(engine);
            }
            return alias;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
