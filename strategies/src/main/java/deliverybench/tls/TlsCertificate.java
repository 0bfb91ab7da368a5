package deliverybench.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A server's certificate chain and private key: read from PEM files, or made at start and signed by itself
 * (EC P-256, the names a loopback client dials in its subject alternative names).
 */
public record TlsCertificate(List<X509Certificate> chain, PrivateKey key) {

    /** How long a self-signed certificate is valid: a benchmark's server lives for minutes. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(30);

    public TlsCertificate {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
        chain = List.copyOf(chain);
    }

    /** A new key pair and a certificate for {@code names} (host names or IP literals), signed by that key. */
    public static TlsCertificate selfSigned(Collection<String> names) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=deliverybench");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new TlsCertificate(List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** The names a client on this machine may dial: the bound host, loopback by address and by name. */
    public static List<String> loopbackNames(String host) {
        LinkedHashSet<String> names = new LinkedHashSet<>(List.of(host, "127.0.0.1", "::1", "localhost"));
        names.remove("0.0.0.0");
        names.remove("::");
        return new ArrayList<>(names);
    }

    private static GeneralNames alternativeNames(Collection<String> names) {
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            boolean literal = name.contains(":") || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
            general.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    /** Reads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8, or traditional RSA/EC). */
    public static TlsCertificate read(Path certificatePem, Path keyPem) throws IOException {
        List<X509Certificate> chain = certificates(Files.readString(certificatePem, StandardCharsets.US_ASCII));
        if (chain.isEmpty()) {
            throw new IOException(certificatePem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(keyPem, StandardCharsets.US_ASCII))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key;
            if (read instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (read instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IOException(keyPem + " holds no unencrypted PEM private key (found "
                        + (read == null ? "nothing" : read.getClass().getSimpleName()) + ")");
            }
            return new TlsCertificate(chain, key);
        }
    }

    /** Every certificate of a PEM text, in order. */
    public static List<X509Certificate> certificates(String pem) throws IOException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The chain as PEM, what a client passes to {@code curl --cacert}. */
    public String certificatePem() {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : chain) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public String privateKeyPem() {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** The leaf's SHA-256 fingerprint, colon-separated upper-case hex, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public String fingerprintSha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
