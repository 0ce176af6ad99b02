package io.zeo.spi;

/**
 * An authentication (and optionally encryption) mechanism negotiated per connection by
 * {@link #name()} ({@code srp}, {@code tls}). zeo-core carries the handshake messages of an
 * {@link AuthExchange} pair between client and server before any storage call; the result is a
 * principal and, optionally, a {@link FrameProtector} for every later frame.
 *
 * <h2>Contract for plugin authors</h2>
 * Public no-arg constructor, listed in {@code META-INF/services/io.zeo.spi.AuthProvider};
 * discovery never throws; thread-safe (each exchange is used by one connection). Never log
 * secrets. The {@code AuthTck} in zeo-testkit checks an implementation.
 */
public abstract class AuthProvider {
  /** The mechanism's name on the wire, lower case. */
  public abstract String name();

  /** False if this mechanism cannot work in this process. */
  public boolean isAvailable() {
    return true;
  }

  /** Why {@link #isAvailable()} is false. */
  public String unavailableReason() {
    return "";
  }

  /** Higher wins among providers of the same name; default 5. */
  public int priority() {
    return 5;
  }

  /** The client side of one handshake. */
  public abstract AuthExchange client(AuthClientConfig config);

  /** The server side of one handshake. */
  public abstract AuthExchange server(AuthServerConfig config);
}
