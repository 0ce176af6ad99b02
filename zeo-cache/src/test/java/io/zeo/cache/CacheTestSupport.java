package io.zeo.cache;

import io.zeo.spi.ClientCacheConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/** Shared helpers: deterministic contents and configs. */
final class CacheTestSupport {
  static final String OWNER = "unix:/run/zeo.sock#main";

  private CacheTestSupport() {}

  static ClientCacheConfig config(Path path, long size) {
    return new ClientCacheConfig(OWNER, size, Optional.of(path));
  }

  /** The bytes revision {@code start} of {@code oid} holds in every test: checkable after a crash. */
  static byte[] data(long oid, long start, int maxLength) {
    SplittableRandom r = new SplittableRandom(oid * 1_000_003L ^ start);
    byte[] b = new byte[r.nextInt(maxLength + 1)];
    r.nextBytes(b);
    return b;
  }
}
