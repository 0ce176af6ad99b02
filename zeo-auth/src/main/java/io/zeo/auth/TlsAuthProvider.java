package io.zeo.auth;

import io.zeo.auth.internal.LoginGuard;
import io.zeo.auth.internal.TlsContexts;
import io.zeo.auth.internal.TlsExchange;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * {@code "tls"}: a JSSE {@link SSLEngine} handshake carried as handshake messages, then every
 * frame wrapped into TLS records of that session. TLS 1.3 only by default. The client checks
 * the server's certificate chain against its trust store and that the certificate names
 * {@link AuthClientConfig#serverHost()}; the server may ask for client certificates, whose
 * subject CN becomes the principal ({@code "anonymous"} without one).
 *
 * <p>Settings ({@link AuthSettings}): {@code TLS_CONTEXT}, or {@code TLS_KEY_STORE} /
 * {@code TLS_TRUST_STORE} with their passwords (PKCS#12); {@code TLS_PROTOCOLS};
 * server: {@code TLS_CLIENT_AUTH}, {@code USER_STORE} (then only certificates of users in it
 * are accepted, with the rights it grants; without it every trusted client has every right),
 * {@code LOGIN_THROTTLE}; client: {@code TLS_VERIFY_HOSTNAME}. The client's password is not
 * used. Listed in {@code META-INF/services/io.zeo.spi.AuthProvider}.
 */
public final class TlsAuthProvider extends AuthProvider {
  /** What a client is told when the server rejects it, whatever the reason. */
  public static final String FAILURE_MESSAGE = "tls: login failed: client certificate not accepted";

  private final LoginThrottle defaultThrottle = new LoginThrottle();
  private final TlsContexts contexts = new TlsContexts();

  @Override
  public String name() {
    return "tls";
  }

  @Override
  public AuthExchange client(AuthClientConfig config) {
    Map<String, Object> s = config.settings();
    SSLEngine engine = context(s, false).createSSLEngine(config.serverHost(), -1);
    engine.setUseClientMode(true);
    SSLParameters p = engine.getSSLParameters();
    p.setProtocols(protocols(s));
    if (AuthSettings.get(s, AuthSettings.TLS_VERIFY_HOSTNAME, Boolean.class, Boolean.TRUE)) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    engine.setSSLParameters(p);
    return TlsExchange.client(engine, config.user());
  }

  @Override
  public AuthExchange server(AuthServerConfig config) {
    Map<String, Object> s = config.settings();
    SSLEngine engine = context(s, true).createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters p = engine.getSSLParameters();
    p.setProtocols(protocols(s));
    String clientAuth = AuthSettings.get(s, AuthSettings.TLS_CLIENT_AUTH, String.class, "want").toLowerCase(Locale.ROOT);
    switch (clientAuth) {
      case "none":
        break;
      case "want":
        p.setWantClientAuth(true);
        break;
      case "need":
        p.setNeedClientAuth(true);
        break;
      default:
        throw new IllegalArgumentException("setting " + AuthSettings.TLS_CLIENT_AUTH + " is '" + clientAuth
            + "', expected none, want or need");
    }
    engine.setSSLParameters(p);
    LoginThrottle throttle = AuthSettings.get(s, AuthSettings.LOGIN_THROTTLE, LoginThrottle.class, defaultThrottle);
    UserStore store = AuthSettings.get(s, AuthSettings.USER_STORE, UserStore.class, null);
    return TlsExchange.server(engine, new LoginGuard("tls", throttle, config.peer(), FAILURE_MESSAGE), store);
  }

  private SSLContext context(Map<String, Object> s, boolean server) {
    SSLContext given = AuthSettings.get(s, AuthSettings.TLS_CONTEXT, SSLContext.class, null);
    if (given != null) {
      return given;
    }
    Path keyStore = path(s, AuthSettings.TLS_KEY_STORE);
    if (server && keyStore == null) {
      throw new IllegalArgumentException("tls server needs " + AuthSettings.TLS_CONTEXT + " or "
          + AuthSettings.TLS_KEY_STORE + "; settings given: " + s.keySet());
    }
    return contexts.context(keyStore, password(s, AuthSettings.TLS_KEY_STORE_PASSWORD),
        path(s, AuthSettings.TLS_TRUST_STORE), password(s, AuthSettings.TLS_TRUST_STORE_PASSWORD));
  }

  private static String[] protocols(Map<String, Object> s) {
    return AuthSettings.get(s, AuthSettings.TLS_PROTOCOLS, String.class, "TLSv1.3").split("\\s*,\\s*");
  }

  private static Path path(Map<String, Object> s, String key) {
    Object v = s.get(key);
    if (v == null || v instanceof Path) {
      return (Path) v;
    }
    return Path.of(AuthSettings.get(s, key, String.class, null));
  }

  private static char[] password(Map<String, Object> s, String key) {
    Object v = s.get(key);
    if (v == null || v instanceof char[]) {
      return (char[]) v;
    }
    return AuthSettings.get(s, key, String.class, null).toCharArray();
  }
}
