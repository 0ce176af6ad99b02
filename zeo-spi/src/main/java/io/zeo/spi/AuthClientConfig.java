package io.zeo.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a client brings to a login: a user name, a password source (never part of a URI; a
 * callback so it need not sit in memory), the server's host name for certificate checks, and
 * mechanism-specific settings (e.g. TLS trust store paths) by name.
 */
public record AuthClientConfig(String user, Supplier<char[]> password, String serverHost,
    Map<String, Object> settings) {
  public AuthClientConfig {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(serverHost, "serverHost");
    settings = Map.copyOf(settings);
  }

  @Override
  public String toString() {
    return "AuthClientConfig[user=" + user + ", serverHost=" + serverHost + ", settings=" + settings.keySet() + "]";
  }
}
