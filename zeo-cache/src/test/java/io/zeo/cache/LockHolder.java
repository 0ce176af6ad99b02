package io.zeo.cache;

import io.zeo.spi.ClientCacheConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Child process of {@link CacheCrashTest}: opens a cache (persistent at args[0], or temporary
 * in the directory args[1] when args[0] is "-"), stores something, prints "ready <path>" and
 * waits to be killed.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws InterruptedException {
    FileClientCache cache = args[0].equals("-")
        ? FileClientCache.builder(new ClientCacheConfig(CacheTestSupport.OWNER, 1 << 20, Optional.empty()))
            .tempDirectory(Path.of(args[1])).open()
        : FileClientCache.open(CacheTestSupport.config(Path.of(args[0]), 1 << 20));
    cache.store(1, 10, 0, new byte[] {1, 2, 3});
    cache.setLastTid(10);
    System.out.println("ready " + cache.path());
    new java.util.concurrent.CountDownLatch(1).await(); // until the parent kills us
  }
}
