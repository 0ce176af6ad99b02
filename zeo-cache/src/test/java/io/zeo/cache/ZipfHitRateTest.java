package io.zeo.cache;

import static io.zeo.cache.CacheTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.cache.internal.EntryCodec;
import io.zeo.cache.internal.LruSimulator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded Zipf(0.99) read trace over ten times more objects than fit: the file cache's hit rate
 * next to an exact LRU of the same byte budget (each entry charged the same record overhead).
 * Reads must count: evicting in write order only (no second chance) measured 4-5 points below
 * the LRU here, outside the 2-point margin.
 */
class ZipfHitRateTest {
  static final double SKEW = 0.99;

  @TempDir
  Path dir;

  @Test
  void hitRateIsCloseToAnExactLru() {
    long[] sizes = Boolean.getBoolean("zeo.soak") ? new long[] {1 << 20, 4 << 20, 16 << 20, 64 << 20}
        : new long[] {1 << 20, 4 << 20};
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%n| cache size | objects | reads | file cache hit rate | exact LRU hit rate |%n|---|---|---|---|---|%n"));
    for (long size : sizes) {
      double[] rates = run(size, 42);
      table.append(String.format(Locale.ROOT, "| %d MiB | %,d | %,d | %.2f%% | %.2f%% |%n", size >> 20,
          (long) rates[2], (long) rates[3], 100 * rates[0], 100 * rates[1]));
      assertThat(rates[0]).as("file cache vs LRU at %d bytes", size).isGreaterThan(rates[1] - 0.02);
    }
    System.out.println(table);
  }

  /** Returns {file cache hit rate, LRU hit rate, objects, reads}. */
  private double[] run(long size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int avg = 300;
    int fit = (int) (size / EntryCodec.entrySize(avg));
    int objects = 10 * fit;
    int[] length = new int[objects];
    for (int i = 0; i < objects; i++) {
      length[i] = 100 + r.nextInt(2 * avg - 200 + 1);
    }
    double[] cdf = zipfCdf(objects);
    long[] oidOfRank = new long[objects];
    for (int i = 0; i < objects; i++) {
      oidOfRank[i] = i;
    }
    for (int i = objects - 1; i > 0; i--) { // hot objects scattered over the oid space
      int j = r.nextInt(i + 1);
      long t = oidOfRank[i];
      oidOfRank[i] = oidOfRank[j];
      oidOfRank[j] = t;
    }
    int warmup = 20 * fit;
    int reads = Boolean.getBoolean("zeo.soak") ? 100 * fit : 40 * fit;
    LruSimulator lru = new LruSimulator(size, true);
    long hits = 0;
    long lruHits = 0;
    try (FileClientCache c = FileClientCache.open(config(dir.resolve("zipf-" + size + ".zcache"), size))) {
      c.setLastTid(1);
      for (int i = 0; i < warmup + reads; i++) {
        int rank = Arrays.binarySearch(cdf, r.nextDouble());
        long oid = oidOfRank[rank < 0 ? -rank - 1 : rank];
        boolean hit = c.load(oid).isPresent();
        if (!hit) {
          c.store(oid, 1, 0, new byte[length[(int) oid]]);
        }
        boolean lruHit = lru.read(oid);
        if (!lruHit) {
          lru.store(oid, length[(int) oid]);
        }
        if (i >= warmup) {
          hits += hit ? 1 : 0;
          lruHits += lruHit ? 1 : 0;
        }
      }
      assertThat(c.stats().bytes()).isLessThanOrEqualTo(size);
    }
    return new double[] {(double) hits / reads, (double) lruHits / reads, objects, reads};
  }

  private static double[] zipfCdf(int n) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      sum += 1 / Math.pow(k, SKEW);
      cdf[k - 1] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    cdf[n - 1] = 1.0;
    return cdf;
  }
}
