package deliverybench.tls;

import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.websockets.client.WebSocketClient;
import org.xnio.FutureResult;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.ssl.JsseXnioSsl;
import org.xnio.ssl.XnioSsl;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
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

    private static final OptionMap TLS_OPTIONS = OptionMap.create(Options.SSL_ENABLED_PROTOCOLS, ServerTls.PROTOCOLS);

    private final SSLContext context;
    private final boolean resume;
    private final List<X509Certificate> trusted;
    private final UndertowXnioSsl ssl;
    // Undertow's TLS stalls an HTTP upgrade after the ServerHello (the upgrade only writes, nothing drives the
    // handshake's reads); XNIO's own TLS carries it through. Same context: same sessions, same resumption.
    private final JsseXnioSsl webSocketSsl;

    /** @param trusted the server's certificate chain (PEM), the only anchors trusted */
    public ClientTls(List<X509Certificate> trusted, boolean resume) {
        this.resume = resume;
        this.trusted = List.copyOf(trusted);
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
                TLS_OPTIONS, context);
        this.webSocketSsl = new JsseXnioSsl(Xnio.getInstance(ClientTls.class.getClassLoader()), TLS_OPTIONS, context);
    }

    /** Trusts the PEM certificate(s) in {@code pem}. */
    public static ClientTls trusting(String pem, boolean resume) throws IOException {
        List<X509Certificate> chain = TlsCertificate.certificates(pem);
        if (chain.isEmpty()) {
            throw new IOException("no PEM certificate to trust");
        }
        return new ClientTls(chain, resume);
    }

    /** The certificates this client trusts. */
    public List<X509Certificate> trusted() {
        return trusted;
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

    /** Makes a WebSocket connection {@code wss://}: this TLS, client mode, and the bind address XNIO's TLS connect insists on. */
    public void over(WebSocketClient.ConnectionBuilder builder, OptionMap options) {
        builder.setSsl(webSocketSsl).setBindAddress(new InetSocketAddress(0)).setOptionMap(OptionMap.builder().addAll(options)
                .addAll(TLS_OPTIONS).set(Options.SSL_USE_CLIENT_MODE, true).getMap());
    }

    /**
     * A client engine for a connection off the XNIO worker (the HTTP/2 client's Netty loop): named after the peer,
     * so that it resumes as the others do (never, with resumption off), offering {@code alpn} by ALPN.
     */
    public SSLEngine newEngine(String host, int port, String... alpn) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(ServerTls.PROTOCOL_NAMES.toArray(String[]::new));
        parameters.setApplicationProtocols(alpn);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Opens a TLS connection on {@code thread}; the handshake runs with the first write. */
    public IoFuture<StreamConnection> open(XnioIoThread thread, InetSocketAddress server, OptionMap options) {
        FutureResult<StreamConnection> result = new FutureResult<>(thread);
        IoFuture<StreamConnection> raw = thread.openStreamConnection(server, null, options);
        raw.addNotifier(new IoFuture.HandlingNotifier<StreamConnection, FutureResult<StreamConnection>>() {
            @Override
            public void handleDone(StreamConnection connection, FutureResult<StreamConnection> opened) {
                // The engine is named after the peer's address and port: what the session cache resumes by.
                opened.setResult(ssl.wrapExistingConnection(connection, TLS_OPTIONS, true));
            }

            @Override
            public void handleFailed(IOException exception, FutureResult<StreamConnection> opened) {
                opened.setException(exception);
            }

            @Override
            public void handleCancelled(FutureResult<StreamConnection> opened) {
                opened.setCancelled();
            }
        }, result);
        result.addCancelHandler(raw);
        return result.getIoFuture();
    }
}
