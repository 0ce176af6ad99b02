package io.zeo.cache;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.TransactionMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
      // one commit through the server first: its invalidation queue starts there, and a cache
      // whose last tid is older than the queue's first entry is dropped, not verified
      long marker;
      try (ClientStorage other = ClientStorage.builder().address(address).storage("main").open()) {
        TransactionMetadata t = TransactionMetadata.of("bench", "marker");
        other.tpcBegin(t);
        other.store(1, serials[1], data, t);
        other.tpcVote(t);
        serials[1] = other.tpcFinish(t);
        marker = serials[1];
      }
      // The cache a client would have left behind, written directly (1M loads over the wire would take minutes).
      t0 = System.nanoTime();
      try (FileClientCache c = FileClientCache.open(new ClientCacheConfig("main@" + address, size, Optional.of(p)))) {
        for (int oid = 0; oid < entries; oid++) {
          c.store(oid, serials[oid], 0, data);
        }
        c.setLastTid(marker);
        System.out.printf("cache of %,d entries written and closed: %.0f ms%n", c.stats().entries(), ms(t0));
      }
      // a few objects changed by another client while this one was away (through the server,
      // whose invalidation queue is what the verification replays)
      try (ClientStorage other = ClientStorage.builder().address(address).storage("main").open()) {
        for (int i = 0; i < 10; i++) {
          TransactionMetadata t = TransactionMetadata.of("bench", "change");
          other.tpcBegin(t);
          other.store(i * 1000L, serials[i * 1000], new byte[] {1}, t);
          other.tpcVote(t);
          other.tpcFinish(t);
        }
      }
      for (int run = 0; run < 2; run++) {
        t0 = System.nanoTime();
        long cpu0 = CacheBench.cpu();
        try (FileClientCache c = FileClientCache.open(new ClientCacheConfig("main@" + address, size, Optional.of(p)))) {
          System.out.printf("FileClientCache.open alone (from its index): %.0f ms wall, %.0f ms cpu, %,d entries%n",
              ms(t0), (CacheBench.cpu() - cpu0) / 1e6, c.stats().entries());
        }
      }
      for (int run = 0; run < 3; run++) {
        t0 = System.nanoTime();
        long cpu0 = CacheBench.cpu();
        try (ClientStorage c = ClientStorage.builder().address(address).storage("main").cache("file").cachePath(p)
            .cacheSize(size).open()) {
          System.out.printf("ClientStorage open (cache reopened from its index, connect, verify): %.0f ms wall, %.0f ms cpu of"
              + " this thread, %,d entries%n", ms(t0), (CacheBench.cpu() - cpu0) / 1e6, c.cacheStats().entries());
          // oid 0 changed while the client was away: a verified cache serves the new 1-byte revision
          System.out.println("oid 0 after the reopen: " + (c.load(0).data().length == 1 ? "current" : "STALE"));
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
    long hits0 = c.cacheStats().hits();
    CacheBench.timeHits("ClientStorage.load hit (random oid of " + String.format("%,d", entries) + ")", entries,
        oid -> c.load(oid).data().length);
    System.out.println("cache hits " + (c.cacheStats().hits() - hits0) + " of " + 5 * 2_000_000 + " loads");
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
