package io.zeo.cache;

import io.zeo.spi.ClientCache;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child process of {@link CacheCrashTest}: applies rounds of a seeded schedule to a cache as a
 * client would (invalidate, store the new current revision, read some, set the last tid) until
 * it is killed. Args: cache path, cache size.
 */
public final class CrashWriter {
  static final int OIDS = 3000;
  static final int MAX_DATA = 2000;

  private CrashWriter() {}

  /** The oids round {@code round} changes: the same in the child and in the checking parent. */
  static long[] changed(long round) {
    SplittableRandom r = new SplittableRandom(round * 7919);
    long[] oids = new long[1 + r.nextInt(8)];
    for (int i = 0; i < oids.length; i++) {
      oids[i] = r.nextInt(OIDS);
    }
    return oids;
  }

  public static void main(String[] args) {
    Path path = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    try (ClientCache cache = FileClientCache.open(CacheTestSupport.config(path, size))) {
      long round = cache.lastTid() + 1;
      System.out.println("open " + cache.lastTid());
      SplittableRandom reads = new SplittableRandom(round);
      for (; ; round++) {
        for (long oid : changed(round)) {
          cache.invalidate(oid, round);
          cache.store(oid, round, 0, CacheTestSupport.data(oid, round, MAX_DATA));
        }
        for (int i = 0; i < 8; i++) {
          cache.load(reads.nextInt(OIDS / 10)); // a hot tenth: exercises the second chance
        }
        cache.setLastTid(round);
        if (round % 50 == 0) {
          System.out.println("round " + round);
        }
      }
    }
  }
}
