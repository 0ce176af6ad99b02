package io.zeo.auth;

import io.zeo.auth.internal.LoginGuard;
import io.zeo.auth.internal.SrpClientExchange;
import io.zeo.auth.internal.SrpServerExchange;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;

/**
 * {@code "srp"}: password login by SRP-6a (RFC 5054 2048-bit group, SHA-256), then every frame
 * sealed with AES-256-GCM under per-direction keys derived (HKDF-SHA256) from the SRP secret
 * and the handshake transcript. The password never crosses the wire and the server stores only
 * salt and verifier ({@link UserStore}); client and server both prove they know them.
 *
 * <p>Server settings: {@link AuthSettings#USER_STORE} (required), {@link AuthSettings#LOGIN_THROTTLE}
 * (optional; by default one throttle per provider instance, i.e. per class loader). Client: the
 * user name and password of the {@link AuthClientConfig}; no settings. Rights per call come
 * from the user store, live. Listed in {@code META-INF/services/io.zeo.spi.AuthProvider}.
 */
public final class SrpAuthProvider extends AuthProvider {
  /** What a client is told when a login fails, whatever the reason. */
  public static final String FAILURE_MESSAGE = "srp: login failed: unknown user or wrong password";

  private final LoginThrottle defaultThrottle = new LoginThrottle();

  @Override
  public String name() {
    return "srp";
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    try {
      javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      Class.forName("org.bouncycastle.crypto.agreement.srp.SRP6Client");
      return "";
    } catch (Exception | LinkageError e) {
      return "needs AES/GCM and BouncyCastle (bcprov) on the class path: " + e;
    }
  }

  @Override
  public AuthExchange client(AuthClientConfig config) {
    return new SrpClientExchange(config.user(), config.password());
  }

  @Override
  public AuthExchange server(AuthServerConfig config) {
    UserStore store = AuthSettings.get(config.settings(), AuthSettings.USER_STORE, UserStore.class, null);
    if (store == null) {
      throw new IllegalArgumentException("srp server needs the setting " + AuthSettings.USER_STORE
          + " (an io.zeo.auth.UserStore); settings given: " + config.settings().keySet());
    }
    LoginThrottle throttle = AuthSettings.get(config.settings(), AuthSettings.LOGIN_THROTTLE,
        LoginThrottle.class, defaultThrottle);
    return new SrpServerExchange(store, new LoginGuard("srp", throttle, config.peer(), FAILURE_MESSAGE));
  }
}
