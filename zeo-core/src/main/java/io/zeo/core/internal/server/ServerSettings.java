package io.zeo.core.internal.server;

import io.zeo.spi.ReferenceFinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link io.zeo.core.ZeoServer} was configured with, as its connections see it.
 *
 * @param transactionTimeout how long a voted transaction may hold the commit lock; zero means
 *     no limit
 * @param outboundLimit bytes a connection may have queued for a client before it is closed
 */
public record ServerSettings(int maxFrameSize, Duration transactionTimeout, int invalidationQueueSize,
    long spillThreshold, List<String> compressions, boolean requireCompression, List<String> auths,
    boolean requireAuth, Map<String, Object> authSettings, long outboundLimit, ReferenceFinder references) {
  public ServerSettings {
    compressions = List.copyOf(compressions);
    auths = List.copyOf(auths);
    authSettings = Map.copyOf(authSettings);
  }
}
