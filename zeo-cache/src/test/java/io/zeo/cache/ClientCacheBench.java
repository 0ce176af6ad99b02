package io.zeo.cache;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.TransactionMetadata;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Not a test: times the reopen of a ClientStorage whose persistent cache holds 1M entries (the
 * server up, a few objects changed since), and a cache hit through {@link ClientStorage#load}.
 * Run by hand: {@code java -Xmx2g -cp <test class path> io.zeo.cache.ClientCacheBench <dir> [entries] [data bytes]}.
 */
public final class ClientCacheBench {
  private ClientCacheBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int dataBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Files.createDirectories(dir);
    Path p = dir.resolve("client-bench.zcache");
    for (String suffix : new String[] {"", ".index"}) {
      Files.deleteIfExists(p.resolveSibling(p.getFileName() + suffix));
    }
    long size = (long) (entries * (48L + dataBytes + 16) * 1.25) + (1 << 20);
    MemoryStorage mem = MemoryStorage.create();
    byte[] data = new byte[dataBytes];
    long t0 = System.nanoTime();
    long[] serials = new long[entries];
    for (int from = 0; from < entries; from += 10_000) {
      TransactionMetadata t = TransactionMetadata.of("bench", "fill");
      mem.tpcBegin(t);
      int to = Math.min(entries, from + 10_000);
      for (int oid = from; oid < to; oid++) {
        mem.store(oid, 0, data, t);
      }
      mem.tpcVote(t);
      long tid = mem.tpcFinish(t);
      java.util.Arrays.fill(serials, from, to, tid);
    }
    System.out.printf("server storage filled with %,d objects: %.0f ms%n", entries, ms(t0));
    try (ZeoServer server = ZeoServer.builder().storage("main", mem.newHandle()).listen("inproc:client-cache-bench").start()) {
      String address = server.address();
      // The cache a client would have left behind, written directly (1M loads over the wire would take minutes).
      t0 = System.nanoTime();
      try (FileClientCache c = FileClientCache.open(new ClientCacheConfig("main@" + address, size, Optional.of(p)))) {
        for (int oid = 0; oid < entries; oid++) {
          c.store(oid, serials[oid], 0, data);
        }
        c.setLastTid(mem.lastTransaction());
        System.out.printf("cache of %,d entries written and closed: %.0f ms%n", c.stats().entries(), ms(t0));
      }
      for (int i = 0; i < 10; i++) { // a few objects changed while the client was away
        TransactionMetadata t = TransactionMetadata.of("bench", "change");
        mem.tpcBegin(t);
        mem.store(i * 1000L, serials[i * 1000], new byte[] {1}, t);
        mem.tpcVote(t);
        mem.tpcFinish(t);
      }
      for (int run = 0; run < 2; run++) {
        t0 = System.nanoTime();
        long cpu0 = cpu();
        try (FileClientCache c = FileClientCache.open(new ClientCacheConfig("main@" + address, size, Optional.of(p)))) {
          System.out.printf("FileClientCache.open alone (from its index): %.0f ms wall, %.0f ms cpu, %,d entries%n",
              ms(t0), (cpu() - cpu0) / 1e6, c.stats().entries());
        }
      }
      for (int run = 0; run < 3; run++) {
        t0 = System.nanoTime();
        long cpu0 = cpu();
        try (ClientStorage c = ClientStorage.builder().address(address).storage("main").cache("file").cachePath(p)
            .cacheSize(size).open()) {
          System.out.printf("ClientStorage open (cache reopened from its index, connect, verify): %.0f ms wall, %.0f ms cpu of"
              + " this thread, %,d entries%n", ms(t0), (cpu() - cpu0) / 1e6, c.cacheStats().entries());
          if (run == 2) {
            hits(c, entries);
          } else {
            c.load(1); // the same few hits every run, nothing else changes
          }
        }
      }
    }
  }

  private static void hits(ClientStorage c, int entries) {
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
      long hits0 = c.cacheStats().hits();
      long alloc0 = threads.getThreadAllocatedBytes(tid);
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += c.load(oids[i]).data().length;
      }
      long ns = System.nanoTime() - t0;
      long cpuNs = cpu() - cpu0;
      long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
      System.out.printf("ClientStorage.load hit (random oid of %,d): %.0f ns/op wall, %.0f ns/op cpu, %.0f bytes"
          + " allocated/op, %.4f hit ratio%n", entries, (double) ns / n, (double) cpuNs / n, (double) alloc / n,
          (double) (c.cacheStats().hits() - hits0) / n);
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
