package io.zeo.spi;

/**
 * Makes the caches client storages use, chosen by {@link #name()} ({@code memory} in zeo-core,
 * {@code file} in zeo-cache). Public no-arg constructor, listed in
 * {@code META-INF/services/io.zeo.spi.ClientCacheProvider}; discovery never throws.
 */
public abstract class ClientCacheProvider {
  /** The cache kind's name, lower case. */
  public abstract String name();

  /** False if this cache cannot work in this process. */
  public boolean isAvailable() {
    return true;
  }

  /** Higher wins among providers of the same name; default 5. */
  public int priority() {
    return 5;
  }

  /**
   * Opens a cache.
   *
   * @throws StorageError if a persistent cache is locked by another process
   */
  public abstract ClientCache open(ClientCacheConfig config);
}
