package deliverybench.run.server;

import deliverybench.tls.TlsCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code run --tls}: one self-signed certificate made by the driver and handed to every server it spawns (so a
 * restarted server or another gateway keeps it), and whether the clients resume their sessions.
 *
 * @param certificate the PEM chain the servers serve
 * @param key         its PEM private key, readable by this user only
 * @param resume      clients resume a session on reconnect; false: every handshake is a full one
 */
public record RunTls(Path certificate, Path key, boolean resume) {

    /** Makes the certificate and key files in a folder of their own, removed when the driver exits. */
    public static RunTls selfSigned(boolean resume) throws IOException {
        TlsCertificate made = TlsCertificate.selfSigned(TlsCertificate.loopbackNames("127.0.0.1"));
        Path folder = Files.createTempDirectory("deliverybench-tls",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path certificate = Files.writeString(folder.resolve("cert.pem"), made.certificatePem());
        Path key = Files.writeString(folder.resolve("key.pem"), made.privateKeyPem());
        for (Path file : List.of(key, certificate, folder)) {
            file.toFile().deleteOnExit();
        }
        return new RunTls(certificate, key, resume);
    }

    /** What {@code serve} is given. */
    public List<String> serverArgs() {
        return List.of("--tls", "--tls-cert", certificate.toString(), "--tls-key", key.toString());
    }

    /** The clients' view of a spawned server: resuming or not. */
    public ServerTarget clientsOf(ServerTarget spawned) {
        return resume ? spawned : spawned.withoutResumption();
    }

    @Override
    public String toString() {
        return "TLS, sessions " + (resume ? "resumed" : "never resumed");
    }
}
