package io.zeo.auth.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds {@link SSLContext}s from key and trust store files, once per distinct set of files
 * (keyed by path and modification time, so a replaced certificate is picked up by the next
 * connection): loading a key store costs far more than a handshake.
 */
public final class TlsContexts {
  private final Map<List<Object>, SSLContext> cache = new ConcurrentHashMap<>();

  /**
   * The context for these stores.
   *
   * @param keyStore PKCS#12 file with this side's key and certificate, or null
   * @param trustStore PKCS#12 file of trusted certificates, or null for the JDK's
   */
  public SSLContext context(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword) {
    List<Object> key = List.of(String.valueOf(keyStore), modified(keyStore), String.valueOf(trustStore), modified(trustStore));
    return cache.computeIfAbsent(key, k -> build(keyStore, keyPassword, trustStore, trustPassword));
  }

  private static SSLContext build(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword) {
    try {
      KeyManager[] km = null;
      if (keyStore != null) {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keyStore, keyPassword), keyPassword);
        km = kmf.getKeyManagers();
      }
      TrustManager[] tm = null;
      if (trustStore != null) {
        KeyStore trusted = load(trustStore, trustPassword);
        if (trusted.size() == 0) {
          // PKCS#12 stores encrypt certificates too: read without the password they look empty
          throw new IllegalArgumentException("tls: trust store " + trustStore
              + " holds no certificates (missing or wrong trust store password?)");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        tm = tmf.getTrustManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km, tm, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("tls: cannot use key store " + keyStore + " / trust store " + trustStore
          + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    } catch (IOException e) {
      throw new IllegalArgumentException("tls: cannot read PKCS#12 store " + file + " (wrong password?): "
          + e.getMessage(), e);
    }
    return ks;
  }

  private static long modified(Path p) {
    try {
      return p == null ? 0 : Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new IllegalArgumentException("tls: cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
