package io.zeo.core.internal.client;

import io.zeo.spi.AuthClientConfig;
import java.time.Duration;
import java.util.List;

/**
 * What a client connection asks for in its handshake.
 *
 * @param authMechanism the mechanism to offer, or null for none
 * @param authConfig its client settings (required when {@code authMechanism} is set)
 * @param lastTid the last tid the client's cache is consistent with, for verification; 0 if none
 */
public record ConnectOptions(String storage, boolean readOnly, List<String> compressions, String authMechanism,
    AuthClientConfig authConfig, int maxFrameSize, Duration connectTimeout, String clientName, long lastTid) {
  public ConnectOptions {
    compressions = List.copyOf(compressions);
  }
}
