package io.zeo.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a server brings to a login: who is connecting (for logs and per-peer slow-down), and
 * mechanism-specific settings by name (the user store, a TLS key store).
 */
public record AuthServerConfig(String peer, Map<String, Object> settings) {
  public AuthServerConfig {
    Objects.requireNonNull(peer, "peer");
    settings = Map.copyOf(settings);
  }
}
