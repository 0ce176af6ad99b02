package io.zeo.auth;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throwaway certificate authorities and certificates (EC P-256) for the TLS tests. */
final class TestPki {
  static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A key pair and its certificate. */
  record Issued(KeyPair keys, X509Certificate cert, Issued issuer) {}

  private TestPki() {}

  static Issued ca(String cn) throws Exception {
    KeyPair keys = keys();
    X500Name name = new X500Name("CN=" + cn);
    X509v3CertificateBuilder b = builder(name, name, keys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Issued(keys, sign(b, keys), null);
  }

  /** A server certificate for {@code host} (subject CN and DNS name). */
  static Issued server(Issued ca, String host) throws Exception {
    KeyPair keys = keys();
    X509v3CertificateBuilder b = builder(new X500Name(ca.cert().getSubjectX500Principal().getName()),
        new X500Name("CN=" + host), keys);
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new Issued(keys, sign(b, ca.keys()), ca);
  }

  /** A client certificate naming user {@code cn}. */
  static Issued client(Issued ca, String cn) throws Exception {
    KeyPair keys = keys();
    X509v3CertificateBuilder b = builder(new X500Name(ca.cert().getSubjectX500Principal().getName()),
        new X500Name("CN=" + cn + ",O=ZEO tests"), keys);
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return new Issued(keys, sign(b, ca.keys()), ca);
  }

  /** An SSL context holding {@code me}'s key (may be null) and trusting {@code trusted}. */
  static SSLContext context(Issued me, X509Certificate... trusted) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(me == null ? null : keyStore(me), PASSWORD);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore(trusted));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(me == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  static KeyStore keyStore(Issued me) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("me", me.keys().getPrivate(), PASSWORD, new Certificate[] {me.cert(), me.issuer().cert()});
    return ks;
  }

  static KeyStore trustStore(X509Certificate... trusted) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    for (int i = 0; i < trusted.length; i++) {
      ts.setCertificateEntry("ca" + i, trusted[i]);
    }
    return ts;
  }

  static void write(KeyStore ks, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD);
    }
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }
}
