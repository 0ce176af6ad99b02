package io.zeo.cache;

import static io.zeo.cache.CacheTestSupport.OWNER;
import static io.zeo.cache.CacheTestSupport.config;
import static io.zeo.cache.CacheTestSupport.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.CacheStats;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import io.zeo.spi.StorageError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClientCacheTest {
  static final long MB = 1 << 20;

  @TempDir
  Path dir;

  private FileClientCache open(long size) {
    return FileClientCache.open(config(dir.resolve("c.zcache"), size));
  }

  @Test
  void providerIsDiscoveredAsFile() {
    var names = ServiceLoader.load(io.zeo.spi.ClientCacheProvider.class).stream()
        .map(p -> p.get().name()).toList();
    assertThat(names).contains("file");
  }

  @Test
  void invalidationEndsTheCurrentRevisionAndKeepsItForOlderSnapshots() {
    try (FileClientCache c = open(MB)) {
      byte[] v1 = {1, 2, 3};
      c.store(7, 10, 0, v1);
      c.setLastTid(15);
      assertThat(c.load(7)).contains(new LoadResult(v1, 10));
      assertThat(c.loadBefore(7, 16)).contains(new Revision(v1, 10, 0));
      // tid > lastTid + 1: the cache cannot vouch that 7 did not change at 16
      assertThat(c.loadBefore(7, 17)).isEmpty();
      assertThat(c.loadBefore(7, 10)).isEmpty();

      c.invalidate(7, 20);
      c.setLastTid(20);
      assertThat(c.load(7)).isEmpty();
      assertThat(c.loadBefore(7, 20)).contains(new Revision(v1, 10, 20));
      assertThat(c.loadBefore(7, 11)).contains(new Revision(v1, 10, 20));
      assertThat(c.loadBefore(7, 21)).isEmpty();

      byte[] v2 = {4};
      c.store(7, 20, 0, v2);
      assertThat(c.load(7)).contains(new LoadResult(v2, 20));
      assertThat(c.loadBefore(7, 21)).contains(new Revision(v2, 20, 0));
      assertThat(c.loadBefore(7, 15)).contains(new Revision(v1, 10, 20));
    }
  }

  @Test
  void storingANewCurrentRevisionEndsTheOldOneAndAnOlderStoreIsIgnored() {
    try (FileClientCache c = open(MB)) {
      c.store(1, 10, 0, new byte[] {1});
      c.store(1, 30, 0, new byte[] {3});
      c.store(1, 20, 0, new byte[] {2}); // older than the current one: ignored
      c.setLastTid(40);
      assertThat(c.load(1)).contains(new LoadResult(new byte[] {3}, 30));
      assertThat(c.loadBefore(1, 25)).contains(new Revision(new byte[] {1}, 10, 30));
      c.store(1, 30, 50, new byte[] {3}); // the current one learns its end
      assertThat(c.load(1)).isEmpty();
      assertThatThrownBy(() -> c.store(1, 60, 60, new byte[0])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not before its end");
      assertThatThrownBy(() -> c.setLastTid(39)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("older than");
    }
  }

  @Test
  void oidZeroAndEmptyDataAreCached() {
    try (FileClientCache c = open(MB)) {
      c.store(0, 5, 0, new byte[0]);
      assertThat(c.load(0)).contains(new LoadResult(new byte[0], 5));
    }
  }

  @Test
  void statsCountHitsMissesAndSize() {
    try (FileClientCache c = open(MB)) {
      c.store(1, 10, 0, new byte[100]);
      c.load(1);
      c.load(2);
      CacheStats s = c.stats();
      assertThat(s.hits()).isEqualTo(1);
      assertThat(s.misses()).isEqualTo(1);
      assertThat(s.entries()).isEqualTo(1);
      assertThat(s.bytes()).isEqualTo(160); // 48-byte header + 100 bytes, padded to 16
    }
  }

  @Test
  void clearDropsEverythingAndResetsTheLastTid() {
    Path p = dir.resolve("c.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.store(1, 10, 0, new byte[] {1});
      c.setLastTid(10);
      c.clear();
      assertThat(c.load(1)).isEmpty();
      assertThat(c.lastTid()).isZero();
      c.store(2, 11, 0, new byte[] {2});
    }
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      assertThat(c.load(1)).isEmpty();
      assertThat(c.load(2)).contains(new LoadResult(new byte[] {2}, 11));
    }
  }

  @Test
  void reopenWithAWarmCacheServesTheSameData() throws IOException {
    Path p = dir.resolve("c.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, 4 * MB))) {
      for (long oid = 0; oid < 2000; oid++) {
        c.store(oid, 100, 0, data(oid, 100, 600));
      }
      for (long oid = 0; oid < 2000; oid += 3) {
        c.invalidate(oid, 200);
        c.store(oid, 200, 0, data(oid, 200, 600));
      }
      c.setLastTid(200);
    }
    assertThat(Files.exists(p.resolveSibling("c.zcache.index"))).isTrue();
    try (FileClientCache c = FileClientCache.open(config(p, 4 * MB))) {
      assertThat(Files.exists(p.resolveSibling("c.zcache.index"))).as("index consumed on open").isFalse();
      assertWarm(c);
    }
    // Without the saved index, a scan rebuilds the same content.
    Files.delete(p.resolveSibling("c.zcache.index"));
    try (FileClientCache c = FileClientCache.open(config(p, 4 * MB))) {
      assertWarm(c);
    }
  }

  private static void assertWarm(FileClientCache c) {
    assertThat(c.lastTid()).isEqualTo(200);
    for (long oid = 0; oid < 2000; oid++) {
      long serial = oid % 3 == 0 ? 200 : 100;
      assertThat(c.load(oid)).as("oid %d", oid).contains(new LoadResult(data(oid, serial, 600), serial));
      if (serial == 200) {
        assertThat(c.loadBefore(oid, 150)).contains(new Revision(data(oid, 100, 600), 100, 200));
      }
    }
    assertThat(c.stats().entries()).isEqualTo(2000 + 667);
  }

  @Test
  void aStaleIndexIsIgnoredAndTheFileScanned() throws IOException {
    Path p = dir.resolve("c.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.store(1, 10, 0, new byte[] {1});
    }
    Path index = p.resolveSibling("c.zcache.index");
    Path saved = dir.resolve("old.index");
    Files.copy(index, saved);
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.invalidate(1, 20);
      c.store(1, 20, 0, new byte[] {2});
    }
    Files.copy(saved, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // an index of an older close
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.setLastTid(20);
      assertThat(c.load(1)).contains(new LoadResult(new byte[] {2}, 20));
      assertThat(c.loadBefore(1, 20)).contains(new Revision(new byte[] {1}, 10, 20));
    }
  }

  @Test
  void aCacheOfAnotherOwnerIsDropped() {
    Path p = dir.resolve("c.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.store(1, 10, 0, new byte[] {1});
      c.setLastTid(10);
    }
    try (FileClientCache c = FileClientCache.open(new ClientCacheConfig("tcp://other:8100#main", MB, Optional.of(p)))) {
      assertThat(c.load(1)).isEmpty();
      assertThat(c.lastTid()).isZero();
    }
    // and the original owner finds it dropped too: the file now belongs to the other one
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      assertThat(c.load(1)).isEmpty();
    }
  }

  @Test
  void aCacheOfAnUnknownFormatVersionOrDamagedHeaderIsDropped() throws IOException {
    Path p = dir.resolve("c.zcache");
    for (int offset : new int[] {8, 40}) { // version field; a byte of the owner (header crc fails)
      try (FileClientCache c = FileClientCache.open(config(p, MB))) {
        c.store(1, 10, 0, new byte[] {1});
      }
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {9}), offset);
      }
      try (FileClientCache c = FileClientCache.open(config(p, MB))) {
        assertThat(c.load(1)).as("offset %d", offset).isEmpty();
        c.store(1, 10, 0, new byte[] {1});
      }
    }
  }

  @Test
  void aChangedSizeStartsAnEmptyCacheOfTheNewSize() throws IOException {
    Path p = dir.resolve("c.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.store(1, 10, 0, new byte[] {1});
    }
    try (FileClientCache c = FileClientCache.open(config(p, 2 * MB))) {
      assertThat(c.load(1)).isEmpty();
    }
    assertThat(Files.size(p)).isLessThanOrEqualTo(2 * MB);
  }

  @Test
  void damagedRecordsAreNeverServed() throws IOException {
    Path p = dir.resolve("c.zcache");
    byte[] v = new byte[200];
    java.util.Arrays.fill(v, (byte) 7);
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.store(1, 10, 0, v);
      c.store(2, 10, 0, v);
      c.setLastTid(10);
      // corrupt the first record's data while the cache is open: the hit's checksum catches it
      flipDataByte(p, 0);
      assertThat(c.load(1)).isEmpty();
      assertThat(c.load(2)).contains(new LoadResult(v, 10));
    }
    // after a clean close and a corrupted byte, the saved index points at it: still not served
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      c.store(1, 10, 0, v);
    }
    flipDataByte(p, 256); // the record of oid 2, right after the (dropped) first one
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      assertThat(c.load(2)).isEmpty();
      assertThat(c.load(1)).contains(new LoadResult(v, 10));
    }
  }

  private static void flipDataByte(Path p, int record) throws IOException {
    // the first segment starts at 4096, its header is 32 bytes, a record's data 48 bytes in
    long at = 4096 + 32 + record + 48 + 5;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x40));
      ch.write(b.rewind(), at);
    }
  }

  @Test
  void aSecondOpenOfTheSameFileInThisProcessIsRefused() {
    Path p = dir.resolve("c.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, MB))) {
      assertThatThrownBy(() -> FileClientCache.open(config(p, MB))).isInstanceOf(StorageError.class)
          .hasMessageContaining("already open in this process (pid " + ProcessHandle.current().pid());
      assertThat(c.load(1)).isEmpty();
    }
    FileClientCache.open(config(p, MB)).close(); // released on close
  }

  @Test
  void aTemporaryCacheIsRemovedOnClose() throws IOException {
    Path tmp = dir.resolve("tmp");
    FileClientCache c = FileClientCache.builder(new ClientCacheConfig(OWNER, MB, Optional.empty()))
        .tempDirectory(tmp).open();
    Path file = c.path();
    assertThat(file.getParent()).isEqualTo(tmp);
    c.store(1, 10, 0, new byte[] {1});
    assertThat(c.load(1)).isPresent();
    c.close();
    assertThat(file).doesNotExist();
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void tooSmallASizeIsRefusedWithTheMinimum() {
    assertThatThrownBy(() -> open(1000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache size 1000 is below the minimum");
  }

  @Test
  void aRevisionLargerThanASegmentIsIgnored() {
    try (FileClientCache c = open(MB)) {
      c.store(1, 10, 0, new byte[(int) MB]);
      assertThat(c.load(1)).isEmpty();
      assertThat(c.stats().entries()).isZero();
    }
  }

  @Test
  void concurrentReadersAndWritersSeeOnlyRightBytes() throws Exception {
    try (FileClientCache c = open(MB)) {
      c.setLastTid(1);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        var futures = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
        for (int t = 0; t < 4; t++) {
          long seed = t;
          futures.add(pool.submit(() -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            long hits = 0;
            for (int i = 0; i < 20_000; i++) {
              long oid = r.nextInt(5000);
              Optional<LoadResult> hit = c.load(oid);
              if (hit.isPresent()) {
                assertThat(hit.get().data()).isEqualTo(data(oid, 1, 800));
                hits++;
              } else {
                c.store(oid, 1, 0, data(oid, 1, 800));
              }
            }
            return hits;
          }));
        }
        long hits = 0;
        for (var f : futures) {
          hits += f.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(hits).isEqualTo(c.stats().hits()).isPositive();
        assertThat(c.stats().evictions()).as("the 1 MB cache wrapped").isPositive();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void usedAfterCloseIsAnError() {
    FileClientCache c = open(MB);
    c.close();
    c.close();
    assertThatThrownBy(() -> c.load(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aLastTidTornByAKilledWriterIsRepairedFromItsShadowAndBothTornDropTheFile() throws IOException {
    Path p = dir.resolve("torn.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, 1 << 20))) {
      c.store(1, 5, 0, new byte[] {7});
      c.setLastTid(5);
    }
    // as if killed between the value and its crc: the last tid's bytes changed, its crc not
    tear(p, 2056);
    try (FileClientCache c = FileClientCache.open(config(p, 1 << 20))) {
      assertThat(c.lastTid()).isEqualTo(5);
      assertThat(c.load(1).orElseThrow().data()).containsExactly(7);
    }
    tear(p, 2056 + 48);
    tear(p, 2056);
    try (FileClientCache c = FileClientCache.open(config(p, 1 << 20))) {
      assertThat(c.lastTid()).isZero();
      assertThat(c.stats().entries()).isZero();
    }
  }

  private static void tear(Path p, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x5A}), offset + 7);
    }
  }
}
