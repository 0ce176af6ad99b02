package io.zeo.core.internal.client;

import io.zeo.spi.ClientCache;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.ClientCacheProvider;

/** The {@code memory} client cache: in this process only, bounded in bytes, gone on close. */
public final class MemoryCacheProvider extends ClientCacheProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public ClientCache open(ClientCacheConfig config) {
    return new MemoryCache(config.maxBytes());
  }
}
