package io.zeo.server.internal;

import io.zeo.auth.AuthSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The TLS files of {@code zeo serve --auth tls}: the server's PKCS#12 key store (its
 * certificate), an optional trust store for client certificates, each password read from a
 * file (never from the command line, where {@code ps} shows it), and whether client
 * certificates are asked for.
 *
 * @param clientAuth {@code none}, {@code want} or {@code need}; null for zeo-auth's default
 */
public record TlsFiles(Path keyStore, Path keyStorePasswordFile, Path trustStore, Path trustStorePasswordFile,
    String clientAuth) {
  /** No TLS settings. */
  public static final TlsFiles NONE = new TlsFiles(null, null, null, null, null);

  /** Each command-line value, else the config file's. */
  TlsFiles over(TlsFiles file) {
    return new TlsFiles(keyStore != null ? keyStore : file.keyStore,
        keyStorePasswordFile != null ? keyStorePasswordFile : file.keyStorePasswordFile,
        trustStore != null ? trustStore : file.trustStore,
        trustStorePasswordFile != null ? trustStorePasswordFile : file.trustStorePasswordFile,
        clientAuth != null ? clientAuth : file.clientAuth);
  }

  /** Checks the values against the offered mechanisms; names the bad one. */
  void check(java.util.List<String> auth) {
    boolean tls = auth.contains("tls");
    if (tls && keyStore == null) {
      throw Failure.usage("auth tls needs the server's key store: give --tls-key-store FILE (tls-key-store = FILE)");
    }
    if (!tls && (keyStore != null || trustStore != null)) {
      throw Failure.usage("a TLS key or trust store is given but auth " + auth + " does not offer tls (--auth tls)");
    }
    for (Path f : new Path[] {keyStore, keyStorePasswordFile, trustStore, trustStorePasswordFile}) {
      if (f != null && !Files.isRegularFile(f)) {
        throw Failure.usage("TLS file " + f + " does not exist");
      }
    }
    if (clientAuth != null && !java.util.List.of("none", "want", "need").contains(clientAuth)) {
      throw Failure.usage("tls-client-auth \"" + clientAuth + "\" is not none, want or need");
    }
  }

  /** The zeo-auth server settings these files make; empty when no key store is set. */
  Map<String, Object> authSettings() {
    Map<String, Object> m = new HashMap<>();
    if (keyStore != null) {
      m.put(AuthSettings.TLS_KEY_STORE, keyStore);
      if (keyStorePasswordFile != null) {
        m.put(AuthSettings.TLS_KEY_STORE_PASSWORD, Passwords.fromFile(keyStorePasswordFile));
      }
    }
    if (trustStore != null) {
      m.put(AuthSettings.TLS_TRUST_STORE, trustStore);
      if (trustStorePasswordFile != null) {
        m.put(AuthSettings.TLS_TRUST_STORE_PASSWORD, Passwords.fromFile(trustStorePasswordFile));
      }
    }
    if (clientAuth != null) {
      m.put(AuthSettings.TLS_CLIENT_AUTH, clientAuth);
    }
    return m;
  }
}
