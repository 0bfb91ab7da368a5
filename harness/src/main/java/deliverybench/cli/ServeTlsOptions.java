package deliverybench.cli;

import deliverybench.tls.ServerTls;
import deliverybench.tls.TlsCertificate;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code serve}'s wire options: whether to speak TLS on every port, with which certificate, and HTTP/2. */
final class ServeTlsOptions {

    @Option(names = "--tls", description = "Serve every port over TLS (1.3, 1.2 allowed; session tickets offered): "
            + "https:// and wss:// on the HTTP port, the same frames or packets inside TLS on the TCP, XMPP and MQTT ports.")
    boolean tls;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "The certificate chain (PEM, leaf first); with "
            + "--tls-key. Default with --tls: a self-signed one made at start, written to a file whose path is printed.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert (PEM, unencrypted).")
    Path key;

    @Option(names = "--http2", description = "The HTTP port also speaks HTTP/2, same paths, statuses and bodies: h2 "
            + "chosen by ALPN under --tls, h2c with prior knowledge without (HTTP/1.1 clients are served as before).")
    boolean http2;

    /** The server's TLS, or null without {@code --tls}; fails on a half-given or unreadable pair. */
    ServerTls serverTls(String host) throws IOException {
        if (!tls) {
            if (certificate != null || key != null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key need --tls");
            }
            return null;
        }
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return new ServerTls(certificate == null ? TlsCertificate.selfSigned(TlsCertificate.loopbackNames(host))
                : TlsCertificate.read(certificate, key));
    }

    /** The PEM a client is to trust: the given file, or the self-signed certificate written next to the secret. */
    Path certificateFile(ServerTls tls) throws IOException {
        if (certificate != null) {
            return certificate.toAbsolutePath();
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "deliverybench-" + ProcessHandle.current().pid() + "-cert.pem");
        Files.writeString(file, tls.certificate().certificatePem());
        file.toFile().deleteOnExit();
        return file;
    }
}
