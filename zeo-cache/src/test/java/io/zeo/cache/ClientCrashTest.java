package io.zeo.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.LoadResult;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client process (a child JVM running a {@link io.zeo.core.ClientStorage} with a
 * persistent cache) killed with SIGKILL while it commits and loads; its cache file is then
 * checked entry by entry against the server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientCrashTest {
  private static final long SIZE = 1 << 20; // small: the cache wraps and recycles segments before the kill

  @TempDir
  Path dir;

  @Test
  void aClientKilledMidWriteLeavesOnlyIntactEntries() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    Path p = dir.resolve("client.zcache");
    try (ZeoServer server = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start()) {
      String address = server.address();
      for (int life = 0; life < 2; life++) { // the second life starts from the first one's killed cache
        try (ChildJvm child = new ChildJvm(ClientWriter.class, address, p.toString(), Long.toString(SIZE))) {
          child.await(l -> l.startsWith("open "), 60);
          child.await(l -> l.equals("round 300"), 90);
          child.kill();
        }
        check(mem, new ClientCacheConfig("main@" + address, SIZE, Optional.of(p)));
      }
    }
  }

  /** Every entry the reopened cache serves has the server's bytes for its revision, and is current as of the cache's last tid. */
  private static void check(MemoryStorage server, ClientCacheConfig config) {
    try (FileClientCache cache = FileClientCache.open(config)) {
      long last = cache.lastTid();
      assertThat(cache.stats().entries()).as("entries kept after the kill").isPositive();
      assertThat(last).as("last tid of the killed client's cache").isNotZero();
      int served = 0;
      for (long oid = 0; oid < ClientWriter.OIDS; oid++) {
        Optional<LoadResult> hit = cache.load(oid);
        if (hit.isPresent()) {
          served++;
          long serial = hit.get().serial();
          assertThat(hit.get().data()).as("bytes of oid %d serial %x", oid, serial)
              .isEqualTo(server.loadSerial(oid, serial));
          if (Long.compareUnsigned(serial, last) <= 0) { // else stored by a commit the last tid had not reached yet
            Revision asOfLast = server.loadBefore(oid, last + 1).orElseThrow();
            assertThat(serial).as("oid %d is current as of the cache's last tid", oid).isEqualTo(asOfLast.start());
          }
        }
        for (var h : historyOf(server, oid)) {
          Optional<Revision> old = cache.loadBefore(oid, h.tid() + 1);
          if (old.isPresent() && Long.compareUnsigned(h.tid(), last) < 0) {
            served++;
            Revision truth = server.loadBefore(oid, h.tid() + 1).orElseThrow();
            assertThat(old.get().start()).as("oid %d before %x", oid, h.tid() + 1).isEqualTo(truth.start());
            assertThat(old.get().data()).isEqualTo(truth.data());
          }
        }
      }
      assertThat(served).isPositive();
    }
  }

  private static java.util.List<io.zeo.spi.HistoryEntry> historyOf(MemoryStorage server, long oid) {
    try {
      return server.history(oid, 1000);
    } catch (POSKeyError e) {
      return java.util.List.of();
    }
  }
}
