package io.zeo.auth;

import java.util.Map;

/**
 * Names of the settings zeo-auth reads from {@link io.zeo.spi.AuthClientConfig#settings()} and
 * {@link io.zeo.spi.AuthServerConfig#settings()}, with the value type each expects.
 */
public final class AuthSettings {
  private AuthSettings() {}

  /** Server: the {@link UserStore} (required by srp; for tls it maps certificates to known users and grants rights). */
  public static final String USER_STORE = "zeo.auth.userStore";
  /** Server: the {@link LoginThrottle} shared by a server's connections; default: one per provider. */
  public static final String LOGIN_THROTTLE = "zeo.auth.loginThrottle";

  /** Both: a ready {@link javax.net.ssl.SSLContext}; when set, the store settings below are ignored. */
  public static final String TLS_CONTEXT = "zeo.tls.sslContext";
  /** Both: PKCS#12 key store ({@link java.nio.file.Path} or String): the server's certificate, or the client's. */
  public static final String TLS_KEY_STORE = "zeo.tls.keyStore";
  /** Both: the key store's password (char[] or String). */
  public static final String TLS_KEY_STORE_PASSWORD = "zeo.tls.keyStorePassword";
  /** Both: PKCS#12 trust store (Path or String); default: the JDK's trusted CAs. */
  public static final String TLS_TRUST_STORE = "zeo.tls.trustStore";
  /** Both: the trust store's password (char[] or String); may be absent. */
  public static final String TLS_TRUST_STORE_PASSWORD = "zeo.tls.trustStorePassword";
  /** Both: enabled protocols, comma-separated String; default {@code "TLSv1.3"}. */
  public static final String TLS_PROTOCOLS = "zeo.tls.protocols";
  /** Server: client certificates, {@code "none"}, {@code "want"} (default) or {@code "need"}. */
  public static final String TLS_CLIENT_AUTH = "zeo.tls.clientAuth";
  /** Client: check the server certificate names {@code serverHost} (Boolean); default true. */
  public static final String TLS_VERIFY_HOSTNAME = "zeo.tls.verifyHostname";

  /** The setting {@code key} as a {@code type}, or {@code fallback} if absent. */
  static <T> T get(Map<String, Object> settings, String key, Class<T> type, T fallback) {
    Object v = settings.get(key);
    if (v == null) {
      return fallback;
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("setting " + key + " must be a " + type.getSimpleName()
          + ", got a " + v.getClass().getName());
    }
    return type.cast(v);
  }
}
