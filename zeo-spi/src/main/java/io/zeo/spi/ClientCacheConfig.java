package io.zeo.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client storage asks for its cache.
 *
 * @param owner identifies the storage the cache belongs to (server addresses and storage
 *     name); a persistent cache opened for another owner is dropped
 * @param maxBytes the size bound
 * @param path where a persistent cache lives; empty for a temporary or in-memory cache
 */
public record ClientCacheConfig(String owner, long maxBytes, Optional<Path> path) {
  public ClientCacheConfig {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(path, "path");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size " + maxBytes + " is negative");
    }
  }
}
