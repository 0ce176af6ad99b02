package io.zeo.cache;

import io.zeo.spi.ClientCacheConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One-run measurements for the note (not a unit test): reopening a cache of 1M entries
 * (saved index, and by a scan) and the cost of a hit. Args: directory [entries] [data bytes].
 *
 * <pre>
 * java -cp zeo-spi/target/classes:zeo-cache/target/classes:zeo-cache/target/test-classes \
 *     io.zeo.cache.CacheBench /tmp/bench 1000000 100
 * </pre>
 */
public final class CacheBench {
  private CacheBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int dataBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Files.createDirectories(dir);
    Path p = dir.resolve("bench.zcache");
    Files.deleteIfExists(p);
    Files.deleteIfExists(p.resolveSibling("bench.zcache.index"));
    long size = (long) (entries * (48L + dataBytes + 16) * 1.25) + (1 << 20);
    ClientCacheConfig config = new ClientCacheConfig("bench", size, Optional.of(p));
    byte[] data = new byte[dataBytes];
    long t0 = System.nanoTime();
    try (FileClientCache c = FileClientCache.open(config)) {
      for (long oid = 0; oid < entries; oid++) {
        c.store(oid, 10, 0, data);
      }
      c.setLastTid(10);
      System.out.printf("fill %,d entries of %d bytes into a %,d-byte cache: %.0f ms (%s entries held)%n", entries,
          dataBytes, size, ms(t0), c.stats().entries());
      t0 = System.nanoTime();
    }
    System.out.printf("close (force + save index): %.0f ms, index %,d bytes%n", ms(t0),
        Files.size(p.resolveSibling("bench.zcache.index")));
    for (int run = 0; run < 3; run++) {
      t0 = System.nanoTime();
      long cpu0 = cpu();
      try (FileClientCache c = FileClientCache.open(config)) {
        System.out.printf("reopen from the saved index: %.0f ms wall, %.0f ms cpu of this thread (%,d entries)%n",
            ms(t0), (cpu() - cpu0) / 1e6, c.stats().entries());
        if (run == 2) {
          hits(c, entries);
        }
      }
    }
    for (int run = 0; run < 2; run++) {
      Files.deleteIfExists(p.resolveSibling("bench.zcache.index"));
      t0 = System.nanoTime();
      long cpu0 = cpu();
      try (FileClientCache c = FileClientCache.open(config)) {
        System.out.printf("reopen by a scan (no index): %.0f ms wall, %.0f ms cpu (%,d entries)%n", ms(t0),
            (cpu() - cpu0) / 1e6, c.stats().entries());
      }
    }
  }

  private static void hits(FileClientCache c, int entries) {
    timeHits("hit (random oid of " + String.format("%,d", entries) + ", one thread)", entries,
        oid -> c.load(oid).orElseThrow().data().length);
  }

  /** Times 5 rounds of 2M calls of {@code hit} on random oids below {@code entries}, printing each. */
  static void timeHits(String what, int entries, java.util.function.LongToIntFunction hit) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    SplittableRandom r = new SplittableRandom(1);
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      int n = 2_000_000;
      long[] oids = new long[n];
      for (int i = 0; i < n; i++) {
        oids[i] = r.nextInt(entries);
      }
      long alloc0 = threads.getThreadAllocatedBytes(tid);
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += hit.applyAsInt(oids[i]);
      }
      long ns = System.nanoTime() - t0;
      long cpuNs = cpu() - cpu0;
      long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
      System.out.printf("%s: %.0f ns/op wall, %.0f ns/op cpu, %.0f bytes allocated/op%n", what, (double) ns / n,
          (double) cpuNs / n, (double) alloc / n);
    }
    System.out.println("(checksum " + sink + ")");
  }

  static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
