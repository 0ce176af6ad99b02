package io.zeo.auth.internal;

import io.zeo.auth.LoginThrottle;
import io.zeo.spi.AuthenticationError;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The server side's bookkeeping around one login: refuses peers that must still wait, logs
 * failures (mechanism, user, peer: never secrets) and feeds the throttle.
 */
public final class LoginGuard {
  private static final System.Logger LOG = System.getLogger("io.zeo.auth");

  private final String mechanism;
  private final LoginThrottle throttle;
  private final String peer;
  private final String failureMessage;

  /**
   * @param failureMessage what the client is told on any failure: it must not say whether the
   *     user exists
   */
  public LoginGuard(String mechanism, LoginThrottle throttle, String peer, String failureMessage) {
    this.mechanism = mechanism;
    this.throttle = throttle;
    this.peer = peer;
    this.failureMessage = failureMessage;
  }

  /** @throws AuthenticationError if the peer must still wait after earlier failures */
  public void checkAllowed() {
    Duration wait = throttle.waitBefore(peer);
    if (!wait.isZero()) {
      LOG.log(Level.INFO, () -> mechanism + " login from " + safe(peer) + " refused: "
          + wait.toMillis() + " ms left of its back-off after failed logins");
      throw new AuthenticationError("too many failed logins from this address; retry in "
          + Math.max(1, (wait.toMillis() + 999) / 1000) + " s");
    }
  }

  /** Logs and counts a failure; returns the error to throw (the same whatever the reason). */
  public AuthenticationError failed(String user, String reason) {
    Duration wait = throttle.failed(peer);
    LOG.log(Level.WARNING, () -> mechanism + " login failed for user '" + safe(user) + "' from "
        + safe(peer) + ": " + reason + (wait.isZero() ? "" : "; peer backs off " + wait.toMillis() + " ms"));
    return new AuthenticationError(failureMessage);
  }

  /** Logs and records a success. */
  public void succeeded(String user) {
    throttle.succeeded(peer);
    LOG.log(Level.DEBUG, () -> mechanism + " login of user '" + safe(user) + "' from " + safe(peer));
  }

  /** Text from the wire made safe for a log line: printable, at most 80 characters. */
  public static String safe(String s) {
    if (s == null) {
      return "?";
    }
    StringBuilder sb = new StringBuilder();
    s.codePoints().limit(80).forEach(c -> sb.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
    return s.codePointCount(0, s.length()) > 80 ? sb + "..." : sb.toString();
  }
}
