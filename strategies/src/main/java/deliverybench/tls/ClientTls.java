package deliverybench.tls;

import io.undertow.protocols.ssl.UndertowXnioSsl;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.ssl.XnioSsl;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The driver's side of TLS: trusts the server's certificate (and nothing else), and opens connections that
 * resume their session on reconnect, or, with {@code resume} off, always make a full handshake.
 */
public final class ClientTls {

    private final SSLContext context;
    private final boolean resume;
    private final UndertowXnioSsl ssl;

    /** @param trusted the server's certificate chain (PEM), the only anchors trusted */
    public ClientTls(List<X509Certificate> trusted, boolean resume) {
        this.resume = resume;
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                anchors.setCertificateEntry("server-" + i, trusted.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext plain = SSLContext.getInstance("TLS");
            plain.init(null, trust.getTrustManagers(), null);
            this.context = resume ? plain : new FreshSessions(plain);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust this certificate: " + e.getMessage(), e);
        }
        this.ssl = new UndertowXnioSsl(Xnio.getInstance(ClientTls.class.getClassLoader()),
                OptionMap.create(Options.SSL_ENABLED_PROTOCOLS, ServerTls.PROTOCOLS), context);
    }

    /** Trusts the PEM certificate(s) in {@code pem}. */
    public static ClientTls trusting(String pem, boolean resume) throws IOException {
        List<X509Certificate> chain = TlsCertificate.certificates(pem);
        if (chain.isEmpty()) {
            throw new IOException("no PEM certificate to trust");
        }
        return new ClientTls(chain, resume);
    }

    public SSLContext context() {
        return context;
    }

    public boolean resumes() {
        return resume;
    }

    /** For Undertow's HTTP and WebSocket clients. */
    public XnioSsl xnioSsl() {
        return ssl;
    }

    /** Opens a TLS connection on {@code thread}; the handshake runs with the first write. */
    @SuppressWarnings("unchecked")
    public IoFuture<StreamConnection> open(XnioIoThread thread, InetSocketAddress server, OptionMap options) {
        // An SslConnection is a StreamConnection; the future only ever hands one out.
        return (IoFuture<StreamConnection>) (IoFuture<?>) ssl.openSslConnection(thread, null, server, null, null,
                OptionMap.builder().addAll(options).set(Options.SSL_ENABLED_PROTOCOLS, ServerTls.PROTOCOLS).getMap());
    }
}
